package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VoiceCallServiceTest {

    private static final String SECRET = "whsec-test";
    private static final String BROKER = "broker-7";
    private static final String PHONE = "+34600111222";

    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private final InMemoryCallRepository repository = new InMemoryCallRepository();
    private final List<CallActivity> activities = new CopyOnWriteArrayList<>();
    private final ManualExecutor summaries = new ManualExecutor();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final RecordingSink sink = new RecordingSink();
    private final Map<String, Integer> leadScores = new ConcurrentHashMap<>();
    private final AtomicInteger hookRuns = new AtomicInteger();

    /** The host's hook: writes a summary and moves the lead's score, as the seed's CRM does. */
    private final SummaryHook scoringHook = call -> {
        hookRuns.incrementAndGet();
        int delta = call.status() == CallStatus.COMPLETED ? 20 : -5;
        leadScores.merge(call.leadId(), delta, Integer::sum);
        return CallSummary.of("Summary of " + call.status() + ": " + call.summary());
    };

    private FakeVoiceProvider fake = fakeWith(FakeOutcome.ANSWERED);
    private VoiceCallService service;
    private WebhookNormalizer normalizer;

    private FakeVoiceProvider fakeWith(FakeOutcome outcome) {
        return FakeVoiceProvider.builder().defaultOutcome(outcome).signingSecret(SECRET).sink(sink).clock(clock)
                .build();
    }

    private VoiceCallService service() {
        return service(scoringHook);
    }

    private VoiceCallService service(SummaryHook hook) {
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        service = VoiceCallService.builder()
                .repository(repository)
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .summaryHook(hook)
                .listener(activities::add)
                .executor(summaries)
                .clock(clock)
                .sleeper(sleeper)
                .callIds(() -> "call-1")
                .build();
        normalizer = WebhookNormalizer.builder().providerFactory(providers)
                .verifier("fake", FakeVoiceProvider.verifier(SECRET)).build();
        return service;
    }

    private static CallTarget lead(String leadId, String phone) {
        return new CallTarget(leadId, BROKER, phone, "Ana Torres", Map.of("property", "Piso en Chamberí"));
    }

    private Optional<VoiceCall> deliver(RecordingSink.Webhook webhook) {
        return service.handle(normalizer.normalize("fake", webhook.headers(), webhook.body()));
    }

    private void deliverAll() {
        sink.webhooks().forEach(this::deliver);
    }

    private List<CallActivity.Type> activityTypes() {
        return activities.stream().map(CallActivity::type).toList();
    }

    private List<CallStatus> statusChanges() {
        return activities.stream().filter(a -> a.type() == CallActivity.Type.STATUS_CHANGED)
                .map(a -> a.call().status()).toList();
    }

    @Test
    void should_take_a_call_from_initiated_to_completed_with_transcript_summary_and_score() {
        // given
        service();

        // when
        VoiceCall placed = service.initiate(lead("lead-42", PHONE));

        // then the call is stored QUEUED with the provider's id, and our id travelled in its metadata
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(placed.externalCallId()).isEqualTo("fake-call-1");
        assertThat(fake.requests()).singleElement().satisfies(r -> {
            assertThat(r.callId()).isEqualTo(placed.callId());
            assertThat(r.phoneNumber()).isEqualTo(PHONE);
            assertThat(r.variables()).containsEntry("property", "Piso en Chamberí");
            assertThat(r.metadata()).containsEntry("leadId", "lead-42");
        });

        // when the provider's webhooks arrive
        deliverAll();

        // then the call ended with everything the report carried, and the summary is due but not run yet
        VoiceCall ended = service.find(placed.callId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(ended.transcript()).startsWith("AI: Hi Ana Torres").contains("User: Yes, sure.");
        assertThat(ended.recordingUrl()).endsWith("fake-call-1.wav");
        assertThat(ended.duration()).isEqualTo(Duration.ofSeconds(95));
        assertThat(ended.cost()).isEqualByComparingTo(new BigDecimal("0.21"));
        assertThat(ended.providerReason()).isEqualTo("customer-ended-call");
        assertThat(ended.endedAt()).isNotNull();
        assertThat(ended.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(hookRuns).hasValue(0);

        // when the summary executor runs
        summaries.runAll();

        // then the hook ran once, its summary is stored and the lead's score moved
        VoiceCall done = service.find(placed.callId()).orElseThrow();
        assertThat(hookRuns).hasValue(1);
        assertThat(done.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(done.summary()).startsWith("Summary of COMPLETED: The lead is interested");
        assertThat(done.summaryAttempts()).isEqualTo(1);
        assertThat(leadScores).containsEntry("lead-42", 20);
        assertThat(activityTypes()).containsExactly(CallActivity.Type.INITIATED, CallActivity.Type.STATUS_CHANGED,
                CallActivity.Type.STATUS_CHANGED, CallActivity.Type.STATUS_CHANGED, CallActivity.Type.STATUS_CHANGED,
                CallActivity.Type.CALL_ENDED, CallActivity.Type.SUMMARY_READY);
        assertThat(statusChanges()).containsExactly(CallStatus.QUEUED, CallStatus.RINGING, CallStatus.IN_PROGRESS,
                CallStatus.COMPLETED);
    }

    @Test
    void should_match_webhooks_that_arrive_before_the_provider_answered_by_our_call_id() {
        // given a fake that delivers every webhook before makeCall returns
        fake = FakeVoiceProvider.builder().signingSecret(SECRET).clock(clock)
                .sink((headers, body) -> service.handle(normalizer.normalize("fake", headers, body))).build();
        service();

        // when
        VoiceCall call = service.initiate(lead("lead-42", PHONE));

        // then the early webhooks were applied, and the late API answer did not move the call back
        assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(call.externalCallId()).isEqualTo("fake-call-1");
        assertThat(statusChanges()).containsExactly(CallStatus.QUEUED, CallStatus.RINGING, CallStatus.IN_PROGRESS,
                CallStatus.COMPLETED);
    }

    @Test
    void should_refuse_with_503_and_store_nothing_when_the_broker_has_no_provider() {
        // given
        service();

        // when / then
        assertThatThrownBy(() -> service.initiate(new CallTarget("lead-1", "broker-unknown", PHONE, null, Map.of())))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("broker-unknown")
                .extracting(e -> ((VoiceException) e).httpStatus()).isEqualTo(503);
        assertThat(repository.size()).isZero();
        assertThat(activities).isEmpty();
    }

    @Test
    void should_refuse_with_503_and_store_nothing_when_the_brokers_provider_jar_is_missing() {
        // given a broker configured for VAPI, whose jar is not on voice-core's classpath
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        service = VoiceCallService.builder().repository(repository).providerFactory(providers)
                .brokerConfigs(b -> Optional.of(ProviderConfig.builder("vapi").apiKey("k").build()))
                .executor(summaries).build();

        // when / then
        assertThatThrownBy(() -> service.initiate(lead("lead-1", PHONE)))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("vapi")
                .hasMessageContaining("fake");
        assertThat(repository.size()).isZero();
    }

    @Test
    void should_refuse_with_503_and_store_nothing_when_the_brokers_config_fails_the_providers_check() {
        // given a broker whose stored settings the provider cannot use
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        service = VoiceCallService.builder().repository(repository).providerFactory(providers)
                .brokerConfigs(b -> Optional.of(ProviderConfig.builder("fake").setting("outcome", "SINGING").build()))
                .executor(summaries).build();

        // when / then the broker and the setting are named, and neither a call nor a dial happened
        assertThatThrownBy(() -> service.initiate(lead("lead-1", PHONE)))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("broker '" + BROKER + "'").contains("outcome").contains("SINGING");
                });
        assertThat(repository.size()).isZero();
        assertThat(fake.requests()).isEmpty();
        assertThat(activities).isEmpty();
    }

    @Test
    void should_store_failed_with_the_reason_and_throw_503_when_the_provider_is_down() {
        // given
        fake = fakeWith(FakeOutcome.PROVIDER_DOWN);
        service();

        // when / then
        assertThatThrownBy(() -> service.initiate(lead("lead-1", PHONE)))
                .isInstanceOf(ProviderUnavailableException.class)
                .extracting(e -> ((VoiceException) e).httpStatus()).isEqualTo(503);
        VoiceCall failed = repository.findById("call-1").orElseThrow();
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.providerReason()).contains("fake provider is down");
        assertThat(failed.endedAt()).isNotNull();
        assertThat(activityTypes()).containsExactly(CallActivity.Type.INITIATED, CallActivity.Type.INITIATION_FAILED);
        assertThat(activities.get(1).detail()).contains("fake provider is down");
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+34abc111222", "+3460", "34600111222", "+346001112223334445", "", "+34 600 111 222",
            "+0600111222"})
    void should_refuse_invalid_numbers_with_400_before_storing_or_dialing(String number) {
        // given
        service();

        // when / then
        assertThatThrownBy(() -> service.initiate(lead("lead-1", number)))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .extracting(e -> ((VoiceException) e).httpStatus()).isEqualTo(400);
        assertThat(repository.size()).isZero();
        assertThat(fake.requests()).isEmpty();
        assertThat(activities).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "NO_ANSWER, NO_ANSWER, customer-did-not-answer",
            "BUSY,      BUSY,      customer-busy",
            "VOICEMAIL, VOICEMAIL, voicemail",
            "FAILED,    FAILED,    carrier-error: SIP 503 Service Unavailable",
    })
    void should_end_each_scripted_outcome_in_its_status_with_the_raw_reason_kept(FakeOutcome outcome,
                                                                               CallStatus expected, String reason) {
        // given
        fake = fakeWith(outcome);
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));

        // when
        deliverAll();
        summaries.runAll();

        // then
        VoiceCall ended = service.find(call.callId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(expected);
        assertThat(ended.providerReason()).isEqualTo(reason);
        assertThat(ended.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(leadScores).containsEntry("lead-1", -5);
        assertThat(activityTypes()).contains(CallActivity.Type.CALL_ENDED, CallActivity.Type.SUMMARY_READY);
        assertThat(statusChanges()).last().isEqualTo(expected);
    }

    @Test
    void should_reach_the_same_final_call_whatever_the_order_and_duplication_of_webhooks() {
        // given the in-order reference
        service();
        service.initiate(lead("lead-1", PHONE));
        List<RecordingSink.Webhook> webhooks = sink.webhooks();
        deliverAll();
        VoiceCall reference = repository.findById("call-1").orElseThrow();

        for (long seed = 1; seed <= 50; seed++) {
            // given a fresh service that placed the same call
            InMemoryCallRepository fresh = new InMemoryCallRepository();
            VoiceCallService other = VoiceCallService.builder().repository(fresh)
                    .providerFactory(VoiceProviderFactory.builder().discover(false)
                            .register(FakeVoiceProvider.builder().clock(clock).build()).build())
                    .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                    .executor(summaries).clock(clock).callIds(() -> "call-1").build();
            other.initiate(lead("lead-1", PHONE));
            List<RecordingSink.Webhook> shuffled = new ArrayList<>(webhooks);
            Random random = new Random(seed);
            shuffled.addAll(webhooks.subList(0, 1 + random.nextInt(webhooks.size())));
            Collections.shuffle(shuffled, random);

            // when
            shuffled.forEach(w -> other.handle(normalizer.normalize("fake", w.headers(), w.body())));

            // then
            VoiceCall result = fresh.findById("call-1").orElseThrow();
            assertThat(result).as("seed %d", seed).usingRecursiveComparison()
                    .ignoringFields("version", "updatedAt", "endedAt").isEqualTo(reference);
        }
    }

    @Test
    void should_lose_nothing_when_eight_threads_deliver_one_calls_webhooks_concurrently() throws Exception {
        // given
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        List<RecordingSink.Webhook> webhooks = sink.webhooks();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();

        // when every thread delivers every webhook, each in its own order
        for (int t = 0; t < 8; t++) {
            List<RecordingSink.Webhook> mine = new ArrayList<>(webhooks);
            Collections.shuffle(mine, new Random(t));
            done.add(pool.submit(() -> {
                start.await();
                mine.forEach(this::deliver);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then the end report was applied once, with all its data, and the summary was scheduled once
        VoiceCall ended = service.find(call.callId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(ended.transcript()).isNotBlank();
        assertThat(ended.duration()).isEqualTo(Duration.ofSeconds(95));
        assertThat(ended.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(summaries.submitted()).isEqualTo(1);
        assertThat(activityTypes()).containsOnlyOnce(CallActivity.Type.CALL_ENDED);
        List<CallStatus> changes = statusChanges();
        assertThat(changes).doesNotHaveDuplicates();
        assertThat(changes).isSortedAccordingTo((a, b) -> CallStateMachine.rank(a) - CallStateMachine.rank(b));
        // every stored change is one version, and each one moved the status (the end report with it)
        assertThat(ended.version()).isEqualTo(changes.size());
        summaries.runAll();
        assertThat(hookRuns).hasValue(1);
    }

    @Test
    void should_retry_a_failing_hook_with_backoff_then_mark_the_summary_failed_with_the_error() {
        // given a hook that always fails
        AtomicInteger runs = new AtomicInteger();
        service(call -> {
            runs.incrementAndGet();
            throw new IllegalStateException("LLM quota exceeded");
        });
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        deliverAll();

        // when
        summaries.runAll();

        // then
        VoiceCall failed = service.find(call.callId()).orElseThrow();
        assertThat(runs).hasValue(3);
        assertThat(sleeper.sleeps()).hasSize(2).allSatisfy(d -> assertThat(d).isPositive());
        assertThat(sleeper.sleeps().get(1)).isGreaterThan(sleeper.sleeps().get(0).dividedBy(2));
        assertThat(failed.summaryState()).isEqualTo(SummaryState.FAILED);
        assertThat(failed.summaryError()).contains("LLM quota exceeded");
        assertThat(failed.summaryAttempts()).isEqualTo(3);
        assertThat(failed.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(activityTypes()).last().isEqualTo(CallActivity.Type.SUMMARY_FAILED);
        assertThat(activities.get(activities.size() - 1).detail()).contains("LLM quota exceeded");

        // and it is not run again by a resume
        assertThat(service.resumePendingSummaries()).isZero();
    }

    @Test
    void should_store_the_summary_when_the_hook_succeeds_after_a_failure() {
        // given
        AtomicInteger runs = new AtomicInteger();
        service(call -> {
            if (runs.incrementAndGet() == 1) {
                throw new java.io.IOException("timeout");
            }
            return CallSummary.of("second time lucky");
        });
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        deliverAll();

        // when
        summaries.runAll();

        // then
        VoiceCall done = service.find(call.callId()).orElseThrow();
        assertThat(done.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(done.summary()).isEqualTo("second time lucky");
        assertThat(done.summaryAttempts()).isEqualTo(2);
        assertThat(done.summaryError()).isNull();
    }

    @Test
    void should_finish_a_summary_that_was_due_when_the_process_crashed() {
        // given a call ended while its summary task was lost with the process
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        deliverAll();
        assertThat(summaries.dropAll()).isEqualTo(1);

        // when a new service over the same repository starts
        activities.clear();
        VoiceCallService restarted = service();
        int resumed = restarted.resumePendingSummaries();
        summaries.runAll();

        // then
        assertThat(resumed).isEqualTo(1);
        assertThat(hookRuns).hasValue(1);
        assertThat(restarted.find(call.callId()).orElseThrow().summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(activityTypes()).containsExactly(CallActivity.Type.SUMMARY_READY);
    }

    @Test
    void should_take_over_a_summary_whose_worker_died_once_the_claim_is_stale() {
        // given a worker that died while running the hook (an Error escapes, the claim stays RUNNING)
        AtomicInteger runs = new AtomicInteger();
        service(call -> {
            if (runs.incrementAndGet() == 1) {
                throw new StackOverflowError("simulated crash");
            }
            return CallSummary.of("recovered");
        });
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        deliverAll();
        summaries.runAll();
        assertThat(service.find(call.callId()).orElseThrow().summaryState()).isEqualTo(SummaryState.RUNNING);

        // when resumed too early, then nothing happens: the worker may still be alive
        assertThat(service.resumePendingSummaries()).isZero();

        // when resumed after the claim timeout
        clock.advance(Duration.ofMinutes(11));
        int resumed = service.resumePendingSummaries();
        summaries.runAll();

        // then
        assertThat(resumed).isEqualTo(1);
        VoiceCall done = service.find(call.callId()).orElseThrow();
        assertThat(done.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(done.summary()).isEqualTo("recovered");
        assertThat(runs).hasValue(2);
    }

    @Test
    void should_refuse_a_second_call_to_a_lead_with_an_active_call_with_409_until_it_ends() {
        // given
        service();
        VoiceCall first = service.initiate(lead("lead-1", PHONE));

        // when / then
        assertThatThrownBy(() -> service.initiate(lead("lead-1", PHONE)))
                .isInstanceOfSatisfying(CallInProgressException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.activeCallId()).isEqualTo(first.callId());
                });
        assertThat(fake.requests()).hasSize(1);

        // when the first call ends, then the lead can be called again
        deliverAll();
        service = VoiceCallService.builder().repository(repository)
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(fake).build())
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .executor(summaries).callIds(() -> "call-2").build();
        assertThat(service.initiate(lead("lead-1", PHONE)).callId()).isEqualTo("call-2");
    }

    @Test
    void should_keep_an_unknown_outcome_initiated_and_unconfirmed_and_never_dial_again() {
        // given a provider whose answer is lost although the call is placed
        fake = fakeWith(FakeOutcome.OUTCOME_UNKNOWN);
        service();

        // when
        VoiceCall call = service.initiate(lead("lead-1", PHONE));

        // then
        assertThat(call.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(call.unconfirmed()).isTrue();
        assertThat(call.externalCallId()).isNull();
        assertThat(activityTypes()).containsExactly(CallActivity.Type.INITIATED,
                CallActivity.Type.INITIATION_UNCONFIRMED);
        assertThatThrownBy(() -> service.initiate(lead("lead-1", PHONE))).isInstanceOf(CallInProgressException.class);
        assertThat(fake.requests()).hasSize(1);

        // when the provider's webhooks arrive, then they settle the call
        deliverAll();
        VoiceCall settled = service.find(call.callId()).orElseThrow();
        assertThat(settled.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(settled.unconfirmed()).isFalse();
        assertThat(settled.externalCallId()).isEqualTo("fake-call-1");
    }

    @Test
    void should_ignore_a_webhook_for_an_unknown_call_and_store_nothing() {
        // given
        service();
        WebhookEvent stray = WebhookEvent.builder().provider("fake").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("e1").externalCallId("fake-call-999").status(CallStatus.RINGING).build();

        // when
        Optional<VoiceCall> result = service.handle(stray);

        // then
        assertThat(result).isEmpty();
        assertThat(repository.size()).isZero();
        assertThat(activities).isEmpty();
    }

    @Test
    void should_not_match_a_call_id_claimed_by_another_provider() {
        // given a fake call, and a webhook from another provider naming its id
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        WebhookEvent forged = WebhookEvent.builder().provider("vapi").type(WebhookEvent.Type.CALL_ENDED)
                .eventId("e1").callId(call.callId()).status(CallStatus.FAILED).build();

        // when
        Optional<VoiceCall> result = service.handle(forged);

        // then
        assertThat(result).isEmpty();
        assertThat(service.find(call.callId()).orElseThrow().status()).isEqualTo(CallStatus.QUEUED);
    }

    @ParameterizedTest
    @CsvSource({"QUEUED, 0, FAILED", "RINGING, 0, FAILED", "IN_PROGRESS, 0, FAILED", "QUEUED, 95, COMPLETED",
            "RINGING, 95, COMPLETED", "IN_PROGRESS, 95, COMPLETED"})
    void should_settle_an_unmappable_end_report_from_its_own_evidence_not_how_far_the_call_got(
            CallStatus reached, long seconds, CallStatus expected) {
        // given
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        service.handle(event(call, WebhookEvent.Type.STATUS_UPDATE, reached, null));

        // when
        VoiceCall ended = service.handle(WebhookEvent.builder().provider(call.provider())
                .type(WebhookEvent.Type.CALL_ENDED).eventId("ended").callId(call.callId()).status(CallStatus.UNKNOWN)
                .providerReason("some-new-reason-from-2027").duration(Duration.ofSeconds(seconds)).build())
                .orElseThrow();

        // then
        assertThat(ended.status()).isEqualTo(expected);
        assertThat(ended.providerReason()).isEqualTo("some-new-reason-from-2027");
    }

    @Test
    void should_never_let_an_unknown_status_update_move_a_call() {
        // given
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));

        // when
        VoiceCall after = service.handle(event(call, WebhookEvent.Type.STATUS_UPDATE, CallStatus.UNKNOWN, "x"))
                .orElseThrow();

        // then
        assertThat(after.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(after.version()).isEqualTo(call.version());
    }

    @Test
    void should_add_a_late_end_report_to_a_call_already_ended_by_a_status_update_once() {
        // given a call ended by a status update
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        service.handle(event(call, WebhookEvent.Type.STATUS_UPDATE, CallStatus.BUSY, "customer-busy"));

        // when the end report arrives, twice, the second one different
        WebhookEvent report = WebhookEvent.builder().provider("fake").type(WebhookEvent.Type.CALL_ENDED)
                .eventId("r1").callId(call.callId()).status(CallStatus.COMPLETED).transcript("AI: hello")
                .duration(Duration.ofSeconds(3)).build();
        service.handle(report);
        service.handle(WebhookEvent.builder().provider("fake").type(WebhookEvent.Type.CALL_ENDED).eventId("r2")
                .callId(call.callId()).status(CallStatus.COMPLETED).transcript("changed").build());

        // then the outcome stays, the first report's data is stored, the summary is scheduled once
        VoiceCall ended = service.find(call.callId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(CallStatus.BUSY);
        assertThat(ended.transcript()).isEqualTo("AI: hello");
        assertThat(ended.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(summaries.submitted()).isEqualTo(1);
    }

    @Test
    void should_keep_going_when_the_listener_throws() {
        // given
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        service = VoiceCallService.builder().repository(repository).providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .listener(a -> {
                    throw new IllegalStateException("activity log is down");
                })
                .executor(summaries).build();

        // when
        VoiceCall call = service.initiate(lead("lead-1", PHONE));

        // then
        assertThat(call.status()).isEqualTo(CallStatus.QUEUED);
    }

    @Test
    void should_run_the_hook_off_the_webhook_thread_on_the_default_executor() throws Exception {
        // given a service with its own executor
        CountDownLatch ran = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        try (VoiceCallService own = VoiceCallService.builder().repository(repository).providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .summaryHook(call -> {
                    threads.add(Thread.currentThread().getName());
                    ran.countDown();
                    return CallSummary.of("ok");
                }).build()) {
            service = own;
            normalizer = WebhookNormalizer.builder().providerFactory(providers)
                    .verifier("fake", FakeVoiceProvider.verifier(SECRET)).build();
            own.initiate(lead("lead-1", PHONE));

            // when
            deliverAll();

            // then
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).singleElement().asString().startsWith("inmo-voice-summary-")
                    .isNotEqualTo(Thread.currentThread().getName());
        }
    }

    @Test
    void should_fail_an_unconfirmed_call_that_no_webhook_settled_once_it_has_been_quiet_long_enough() {
        // given a call whose request had an unknown outcome, and whose webhooks never come
        fake = fakeWith(FakeOutcome.OUTCOME_UNKNOWN);
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));

        // when reconciled too early, then nothing changes
        clock.advance(Duration.ofMinutes(4));
        assertThat(service.reconcile(Duration.ofMinutes(5))).isZero();

        // when reconciled after the quiet period
        clock.advance(Duration.ofMinutes(2));
        int changed = service.reconcile(Duration.ofMinutes(5));

        // then it is FAILED with the reason, still marked unconfirmed, and the lead is free again
        VoiceCall failed = service.find(call.callId()).orElseThrow();
        assertThat(changed).isEqualTo(1);
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.unconfirmed()).isTrue();
        assertThat(failed.providerReason()).contains("no provider call id");
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void should_settle_a_quiet_call_from_what_the_provider_reports() {
        // given a placed call whose webhooks were lost
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        clock.advance(Duration.ofMinutes(10));

        // when
        int changed = service.reconcile(Duration.ofMinutes(5));

        // then the provider's outcome is applied like an end report: ended, summary due
        VoiceCall settled = service.find(call.callId()).orElseThrow();
        assertThat(changed).isEqualTo(1);
        assertThat(settled.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(settled.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(activityTypes()).endsWith(CallActivity.Type.STATUS_CHANGED, CallActivity.Type.CALL_ENDED);
        summaries.runAll();
        assertThat(hookRuns).hasValue(1);

        // and a second run finds nothing to do
        clock.advance(Duration.ofMinutes(10));
        assertThat(service.reconcile(Duration.ofMinutes(5))).isZero();
    }

    @Test
    void should_leave_a_quiet_call_alone_when_its_provider_cannot_be_reached() {
        // given a provider whose lookups fail
        VoiceProvider unreachable = new VoiceProvider() {
            @Override
            public String id() {
                return fake.id();
            }

            @Override
            public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
                return fake.makeCall(request, config);
            }

            @Override
            public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
                throw new ProviderUnavailableException("fake", "fake is down");
            }

            @Override
            public WebhookEvent parseWebhook(io.inmo.voice.webhook.WebhookRequest request) {
                return fake.parseWebhook(request);
            }
        };
        service = VoiceCallService.builder().repository(repository)
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(unreachable).build())
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .executor(summaries).clock(clock).build();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        clock.advance(Duration.ofMinutes(10));

        // when
        int changed = service.reconcile(Duration.ofMinutes(5));

        // then
        assertThat(changed).isZero();
        assertThat(service.find(call.callId()).orElseThrow().status()).isEqualTo(CallStatus.QUEUED);
    }

    @Test
    void should_pass_per_call_metadata_and_provider_options_to_the_provider() {
        // given
        service();
        CallOptions options = CallOptions.builder().metadata("campaignId", "cmp-11").metadata("leadId", "spoofed")
                .providerOption(FakeVoiceProvider.OUTCOME_OPTION, "BUSY").build();

        // when
        VoiceCall call = service.initiate(lead("lead-1", PHONE), options);
        deliverAll();

        // then our own keys win, the host's travel along, and the option reached the provider
        assertThat(fake.requests()).singleElement().satisfies(r -> {
            assertThat(r.metadata()).containsEntry("campaignId", "cmp-11").containsEntry("leadId", "lead-1");
            assertThat(r.providerOptions()).containsEntry(FakeVoiceProvider.OUTCOME_OPTION, "BUSY");
        });
        assertThat(service.find(call.callId()).orElseThrow().status()).isEqualTo(CallStatus.BUSY);
    }

    @Test
    void should_log_why_a_call_failed() {
        // given
        fake = fakeWith(FakeOutcome.FAILED);
        service();
        VoiceCall call = service.initiate(lead("lead-1", PHONE));
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();

        // when
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            deliverAll();
        } finally {
            System.setErr(stderr);
        }

        // then
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("WARN", "call " + call.callId() + " failed: carrier-error: SIP 503 Service Unavailable")
                .doesNotContain(PHONE);
    }

    private static WebhookEvent event(VoiceCall call, WebhookEvent.Type type, CallStatus status, String reason) {
        return WebhookEvent.builder().provider(call.provider()).type(type).eventId(type + ":" + status)
                .callId(call.callId()).status(status).providerReason(reason).build();
    }
}
