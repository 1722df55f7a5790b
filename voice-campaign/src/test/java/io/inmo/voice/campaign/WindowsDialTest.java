package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.fake.FakeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WindowsDialTest {

    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {"2026-03-06T20:00:00Z", "2026-10-30T20:00:00Z"})
    void should_never_dial_outside_a_leads_window_across_a_daylight_saving_change(String start) {
        MutableClock clock = MutableClock.at(start);
        Map<String, FakeOutcome> outcomes = new HashMap<>();
        Campaign.Builder campaign = Campaign.builder().id("c").brokerId(DialerHarness.BROKER)
                .window(CallingWindow.usTcpa())
                .retryPolicy(RetryPolicy.builder().maxAttempts(8).backoff(Duration.ofHours(3), 1.5, Duration.ofHours(9))
                        .jitter(0.3).build())
                .pacing(Pacing.builder().maxConcurrent(3).callsPerSecond(1).build());
        String[][] leads = {{"ny", "+12125550101"}, {"la", "+14155550101"}, {"madrid", "+34911234567"},
                {"honolulu", "+18085550101"}};
        for (String[] l : leads) {
            campaign.lead(CampaignLead.of(l[0], l[1]));
            outcomes.put(l[1], FakeOutcome.NO_ANSWER);
        }
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), outcomes);
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(campaign.build());

        for (int step = 0; step < 6 * 24 * 5; step++) { // five days in 10-minute steps
            dialer.dispatchDue();
            clock.advance(Duration.ofMinutes(10));
        }

        Map<String, ZoneId> zones = Map.of("ny", ZoneId.of("America/New_York"), "la", ZoneId.of("America/Los_Angeles"),
                "madrid", ZoneId.of("Europe/Madrid"), "honolulu", ZoneId.of("Pacific/Honolulu"));
        Map<String, List<Instant>> dials = h.timeline.dialsByLead();
        assertThat(dials).containsOnlyKeys(zones.keySet());
        dials.forEach((lead, at) -> {
            assertThat(at).as(lead).hasSize(8);
            for (Instant i : at) {
                LocalTime local = ZonedDateTime.ofInstant(i, zones.get(lead)).toLocalTime();
                assertThat(local).as(lead + " at " + i).isBetween(LocalTime.of(8, 0), LocalTime.of(20, 59, 59));
            }
        });
        assertThat(dialer.progress("c").exhausted()).isEqualTo(4);
    }
}
