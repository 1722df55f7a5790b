package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link VoiceCallService#reconcile} finishing every call whose webhooks were lost: unconfirmed calls are looked up
 * at the provider (adopted when found, FAILED only on the provider's "no such call", left alone when it cannot be
 * reached), and calls that ended by a status update without their report get the report's details and a summary.
 */
class ReconcileTest {

    private static final String BROKER = "broker-7";
    private static final String PHONE = "+34600111222";
    private static final Duration QUIET = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private final InMemoryCallRepository repository = new InMemoryCallRepository();
    private final ManualExecutor summaries = new ManualExecutor();
    private final RecordingSink sink = new RecordingSink();
    private final List<CallActivity> activities = new CopyOnWriteArrayList<>();
    private final List<VoiceCall> summarized = new CopyOnWriteArrayList<>();
    private final List<CallLookup> lookups = new CopyOnWriteArrayList<>();

    /** What the provider answers to a lookup by our call id; default: the fake's own answer. */
    private BiFunction<CallLookup, ProviderConfig, Optional<CallSnapshot>> findCall;
    /** What it answers to a fetch by its id; default: the fake's own answer. */
    private BiFunction<String, ProviderConfig, Optional<CallSnapshot>> fetchCall;

    private FakeVoiceProvider fake;
    private VoiceCallService service;
    /** The broker's settings, which an admin may change (or break) while calls are live. */
    private final AtomicReference<ProviderConfig> brokerConfig =
            new AtomicReference<>(ProviderConfig.builder("fake").build());

    private VoiceCallService service(FakeOutcome outcome) {
        fake = FakeVoiceProvider.builder().defaultOutcome(outcome).signingSecret("s").sink(sink).clock(clock)
                .callLookup(true).build();
        findCall = fake::findCall;
        fetchCall = fake::fetchCall;
        VoiceProvider provider = new VoiceProvider() {
            @Override
            public String id() {
                return fake.id();
            }

            @Override
            public void checkConfig(ProviderConfig config) {
                fake.checkConfig(config);
            }

            @Override
            public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
                return fake.makeCall(request, config);
            }

            @Override
            public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
                return fetchCall.apply(externalCallId, config);
            }

            @Override
            public Optional<CallSnapshot> findCall(CallLookup lookup, ProviderConfig config) {
                lookups.add(lookup);
                return findCall.apply(lookup, config);
            }

