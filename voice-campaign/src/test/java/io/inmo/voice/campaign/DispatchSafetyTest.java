package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallListener;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What happens between a claim and a dial: time passing, cancels, refusals, store failures, other instances. */
class DispatchSafetyTest {

    private final MutableClock clock = MutableClock.at("2026-06-10T14:00:00Z"); // 10:00 in New York

    private static Campaign.Builder campaign(int leads) {
        Campaign.Builder c = Campaign.builder().id("c").brokerId(DialerHarness.BROKER).window(CallingWindow.usTcpa())
                .pacing(Pacing.builder().maxConcurrent(5).callsPerSecond(5).minGapPerNumber(Duration.ZERO).build());
        for (int i = 1; i <= leads; i++) {
            c.lead(CampaignLead.of("lead-" + i, "+1212555" + String.format("%04d", i)));
        }
        return c;
    }

    @Test
    void should_check_the_window_at_each_dial_not_at_the_claim() {
        // given three leads claimed at 20:57 in New York (window closes 21:00), and a guard that takes 2 minutes
        clock.set(Instant.parse("2026-06-11T00:57:00Z"));
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        CampaignDialer dialer = h.addNode((id, lead) -> {
            clock.advance(Duration.ofMinutes(2));
            return DialGuard.Decision.allow();
        }).dialer();
        dialer.start(campaign(3).pacing(Pacing.builder().maxConcurrent(5).rate(10, Duration.ofMinutes(10))
                .minGapPerNumber(Duration.ZERO).build()).build());

        // when
        int placed = dialer.dispatchDue();

        // then only the first is dialed (at 20:59); the others wait for the morning
        assertThat(placed).isEqualTo(1);
        assertThat(h.timeline.dials()).extracting(Timeline.Dial::at)
                .containsExactly(Instant.parse("2026-06-11T00:59:00Z"));
        LeadRecord third = dialer.lead("c", "lead-3").orElseThrow();
        assertThat(third.state()).isEqualTo(LeadState.WAITING_FOR_WINDOW);
        assertThat(third.nextAttemptAt()).isEqualTo(Instant.parse("2026-06-11T12:00:00Z"));
        assertThat(third.attempts()).isZero();
    }

    @Test
    void should_not_dial_claimed_leads_of_a_campaign_canceled_meanwhile_and_finish_it() {
        // given a guard that cancels the campaign on its first call
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        AtomicReference<CampaignDialer> ref = new AtomicReference<>();
        CampaignDialer dialer = h.addNode((id, lead) -> {
            ref.get().cancel(id);
            return DialGuard.Decision.allow();
        }).dialer();
        ref.set(dialer);
        dialer.start(campaign(3).build());

        // when
        int placed = dialer.dispatchDue();

        // then
        assertThat(placed).isZero();
        assertThat(h.fake.requests()).isEmpty();
        assertThat(dialer.leads("c", LeadState.CANCELED, 10)).hasSize(3);
        assertThat(dialer.progress("c").isFinished()).isTrue();
    }

    @Test
    void should_put_back_claimed_leads_of_a_campaign_paused_meanwhile() {
        // given a guard that pauses the campaign on its first call
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        AtomicReference<CampaignDialer> ref = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        CampaignDialer dialer = h.addNode((id, lead) -> {
            if (once.compareAndSet(false, true)) {
                ref.get().pause(id);
            }
            return DialGuard.Decision.allow();
        }).dialer();
        ref.set(dialer);
        dialer.start(campaign(2).build());

        // when
        dialer.dispatchDue();

        // then nothing is dialed while paused, and everything is after the resume
        assertThat(h.fake.requests()).isEmpty();
        assertThat(dialer.leads("c", LeadState.PENDING, 10)).hasSize(2);
        dialer.resume("c");
        clock.advance(Duration.ofSeconds(1));
        assertThat(dialer.dispatchDue()).isEqualTo(2);
    }

    @Test
    void should_end_a_lead_the_provider_refuses_for_good_after_one_dial() {
        // given a provider answering 400 (do-not-call) and the default retry policy
        Rejecting provider = new Rejecting(400);
        InMemoryCampaignStore store = new InMemoryCampaignStore();
        CampaignDialer.Builder b = CampaignDialer.builder().store(store).clock(clock).random(new Random(1));
        CampaignDialer dialer = b.calls(service(provider, b.callListener())).build();
        dialer.start(campaign(1).build());

        // when the dialer runs for a day
        runFor(dialer, Duration.ofDays(1));

        // then
        assertThat(provider.calls).hasValue(1);
        LeadRecord lead = dialer.lead("c", "lead-1").orElseThrow();
        assertThat(lead.state()).isEqualTo(LeadState.DONE);
        assertThat(lead.lastOutcome()).isEqualTo(CallStatus.FAILED);
        assertThat(lead.reason()).contains("do-not-call");
        assertThat(lead.attempts()).isEqualTo(1);
    }

