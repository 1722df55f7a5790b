package io.inmo.voice.campaign;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a lead may be called, in the lead's <em>own</em> local time: the days of the week, a start and end time
 * of day, and dates that are excluded (public holidays). Evaluated with {@code java.time} in the lead's
 * {@link ZoneId}, so daylight-saving changes move the window with the local clock, as the law reads it.
 *
 * <p>The presets are data, not legal advice: they encode one engineering reading of a rule, and the host (with
 * its counsel) decides what applies to its campaigns. Override any part with the {@code with...} methods, or
 * build your own with {@link #of}.
 *
 * <pre>{@code
 * CallingWindow us = CallingWindow.usTcpa();                                  // every day 08:00-21:00 local
 * CallingWindow es = CallingWindow.spainWeekdays(holidays);                   // Mon-Fri 09:00-21:00, not holidays
 * CallingWindow mine = CallingWindow.usTcpa().withHours(LocalTime.of(9, 0), LocalTime.of(20, 0));
 * }</pre>
 *
 * <p>The window is a half-open interval {@code [start, end)} of local time on an allowed day; it does not span
 * midnight. On a spring-forward day a start or end inside the skipped hour moves later by the length of the gap
 * (02:30 becomes 03:30), as {@code java.time} resolves it.
 *
 * @param days the days of the week calls are allowed on; not empty
 * @param start local time of day the window opens (inclusive)
 * @param end local time of day the window closes (exclusive); after {@code start}
 * @param excludedDates local dates with no calls at all (holidays); never {@code null}
 */
public record CallingWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, Set<LocalDate> excludedDates) {

    /** How far ahead {@link #nextOpening} looks before it concludes the window never opens again. */
    private static final int MAX_DAYS_AHEAD = 800;

    /** Validates and copies. */
    public CallingWindow {
        Objects.requireNonNull(days, "days");
        if (days.isEmpty()) {
            throw new InvalidCampaignException("a calling window needs at least one day of the week");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new InvalidCampaignException("a calling window must end after it starts (got " + start + "-" + end
                    + "); windows do not span midnight");
        }
        excludedDates = excludedDates == null ? Set.of() : Set.copyOf(excludedDates);
    }

    /**
     * @param days allowed days of the week
     * @param start opening time (inclusive)
     * @param end closing time (exclusive)
     * @return a window without excluded dates
     */
    public static CallingWindow of(Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        return new CallingWindow(days, start, end, Set.of());
    }

    /**
     * United States, TCPA time-of-day rule (47 CFR 64.1200(c)(1)): every day, 08:00 to 21:00 at the called
     * party's location. Not legal advice: several states are stricter (Florida 08:00-20:00, some no Sundays),
     * and AI voices need prior express written consent for telemarketing. Check with counsel.
     *
     * @return the preset
     */
    public static CallingWindow usTcpa() {
        return of(EnumSet.allOf(DayOfWeek.class), LocalTime.of(8, 0), LocalTime.of(21, 0));
    }

    /**
     * Spain, consumer-protection rule on commercial calls (TRLGDCU art. 96.2): Monday to Friday, 09:00 to
     * 21:00, never on public holidays. Holidays vary by region and year, so the host passes them. Not legal
     * advice: automated calls also need prior consent, and the Robinson list must be checked (a
     * {@link DialGuard} does that). Check with counsel.
     *
     * @param holidays the public holidays that apply to the campaign's leads
     * @return the preset
     */
    public static CallingWindow spainWeekdays(Collection<LocalDate> holidays) {
        return new CallingWindow(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0),
                LocalTime.of(21, 0), Set.copyOf(Objects.requireNonNull(holidays, "holidays")));
    }

    /**
     * @param start new opening time
     * @param end new closing time
     * @return this window with other hours
     */
    public CallingWindow withHours(LocalTime start, LocalTime end) {
        return new CallingWindow(days, start, end, excludedDates);
    }

    /** @param days new days of the week @return this window on other days */
    public CallingWindow withDays(Set<DayOfWeek> days) {
        return new CallingWindow(days, start, end, excludedDates);
    }

    /** @param dates more dates without calls @return this window excluding them too */
    public CallingWindow excluding(Collection<LocalDate> dates) {
        Set<LocalDate> all = new TreeSet<>(excludedDates);
        all.addAll(Objects.requireNonNull(dates, "dates"));
        return new CallingWindow(days, start, end, all);
    }

    /**
     * @param at an instant
     * @param zone the lead's time zone
     * @return {@code true} if a call may start at {@code at}
     */
    public boolean isOpen(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return allowedOn(local.toLocalDate()) && !at.isBefore(opening(local.toLocalDate(), zone))
                && at.isBefore(closing(local.toLocalDate(), zone));
    }

    /**
     * @param from an instant
     * @param zone the lead's time zone
     * @return {@code from} itself if the window is open then, else the next instant it opens; empty only when
     *         it never opens again within two years (every remaining day excluded)
     */
    public Optional<Instant> nextOpening(Instant from, ZoneId zone) {
        LocalDate date = from.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS_AHEAD; i++, date = date.plusDays(1)) {
            if (!allowedOn(date)) {
                continue;
            }
            Instant opens = opening(date, zone);
            if (from.isBefore(closing(date, zone))) {
                return Optional.of(from.isAfter(opens) ? from : opens);
            }
        }
        return Optional.empty();
    }

    /**
     * @param at an instant when the window is open
     * @param zone the lead's time zone
     * @return when this opening closes (exclusive); {@code at} itself if the window is closed at {@code at}
     */
    public Instant closesAfter(Instant at, ZoneId zone) {
        if (!isOpen(at, zone)) {
            return at;
        }
        return closing(at.atZone(zone).toLocalDate(), zone);
    }

    private boolean allowedOn(LocalDate date) {
        return days.contains(date.getDayOfWeek()) && !excludedDates.contains(date);
    }

    // ZonedDateTime.of moves a local time inside a spring-forward gap later by the gap's length, and picks the
    // earlier offset in a fall-back overlap: the window opens the first time the local clock shows its start.
    private Instant opening(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, start, zone).toInstant();
    }

    private Instant closing(LocalDate date, ZoneId zone) {
        return ZonedDateTime.of(date, end, zone).toInstant();
    }
}
