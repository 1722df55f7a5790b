package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.fake.FakeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several dialers over one store, run in parallel threads on a simulated clock: the limits are never exceeded;
 * and an instance that stops mid-campaign loses and duplicates nothing. In memory here; over PostgreSQL in
 * {@code JdbcMultiDialerTest}.
 */
class MultiDialerTest {

    /** @return a new, empty store shared by the test's dialers */
    protected CampaignStore newStore() {
        return new InMemoryCampaignStore();
    }

    /** @return leads in the multi-dialer campaign (a multiple of 5) */
    protected int leadCount() {
        return 60;
    }

    static final int MAX_CONCURRENT = 4;
    static final int CALLS_PER_SECOND = 2;

    @ParameterizedTest(name = "{0} dialer(s)")
    @ValueSource(ints = {1, 2, 4})
    void should_never_exceed_concurrency_rate_or_number_gap_and_dial_each_lead_as_the_policy_says(int dialers)
            throws Exception {
        int leads = leadCount();
        MutableClock clock = MutableClock.at("2026-06-10T14:00:00Z");
        Map<String, FakeOutcome> outcomes = new HashMap<>();
        Campaign.Builder campaign = Campaign.builder().id("c").brokerId(DialerHarness.BROKER)
                .window(CallingWindow.usTcpa())
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofSeconds(20), 1, Duration.ofSeconds(20))
                        .jitter(0.5).build())
                .pacing(Pacing.builder().maxConcurrent(MAX_CONCURRENT).callsPerSecond(CALLS_PER_SECOND)
                        .minGapPerNumber(Duration.ofSeconds(10)).build());
        for (int i = 0; i < leads; i++) {
            String number = "+1212555" + String.format("%04d", i);
            campaign.lead(CampaignLead.of("lead-" + i, number));
            if (i % 5 == 0) {
                outcomes.put(number, FakeOutcome.NO_ANSWER); // retried once
            }
        }
        // Two leads share lead-0's number (so its NO_ANSWER too): the per-number gap applies across leads.
        campaign.lead(CampaignLead.of("lead-dup", "+12125550000"));
        DialerHarness h = new DialerHarness(clock, newStore(), outcomes);
        h.callLength = Duration.ofSeconds(3);
        for (int i = 0; i < dialers; i++) {
            h.addNode(DialGuard.allowAll());
        }
        h.node().dialer().start(campaign.build());

        ExecutorService threads = Executors.newFixedThreadPool(dialers + 1);
        try {
            for (int step = 0; step < 1_000 && (step % 8 != 0 || !h.node().dialer().progress("c").isFinished()); step++) {
                List<Callable<Integer>> round = new ArrayList<>();
                h.nodes.forEach(n -> round.add(() -> n.dialer().dispatchDue()));
                round.add(h::deliverEnded); // calls end while the dialers claim
                for (Future<Integer> f : threads.invokeAll(round)) {
                    f.get();
                }
                clock.advance(Duration.ofMillis(200));
            }
        } finally {
            threads.shutdownNow();
        }

        CampaignProgress p = h.node().dialer().progress("c");
        assertThat(p.isFinished()).isTrue();
        assertThat(h.timeline.maxLive()).isEqualTo(MAX_CONCURRENT); // reached, never passed
        assertThat(h.timeline.maxDialsIn(Duration.ofSeconds(1))).isLessThanOrEqualTo(CALLS_PER_SECOND);
        Map<String, List<Instant>> byLead = h.timeline.dialsByLead();
        assertThat(byLead).hasSize(leads + 1);
        byLead.forEach((lead, dials) -> {
            int expected = lead.equals("lead-dup") ? 2 : Integer.parseInt(lead.substring(5)) % 5 == 0 ? 2 : 1;
            assertThat(dials).as(lead).hasSize(expected);
        });
        List<Instant> sameNumber = new ArrayList<>(byLead.get("lead-0"));
        sameNumber.addAll(byLead.get("lead-dup"));
        sameNumber.sort(null);
        for (int i = 1; i < sameNumber.size(); i++) {
            assertThat(Duration.between(sameNumber.get(i - 1), sameNumber.get(i))).isGreaterThanOrEqualTo(
                    Duration.ofSeconds(10));
        }
        assertThat(p.exhausted()).isEqualTo(leads / 5 + 1);
        assertThat(p.done()).isEqualTo(leads - leads / 5);
    }

    @Test
    void should_lose_and_duplicate_nothing_when_an_instance_restarts_mid_campaign() {
        MutableClock clock = MutableClock.at("2026-06-10T14:00:00Z");
        Map<String, FakeOutcome> outcomes = new HashMap<>();
        Campaign.Builder campaign = Campaign.builder().id("c").brokerId(DialerHarness.BROKER)
                .window(CallingWindow.usTcpa())
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofMinutes(1), 1, Duration.ofMinutes(1))
                        .jitter(0).build())
                .pacing(Pacing.builder().maxConcurrent(3).callsPerSecond(1).build());
        for (int i = 0; i < 20; i++) {
            String number = "+1212555" + String.format("%04d", i);
            campaign.lead(CampaignLead.of("lead-" + i, number));
            if (i % 4 == 0) {
                outcomes.put(number, FakeOutcome.BUSY);
            }
        }
        CampaignStore store = newStore();
        DialerHarness h = new DialerHarness(clock, store, outcomes);
        h.callLength = Duration.ofSeconds(5);
        DialerHarness.Node first = h.addNode(DialGuard.allowAll());
        first.dialer().start(campaign.build());
        for (int step = 0; step < 40; step++) {
            first.dialer().dispatchDue();
            h.deliverEnded();
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(h.timeline.live()).isPositive(); // it stops with calls live

        h.nodes.clear(); // the process stops; a new one starts over the same store and call repository
        DialerHarness.Node second = h.addNode(DialGuard.allowAll());
        for (int step = 0; step < 1_000 && (step % 8 != 0 || !second.dialer().progress("c").isFinished()); step++) {
            second.dialer().dispatchDue();
            h.deliverEnded();
            clock.advance(Duration.ofMillis(500));
        }

        CampaignProgress p = second.dialer().progress("c");
        assertThat(p.isFinished()).isTrue();
        assertThat(p.exhausted()).isEqualTo(5);
        assertThat(p.done()).isEqualTo(15);
        h.timeline.dialsByLead().forEach((lead, at) ->
                assertThat(at).as(lead).hasSize(Integer.parseInt(lead.substring(5)) % 4 == 0 ? 2 : 1));
        assertThat(h.timeline.dialsByLead()).hasSize(20);
    }
}