    @Test
    void should_retry_a_provider_that_is_down_by_the_policy() {
        // given a provider answering 503, with the dialer's listener wired
        Rejecting provider = new Rejecting(503);
        InMemoryCampaignStore store = new InMemoryCampaignStore();
        CampaignDialer.Builder b = CampaignDialer.builder().store(store).clock(clock).random(new Random(1));
        CampaignDialer dialer = b.calls(service(provider, b.callListener())).build();
        dialer.start(campaign(1).build());

        // when
        runFor(dialer, Duration.ofDays(3));

        // then the default policy's three attempts are made, no more
        assertThat(provider.calls).hasValue(3);
        assertThat(dialer.lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.EXHAUSTED);
    }

    @Test
    void should_use_attempts_for_failed_initiations_even_without_the_dialers_listener() {
        // given services that do not report to the dialer
        Rejecting refusing = new Rejecting(400);
        Rejecting down = new Rejecting(503);
        CampaignDialer refused = CampaignDialer.builder().store(new InMemoryCampaignStore()).clock(clock)
                .random(new Random(1)).calls(service(refusing, a -> { })).build();
        CampaignDialer retried = CampaignDialer.builder().store(new InMemoryCampaignStore()).clock(clock)
                .random(new Random(1)).calls(service(down, a -> { })).build();
        refused.start(campaign(1).build());
        retried.start(campaign(1).build());

        // when
        for (int i = 0; i < 3 * 24 * 60; i++) {
            refused.dispatchDue();
            retried.dispatchDue();
            clock.advance(Duration.ofMinutes(1));
        }

        // then
        assertThat(refusing.calls).hasValue(1);
        assertThat(refused.lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.DONE);
        assertThat(down.calls).hasValue(3);
        LeadRecord exhausted = retried.lead("c", "lead-1").orElseThrow();
        assertThat(exhausted.state()).isEqualTo(LeadState.EXHAUSTED);
        assertThat(exhausted.attempts()).isEqualTo(3);
    }

    @Test
    void should_not_leave_the_rest_of_a_batch_dialing_when_the_store_fails_on_one_lead() {
        // given a store whose next compare-and-set fails, and a guard refusing the first lead (a store write)
        FlakyStore store = new FlakyStore(new InMemoryCampaignStore());
        DialerHarness h = new DialerHarness(clock, store, Map.of());
        CampaignDialer dialer = h.addNode((id, lead) -> lead.leadId().equals("lead-1")
                ? DialGuard.Decision.refuse("opted out") : DialGuard.Decision.allow()).dialer();
        dialer.start(campaign(3).build());
        store.failNextCompareAndSet.set(true);

        // when
        Throwable thrown = catchThrowable(dialer::dispatchDue);

        // then
        assertThat(thrown).isNull();
        assertThat(store.counts("c").of(LeadState.DIALING)).isZero();
        assertThat(h.fake.requests()).hasSize(2);
        assertThat(dialer.lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.PENDING);
    }

    @Test
    void should_not_dial_a_claim_that_another_instance_released_and_redialed() {
        // given instance A whose guard lets instance B reconcile and dispatch before A dials
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        AtomicReference<DialerHarness.Node> b = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        DialerHarness.Node a = h.addNode((id, lead) -> {
            if (once.compareAndSet(false, true)) {
                clock.advance(Duration.ofSeconds(1));
                b.get().dialer().reconcile(Duration.ZERO);
                b.get().dialer().dispatchDue();
            }
            return DialGuard.Decision.allow();
        });
        b.set(h.addNode(DialGuard.allowAll()));
        a.dialer().start(campaign(1).build());

        // when
        a.dialer().dispatchDue();

        // then the lead was called once, by B
        assertThat(h.fake.requests()).hasSize(1);
        LeadRecord lead = a.dialer().lead("c", "lead-1").orElseThrow();
        assertThat(lead.attempts()).isEqualTo(1);
        assertThat(lead.state()).isEqualTo(LeadState.DONE);
    }

