package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallingWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

    @Test
    void should_allow_a_us_lead_until_just_before_nine_pm_local_and_defer_to_eight_am() {
        CallingWindow tcpa = CallingWindow.usTcpa();
        Instant lastSecond = Instant.parse("2026-06-11T00:59:59Z"); // 20:59:59 EDT

        assertThat(tcpa.isOpen(lastSecond, NEW_YORK)).isTrue();
        assertThat(tcpa.isOpen(lastSecond.plusSeconds(1), NEW_YORK)).isFalse();
        assertThat(tcpa.nextOpening(lastSecond.plusSeconds(1), NEW_YORK))
                .contains(Instant.parse("2026-06-11T12:00:00Z")); // 08:00 EDT
    }

    @Test
    void should_move_a_spanish_saturday_or_holiday_to_the_next_working_day_at_nine() {
        CallingWindow spain = CallingWindow.spainWeekdays(List.of(LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 8)));
        Instant saturday = Instant.parse("2026-12-05T10:00:00Z");

        assertThat(spain.isOpen(saturday, MADRID)).isFalse();
        // Monday the 7th and Tuesday the 8th are holidays: Wednesday 09:00 CET.
        assertThat(spain.nextOpening(saturday, MADRID)).contains(Instant.parse("2026-12-09T08:00:00Z"));
    }

    @Test
    void should_follow_the_local_clock_across_both_daylight_saving_changes() {
        CallingWindow tcpa = CallingWindow.usTcpa();
        // 2026-03-08 clocks spring forward in New York: 08:00 is 12:00Z that day, 13:00Z the day before.
        assertThat(tcpa.nextOpening(Instant.parse("2026-03-07T02:00:00Z"), NEW_YORK))
                .contains(Instant.parse("2026-03-07T13:00:00Z"));
        assertThat(tcpa.nextOpening(Instant.parse("2026-03-08T02:00:00Z"), NEW_YORK))
                .contains(Instant.parse("2026-03-08T12:00:00Z"));
        assertThat(tcpa.isOpen(Instant.parse("2026-03-08T12:30:00Z"), NEW_YORK)).isTrue();
        assertThat(tcpa.isOpen(Instant.parse("2026-03-07T12:30:00Z"), NEW_YORK)).isFalse();
        // 2026-11-01 clocks fall back: 21:00 local is 02:00Z the next day instead of 01:00Z.
        assertThat(tcpa.isOpen(Instant.parse("2026-11-01T00:30:00Z"), NEW_YORK)).isTrue();  // 20:30 EDT on Oct 31
        assertThat(tcpa.isOpen(Instant.parse("2026-11-01T01:00:00Z"), NEW_YORK)).isFalse(); // 21:00 EDT on Oct 31
        assertThat(tcpa.isOpen(Instant.parse("2026-11-02T01:30:00Z"), NEW_YORK)).isTrue();  // 20:30 EST on Nov 1
        assertThat(tcpa.isOpen(Instant.parse("2026-11-02T02:00:00Z"), NEW_YORK)).isFalse(); // 21:00 EST
    }

    @Test
    void should_open_after_the_gap_when_the_start_falls_in_the_skipped_hour() {
        CallingWindow early = CallingWindow.of(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 30), LocalTime.of(9, 0));

        // 02:30 does not exist on 2026-03-08 in New York; java.time moves it by the gap: 03:30 EDT = 07:30Z.
        assertThat(early.nextOpening(Instant.parse("2026-03-08T05:00:00Z"), NEW_YORK))
                .contains(Instant.parse("2026-03-08T07:30:00Z"));
    }

    @Test
    void should_let_a_campaign_override_a_preset() {
        CallingWindow stricter = CallingWindow.usTcpa().withHours(LocalTime.of(9, 0), LocalTime.of(20, 0))
                .withDays(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));

        assertThat(stricter.isOpen(Instant.parse("2026-06-10T12:30:00Z"), NEW_YORK)).isFalse(); // 08:30
        assertThat(stricter.isOpen(Instant.parse("2026-06-14T15:00:00Z"), NEW_YORK)).isFalse(); // Sunday
        assertThat(stricter.isOpen(Instant.parse("2026-06-13T15:00:00Z"), NEW_YORK)).isTrue();  // Saturday 11:00
    }

    @Test
    void should_refuse_a_window_that_ends_before_it_starts_or_has_no_day() {
        assertThatThrownBy(() -> CallingWindow.of(Set.of(DayOfWeek.MONDAY), LocalTime.of(21, 0), LocalTime.of(9, 0)))
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("must end after it starts");
        assertThatThrownBy(() -> CallingWindow.of(Set.of(), LocalTime.of(9, 0), LocalTime.of(21, 0)))
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("at least one day");
    }
}