            @Override
            public WebhookEvent parseWebhook(WebhookRequest request) {
                return fake.parseWebhook(request);
            }
        };
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(provider).build();
        service = VoiceCallService.builder()
                .repository(repository)
                .providerFactory(providers)
                .brokerConfigs(broker -> BROKER.equals(broker) ? Optional.of(brokerConfig.get()) : Optional.empty())
                .summaryHook(call -> {
                    summarized.add(call);
                    return CallSummary.of("summary of " + call.status());
                })
                .listener(activities::add)
                .executor(summaries)
                .clock(clock)
                .build();
        return service;
    }

    private VoiceCall initiate() {
        return service.initiate(new CallTarget("lead-1", BROKER, PHONE, "Ana Torres", Map.of()));
    }

    /** The provider's status update with the outcome arrives; its end-of-call report is lost. */
    private void endByStatusUpdate(VoiceCall call, CallStatus outcome) {
        service.handle(WebhookEvent.builder().provider("fake").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("status:" + outcome).callId(call.callId()).externalCallId(call.externalCallId())
                .status(outcome).providerStatus("ended").build());
    }

    private VoiceCall stored(VoiceCall call) {
        return service.find(call.callId()).orElseThrow();
    }

    @Test
    void should_adopt_and_settle_an_unconfirmed_call_that_the_provider_placed() {
        // given a call whose creation answer was lost, though the provider placed it; its webhooks are lost too
        service(FakeOutcome.OUTCOME_UNKNOWN);
        VoiceCall call = initiate();
        assertThat(call.unconfirmed()).isTrue();
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then the provider was asked by our call id around the time we created the call, and its answer adopted
        VoiceCall settled = stored(call);
        assertThat(changed).isEqualTo(1);
        assertThat(lookups).singleElement().satisfies(l -> {
            assertThat(l.callId()).isEqualTo(call.callId());
            assertThat(l.covers(call.createdAt())).isTrue();
        });
        assertThat(settled.externalCallId()).isEqualTo("fake-call-1");
        assertThat(settled.unconfirmed()).isFalse();
        assertThat(settled.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(settled.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(fake.requests()).hasSize(1);
        summaries.runAll();
        assertThat(summarized).hasSize(1);
    }

    @Test
    void should_adopt_a_call_the_provider_still_has_live_and_move_it_to_queued() {
        // given a provider that lists the call, still waiting in its queue with a status we cannot map
        service(FakeOutcome.OUTCOME_UNKNOWN);
        VoiceCall call = initiate();
        findCall = (lookup, config) -> Optional.of(new CallSnapshot("ext-9", CallStatus.UNKNOWN, "scheduled", null,
                null, null, null, null, null, null));
        clock.advance(QUIET.plusMinutes(1));

        // when
        service.reconcile(QUIET);

        // then the call is the provider's, confirmed, and the lead stays busy until it ends
        VoiceCall adopted = stored(call);
        assertThat(adopted.externalCallId()).isEqualTo("ext-9");
        assertThat(adopted.unconfirmed()).isFalse();
        assertThat(adopted.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(repository.findActiveByLead("lead-1")).isPresent();
    }

    @Test
    void should_fail_an_unconfirmed_call_only_when_the_provider_lists_no_such_call() {
        // given a provider that answers it has no call carrying our id
        service(FakeOutcome.OUTCOME_UNKNOWN);
        VoiceCall call = initiate();
        findCall = (lookup, config) -> Optional.empty();

        // when reconciled too early, then the provider is not even asked
        clock.advance(QUIET.minusMinutes(1));
        assertThat(service.reconcile(QUIET)).isZero();
        assertThat(lookups).isEmpty();

        // when reconciled after the quiet period
        clock.advance(Duration.ofMinutes(2));
        int changed = service.reconcile(QUIET);

        // then it is FAILED with the reason, and the lead is free again
        VoiceCall failed = stored(call);
        assertThat(changed).isEqualTo(1);
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.providerReason()).contains("no provider call id").contains("lists no call");
        assertThat(failed.externalCallId()).isNull();
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();
    }

    @Test
    void should_leave_an_unconfirmed_call_alone_when_the_provider_cannot_be_reached() {
        // given a provider whose call list cannot be read
        service(FakeOutcome.OUTCOME_UNKNOWN);
        VoiceCall call = initiate();
        findCall = (lookup, config) -> {
            throw new ProviderUnavailableException("fake", "fake is down");
        };
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then nothing changed: still unconfirmed, the lead still busy, asked again on the next run
        VoiceCall left = stored(call);
        assertThat(changed).isZero();
        assertThat(left.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(left.unconfirmed()).isTrue();
        assertThat(left.version()).isEqualTo(call.version());
        assertThat(repository.findActiveByLead("lead-1")).isPresent();
        clock.advance(Duration.ofMinutes(5));
        service.reconcile(QUIET);
        assertThat(lookups).hasSize(2);
    }

    @Test
    void should_still_look_up_a_live_call_after_its_brokers_settings_went_wrong() {
        // given a call ended by a status update, whose report was lost, and then a broken broker setting
        service(FakeOutcome.ANSWERED);
        VoiceCall call = initiate();
        endByStatusUpdate(call, CallStatus.COMPLETED);
        brokerConfig.set(ProviderConfig.builder("fake").setting("outcome", "SINGING").build());
        fetchCall = (id, config) -> Optional.of(new CallSnapshot(id, CallStatus.COMPLETED, "ended", null,
                "Agent: Hola", null, Duration.ofSeconds(30), null, null, null));
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then the lookup needed only the credentials: the call got its report; new calls are refused
        assertThat(changed).isEqualTo(1);
        assertThat(stored(call).transcript()).isEqualTo("Agent: Hola");
        assertThatThrownBy(() -> service.initiate(new CallTarget("lead-2", BROKER, "+34600111223", null, Map.of())))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("SINGING");
    }

    @Test
    void should_store_the_report_a_status_update_ended_call_never_got_and_make_its_summary_due() {
        // given a call that ended by a status update, whose end-of-call report was lost
        service(FakeOutcome.ANSWERED);
        VoiceCall call = initiate();
        endByStatusUpdate(call, CallStatus.COMPLETED);
        assertThat(stored(call).status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(stored(call).summaryState()).isEqualTo(SummaryState.NONE);
        AtomicReference<String> fetched = new AtomicReference<>();
        fetchCall = (id, config) -> {
            fetched.set(id);
            return Optional.of(new CallSnapshot(id, CallStatus.COMPLETED, "ended", "customer-ended-call",
                    "Agent: Hola\nCustomer: Sí, me interesa", "https://rec.example/1.mp3", Duration.ofSeconds(95),
                    new BigDecimal("0.12"), "Interested", Instant.parse("2026-11-27T10:01:40Z")));
        };

        // when reconciled before the grace period, then nothing happens
        clock.advance(QUIET.minusMinutes(1));
        assertThat(service.reconcile(QUIET)).isZero();
        assertThat(fetched.get()).isNull();

        // when reconciled after it
        clock.advance(Duration.ofMinutes(2));
        int changed = service.reconcile(QUIET);

        // then the report's details are stored, the outcome kept, and the summary runs once
        VoiceCall finished = stored(call);
        assertThat(changed).isEqualTo(1);
        assertThat(fetched.get()).isEqualTo(call.externalCallId());
        assertThat(finished.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(finished.transcript()).contains("me interesa");
        assertThat(finished.recordingUrl()).isEqualTo("https://rec.example/1.mp3");
        assertThat(finished.duration()).isEqualTo(Duration.ofSeconds(95));
        assertThat(finished.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(activities).extracting(CallActivity::type).endsWith(CallActivity.Type.CALL_ENDED);
        summaries.runAll();
        assertThat(summarized).singleElement().satisfies(c -> assertThat(c.transcript()).contains("me interesa"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(service.reconcile(QUIET)).isZero();
    }

    @Test
    void should_still_run_the_summary_with_what_is_known_when_the_provider_has_nothing_more() {
        // given a status-ended call whose provider no longer knows it
        service(FakeOutcome.NO_ANSWER);
        VoiceCall call = initiate();
        endByStatusUpdate(call, CallStatus.NO_ANSWER);
        fetchCall = (id, config) -> Optional.empty();
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then the outcome stays, and the summary is due without a transcript
        VoiceCall finished = stored(call);
        assertThat(changed).isEqualTo(1);
        assertThat(finished.status()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(finished.transcript()).isNull();
        assertThat(finished.summaryState()).isEqualTo(SummaryState.PENDING);
        summaries.runAll();
        assertThat(summarized).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(CallStatus.NO_ANSWER));
    }

    @Test
    void should_leave_a_status_ended_call_for_the_next_run_when_the_provider_cannot_be_reached() {
        // given
        service(FakeOutcome.ANSWERED);
        VoiceCall call = initiate();
        endByStatusUpdate(call, CallStatus.COMPLETED);
        fetchCall = (id, config) -> {
            throw new ProviderUnavailableException("fake", "fake is down");
        };
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then
        assertThat(changed).isZero();
        assertThat(stored(call).summaryState()).isEqualTo(SummaryState.NONE);
        assertThat(summaries.pending()).isZero();
    }

    @Test
    void should_not_touch_a_call_that_failed_before_the_provider_took_it() {
        // given a call the provider refused outright: it never had a provider call id, so there is nothing to fetch
        service(FakeOutcome.PROVIDER_DOWN);
        try {
            initiate();
        } catch (ProviderUnavailableException expected) {
            // the call is stored FAILED
        }
        fetchCall = (id, config) -> {
            throw new AssertionError("no call without a provider id may be fetched");
        };
        clock.advance(QUIET.plusMinutes(1));

        // when / then
        assertThat(service.reconcile(QUIET)).isZero();
    }
}
