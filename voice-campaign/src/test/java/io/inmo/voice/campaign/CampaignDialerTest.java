package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.fake.FakeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignDialerTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final String NY_NUMBER = "+12125550100";

    private final MutableClock clock = MutableClock.at("2026-06-10T14:00:00Z"); // 10:00 in New York

    private static RetryPolicy exactRetries(int attempts) {
        return RetryPolicy.builder().maxAttempts(attempts).backoff(Duration.ofMinutes(30), 2.0, Duration.ofHours(6))
                .jitter(0).build();
    }

    private static Campaign.Builder campaign(String id) {
        return Campaign.builder().id(id).brokerId(DialerHarness.BROKER).window(CallingWindow.usTcpa())
                .pacing(Pacing.builder().maxConcurrent(5).callsPerSecond(5).minGapPerNumber(Duration.ZERO).build());
    }

    private static CampaignLead nyLead(int i) {
        return CampaignLead.of("lead-" + i, "+1212555" + String.format("%04d", i));
    }

    @Test
    void should_retry_exactly_as_the_policy_says_then_exhaust() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of(NY_NUMBER, FakeOutcome.NO_ANSWER));
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(campaign("c").lead(CampaignLead.of("lead-1", NY_NUMBER)).retryPolicy(exactRetries(3)).build());
        Instant t0 = clock.instant();

        for (int step = 0; step < 180 * 6; step++) {
            dialer.dispatchDue();
            clock.advance(Duration.ofSeconds(10));
        }

        // The fake's calls end 10 s after they are placed; the backoff runs from the end: 30 min, then 60 min.
        Instant firstEnd = t0.plusSeconds(10);
        Instant second = firstEnd.plus(Duration.ofMinutes(30));
        Instant third = second.plusSeconds(10).plus(Duration.ofMinutes(60));
        assertThat(h.timeline.dialsByLead().get("lead-1")).containsExactly(t0, second, third);
        LeadRecord lead = dialer.lead("c", "lead-1").orElseThrow();
        assertThat(lead.state()).isEqualTo(LeadState.EXHAUSTED);
        assertThat(lead.attempts()).isEqualTo(3);
        assertThat(lead.lastOutcome()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(dialer.progress("c").exhausted()).isEqualTo(1);
    }

    @Test
    void should_never_retry_a_completed_call_nor_an_outcome_the_policy_does_not_list() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(),
                Map.of("+12125550002", FakeOutcome.BUSY));
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(campaign("c").lead(nyLead(1)).lead(nyLead(2))
                .retryPolicy(RetryPolicy.builder().retryOn(CallStatus.NO_ANSWER).jitter(0).build()).build());

        for (int minute = 0; minute < 600; minute++) {
            dialer.dispatchDue();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(h.fake.requests()).hasSize(2);
        assertThat(dialer.lead("c", "lead-1").orElseThrow().lastOutcome()).isEqualTo(CallStatus.COMPLETED);
        assertThat(dialer.lead("c", "lead-2").orElseThrow().state()).isEqualTo(LeadState.DONE);
        assertThat(dialer.progress("c").doneByOutcome())
                .containsExactlyInAnyOrderEntriesOf(Map.of(CallStatus.COMPLETED, 1L, CallStatus.BUSY, 1L));
    }

    @Test
    void should_land_a_retry_inside_the_next_window_when_the_backoff_ends_at_night() {
        clock.set(Instant.parse("2026-06-11T00:30:00Z")); // 20:30 in New York
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of(NY_NUMBER, FakeOutcome.NO_ANSWER));
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(campaign("c").lead(CampaignLead.of("lead-1", NY_NUMBER)).retryPolicy(RetryPolicy.builder()
                .maxAttempts(2).backoff(Duration.ofHours(1), 2, Duration.ofHours(1)).jitter(0.5).build()).build());

        assertThat(dialer.dispatchDue()).isEqualTo(1);

        LeadRecord lead = dialer.lead("c", "lead-1").orElseThrow();
        assertThat(lead.state()).isEqualTo(LeadState.RETRY_SCHEDULED);
        Instant opening = Instant.parse("2026-06-11T12:00:00Z"); // 08:00 next morning
        assertThat(lead.nextAttemptAt()).isBetween(opening, opening.plus(Duration.ofMinutes(30)));
        assertThat(CallingWindow.usTcpa().isOpen(lead.nextAttemptAt(), NEW_YORK)).isTrue();
    }

    @Test
    void should_skip_a_lead_on_a_call_from_elsewhere_and_call_it_later_without_using_an_attempt() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        h.holdWebhooks = true;
        DialerHarness.Node node = h.addNode(DialGuard.allowAll());
        node.service().initiate(CallTarget.of("lead-1", DialerHarness.BROKER, NY_NUMBER)); // an agent's call
        node.dialer().start(campaign("c").lead(CampaignLead.of("lead-1", NY_NUMBER)).build());

        assertThat(node.dialer().dispatchDue()).isZero();

        LeadRecord skipped = node.dialer().lead("c", "lead-1").orElseThrow();
        assertThat(skipped.state()).isEqualTo(LeadState.PENDING);
        assertThat(skipped.attempts()).isZero();
        assertThat(skipped.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(skipped.reason()).contains("on a call from elsewhere");

        h.holdWebhooks = false;
        h.deliverAll(); // the agent's call ends
        clock.advance(Duration.ofMinutes(5));
        assertThat(node.dialer().dispatchDue()).isEqualTo(1);
        assertThat(node.dialer().lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.DONE);
        assertThat(h.fake.requests()).hasSize(2);
    }

    @Test
    void should_never_dial_a_lead_the_guard_refuses_and_keep_its_reason() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        DialGuard robinson = (campaignId, lead) -> lead.leadId().equals("lead-2")
                ? DialGuard.Decision.refuse("listed in Lista Robinson") : DialGuard.Decision.allow();
        CampaignDialer dialer = h.addNode(robinson).dialer();
        dialer.start(campaign("c").lead(nyLead(1)).lead(nyLead(2)).lead(nyLead(3)).build());

        dialer.dispatchDue();

        assertThat(h.fake.requests()).extracting(r -> r.metadata().get("leadId")).containsExactly("lead-1", "lead-3");
        LeadRecord refused = dialer.lead("c", "lead-2").orElseThrow();
        assertThat(refused.state()).isEqualTo(LeadState.REFUSED);
        assertThat(refused.reason()).isEqualTo("listed in Lista Robinson");
        assertThat(refused.attempts()).isZero();
        assertThat(dialer.progress("c").refusedByGuard()).isEqualTo(1);
    }

    @Test
    void should_not_dial_when_the_guard_fails_and_ask_again_later() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        boolean[] down = {true};
        CampaignDialer dialer = h.addNode((id, lead) -> {
            if (down[0]) {
                throw new IllegalStateException("consent service unreachable");
            }
            return DialGuard.Decision.allow();
        }).dialer();
        dialer.start(campaign("c").lead(nyLead(1)).build());

        assertThat(dialer.dispatchDue()).isZero();
        assertThat(dialer.lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.PENDING);

        down[0] = false;
        clock.advance(Duration.ofMinutes(5));
        assertThat(dialer.dispatchDue()).isEqualTo(1);
        assertThat(h.fake.requests()).hasSize(1);
    }

    @Test
    void should_hold_a_lead_whose_zone_cannot_be_told_and_resolve_one_that_can() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        CampaignProgress started = dialer.start(campaign("c").window(CallingWindow.of(
                        java.util.EnumSet.allOf(java.time.DayOfWeek.class), LocalTime.of(0, 0), LocalTime.of(23, 59)))
                .lead(CampaignLead.of("madrid", "+34911234567"))
                .lead(CampaignLead.of("mobile-es", "+34612345678"))          // Madrid or the Canaries
                .lead(CampaignLead.of("mobile-es-known", "+34612345679").withZone(ZoneId.of("Atlantic/Canary")))
                .lead(CampaignLead.of("toll-free", "+18005550123"))
                .build());

        assertThat(started.held()).isEqualTo(2);
        assertThat(dialer.leads("c", LeadState.HELD, 10)).extracting(LeadRecord::leadId)
                .containsExactly("mobile-es", "toll-free");
        assertThat(dialer.lead("c", "mobile-es").orElseThrow().reason()).contains("Atlantic/Canary", "Europe/Madrid");
        assertThat(dialer.lead("c", "madrid").orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Madrid"));

        for (int i = 0; i < 10; i++) {
            dialer.dispatchDue();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(h.fake.requests()).extracting(r -> r.metadata().get("leadId"))
                .containsExactlyInAnyOrder("madrid", "mobile-es-known");
    }

    @Test
    void should_pause_resume_and_cancel() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        h.callLength = Duration.ofSeconds(30);
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        Campaign.Builder c = campaign("c").pacing(Pacing.builder().maxConcurrent(2).callsPerSecond(1)
                .minGapPerNumber(Duration.ZERO).build());
        for (int i = 1; i <= 6; i++) {
            c.lead(nyLead(i));
        }
        dialer.start(c.build());
        assertThat(dialer.dispatchDue()).isEqualTo(1);

        assertThat(dialer.pause("c")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(dialer.dispatchDue()).isZero();
        h.deliverEnded(); // the live call still ends and is recorded
        assertThat(dialer.progress("c").state()).isEqualTo(CampaignState.PAUSED);
        assertThat(dialer.progress("c").done()).isEqualTo(1);

        assertThat(dialer.resume("c")).isTrue();
        assertThat(dialer.dispatchDue()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(dialer.dispatchDue()).isEqualTo(1);

        assertThat(dialer.cancel("c")).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        assertThat(dialer.dispatchDue()).isZero();
        h.deliverEnded();
        CampaignProgress p = dialer.progress("c");
        assertThat(p.canceled()).isEqualTo(3);
        assertThat(p.done()).isEqualTo(3);
        assertThat(p.isFinished()).isTrue();
        assertThat(h.fake.requests()).hasSize(3);
        assertThatThrownBy(() -> dialer.pause("nope")).isInstanceOf(CampaignNotFoundException.class);
    }

    @Test
    void should_refuse_a_second_start_of_the_same_campaign_and_change_nothing() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(campaign("c").lead(nyLead(1)).build());

        assertThatThrownBy(() -> dialer.start(campaign("c").lead(nyLead(2)).build()))
                .isInstanceOf(CampaignExistsException.class)
                .satisfies(e -> assertThat(((CampaignExistsException) e).httpStatus()).isEqualTo(409));
        assertThat(dialer.progress("c").total()).isEqualTo(1);
    }

    @Test
    void should_not_redial_a_call_whose_placement_was_unconfirmed_even_when_it_is_settled_failed() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(),
                Map.of(NY_NUMBER, FakeOutcome.OUTCOME_UNKNOWN));
        h.holdWebhooks = true; // the provider's webhooks never come
        DialerHarness.Node node = h.addNode(DialGuard.allowAll());
        node.dialer().start(campaign("c").lead(CampaignLead.of("lead-1", NY_NUMBER)).retryPolicy(exactRetries(3))
                .build());

        assertThat(node.dialer().dispatchDue()).isEqualTo(1);
        assertThat(node.dialer().lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.DIALING);
        clock.advance(Duration.ofMinutes(20));
        node.service().reconcile(Duration.ofMinutes(15)); // marks the unconfirmed call FAILED
        for (int i = 0; i < 300; i++) {
            node.dialer().dispatchDue();
            clock.advance(Duration.ofMinutes(1));
        }

        LeadRecord lead = node.dialer().lead("c", "lead-1").orElseThrow();
        assertThat(lead.state()).isEqualTo(LeadState.DONE);
        assertThat(lead.lastOutcome()).isEqualTo(CallStatus.FAILED);
        assertThat(lead.reason()).contains("never re-dialed");
        assertThat(h.fake.requests()).hasSize(1);
    }

    @Test
    void should_release_a_lead_claimed_by_a_dialer_that_stopped_before_calling() {
        InMemoryCampaignStore store = new InMemoryCampaignStore();
        DialerHarness h = new DialerHarness(clock, store, Map.of());
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(campaign("c").lead(nyLead(1)).build());
        Pacing p = Pacing.defaults();
        assertThat(store.claim(new CampaignStore.ClaimRequest("c", DialerHarness.BROKER, clock.instant(), 5, 5,
                p.per(), Duration.ZERO, 10))).hasSize(1); // ...and the process stops

        clock.advance(Duration.ofMinutes(2));
        assertThat(dialer.reconcile(Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(dialer.dispatchDue()).isEqualTo(1);

        assertThat(h.fake.requests()).hasSize(1);
        assertThat(dialer.lead("c", "lead-1").orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void should_settle_a_lead_whose_end_the_listener_missed_on_reconcile() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        h.holdWebhooks = true;
        DialerHarness.Node node = h.addNode(DialGuard.allowAll());
        node.dialer().start(campaign("c").lead(nyLead(1)).build());
        node.dialer().dispatchDue();
        // The call ends on a service whose listener is not the dialer's (say, an instance mid-deploy).
        io.inmo.voice.VoiceCallService bare = io.inmo.voice.VoiceCallService.builder().repository(h.repository)
                .providerFactory(h.providers).brokerConfigs(b -> java.util.Optional.empty()).executor(Runnable::run)
                .clock(clock).build();
        h.nodes.set(0, new DialerHarness.Node(bare, node.dialer()));
        h.holdWebhooks = false;
        h.deliverAll();
        assertThat(node.dialer().lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.DIALING);

        clock.advance(Duration.ofMinutes(2));
        assertThat(node.dialer().reconcile(Duration.ofMinutes(1))).isEqualTo(1);

        assertThat(node.dialer().lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.DONE);
        assertThat(h.timeline.dials()).hasSize(1);
    }

    @Test
    void should_estimate_the_remaining_time_from_the_pacing_rate() {
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        Campaign.Builder c = campaign("c").pacing(Pacing.builder().rate(2, Duration.ofSeconds(1)).build());
        for (int i = 1; i <= 10; i++) {
            c.lead(nyLead(i));
        }
        CampaignProgress p = dialer.start(c.build());

        assertThat(p.pending()).isEqualTo(10);
        assertThat(p.eta()).isEqualTo(Duration.ofSeconds(5));
        assertThat(List.of(p.total(), p.finished())).containsExactly(10L, 0L);
    }
}