    @Test
    void should_reconcile_past_leads_on_long_live_calls() {
        // given two old leads on live calls and a newer one whose end the dialer's listener missed
        DialerHarness h = new DialerHarness(clock, new InMemoryCampaignStore(), Map.of());
        h.holdWebhooks = true;
        DialerHarness.Node node = h.addNode(DialGuard.allowAll());
        node.dialer().start(campaign(3).pacing(Pacing.builder().maxConcurrent(5).callsPerSecond(2)
                .minGapPerNumber(Duration.ZERO).build()).build());
        assertThat(node.dialer().dispatchDue()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(node.dialer().dispatchDue()).isEqualTo(1);
        VoiceCallService bare = VoiceCallService.builder().repository(h.repository).providerFactory(h.providers)
                .brokerConfigs(id -> Optional.empty()).executor(Runnable::run).clock(clock).build();
        h.nodes.set(0, new DialerHarness.Node(bare, node.dialer()));
        List<DialerHarness.Pending> pending = List.copyOf(h.pending);
        pending.get(2).deliver().run(); // lead-3's call ends, unseen by the dialer
        CampaignDialer paged = CampaignDialer.builder().store(h.store).clock(clock).calls(node.service())
                .reconcileBatch(2).build();
        clock.advance(Duration.ofMinutes(2));

        // when
        int moved = paged.reconcile(Duration.ofMinutes(1));

        // then
        assertThat(moved).isEqualTo(1);
        assertThat(paged.lead("c", "lead-3").orElseThrow().state()).isEqualTo(LeadState.DONE);
        assertThat(paged.lead("c", "lead-1").orElseThrow().state()).isEqualTo(LeadState.DIALING);
    }

    @Test
    void should_mask_phone_numbers_in_leads_and_lead_records() {
        // given
        CampaignLead lead = new CampaignLead("lead-1", "+12125550123", "Ana", Map.of(), null);
        LeadRecord record = Enrollment.records(Campaign.builder().id("c").brokerId("b").window(CallingWindow.usTcpa())
                .lead(lead).build(), clock.instant()).get(0);

        // when
        String leadText = lead.toString();
        String recordText = record.toString();

        // then
        assertThat(leadText).doesNotContain("+12125550123", "2125550").contains("********0123", "lead-1");
        assertThat(recordText).doesNotContain("+12125550123", "2125550").contains("********0123");
    }

    private void runFor(CampaignDialer dialer, Duration d) {
        for (Instant end = clock.instant().plus(d); clock.instant().isBefore(end); ) {
            dialer.dispatchDue();
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private VoiceCallService service(VoiceProvider provider, CallListener listener) {
        return VoiceCallService.builder()
                .repository(new InMemoryCallRepository())
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(provider).build())
                .brokerConfigs(BrokerConfigSource.of(Map.of(DialerHarness.BROKER,
                        ProviderConfig.builder(provider.id()).build())))
                .listener(listener)
                .executor(Runnable::run)
                .clock(clock)
                .build();
    }

    /** A provider that refuses every call with one HTTP status. */
    private static final class Rejecting implements VoiceProvider {
        final AtomicInteger calls = new AtomicInteger();
        private final int status;

        Rejecting(int status) {
            this.status = status;
        }

        @Override
        public String id() {
            return "rejecting";
        }

        @Override
        public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
            calls.incrementAndGet();
            if (status >= 500) {
                throw new ProviderUnavailableException(id(), "HTTP " + status + " service unavailable");
            }
            throw new ProviderRejectedException(id(), status, "number is on the do-not-call list");
        }

        @Override
        public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
            return Optional.empty();
        }

        @Override
        public WebhookEvent parseWebhook(WebhookRequest request) {
            throw new UnsupportedOperationException("no webhooks");
        }
    }

    /** A store whose compare-and-set fails once when armed, as a database hiccup would. */
    private static final class FlakyStore implements CampaignStore {
        final AtomicBoolean failNextCompareAndSet = new AtomicBoolean();
        private final CampaignStore d;

        FlakyStore(CampaignStore delegate) {
            this.d = delegate;
        }

        @Override
        public boolean compareAndSet(LeadRecord expected, LeadRecord next) {
            if (failNextCompareAndSet.compareAndSet(true, false)) {
                throw new StoreUnavailableException("campaign store: connection reset", null);
            }
            return d.compareAndSet(expected, next);
        }

        @Override
        public void create(CampaignRecord campaign, List<LeadRecord> leads) {
            d.create(campaign, leads);
        }

        @Override
        public Optional<CampaignRecord> campaign(String campaignId) {
            return d.campaign(campaignId);
        }

        @Override
        public List<CampaignRecord> runningCampaigns() {
            return d.runningCampaigns();
        }

        @Override
        public boolean setState(String campaignId, CampaignState expected, CampaignState next) {
            return d.setState(campaignId, expected, next);
        }

        @Override
        public List<LeadRecord> claim(ClaimRequest request) {
            return d.claim(request);
        }

        @Override
        public Optional<LeadRecord> lead(String campaignId, String leadId) {
            return d.lead(campaignId, leadId);
        }

        @Override
        public Optional<LeadRecord> leadByCallId(String callId) {
            return d.leadByCallId(callId);
        }

        @Override
        public List<LeadRecord> leads(String campaignId, LeadState state, int limit) {
            return d.leads(campaignId, state, limit);
        }

        @Override
        public List<LeadRecord> dialingUpdatedBefore(Instant updatedBefore, LeadRecord after, int limit) {
            return d.dialingUpdatedBefore(updatedBefore, after, limit);
        }

        @Override
        public int cancelDueLeads(String campaignId, Instant at) {
            return d.cancelDueLeads(campaignId, at);
        }

        @Override
        public Counts counts(String campaignId) {
            return d.counts(campaignId);
        }
    }
}
