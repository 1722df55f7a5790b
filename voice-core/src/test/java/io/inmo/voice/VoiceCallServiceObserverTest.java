package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingObserver;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the service tells its observer, step by step, on the fake provider. */
class VoiceCallServiceObserverTest {

    private static final String SECRET = "whsec-test";
    private static final String BROKER = "broker-7";

    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private final RecordingSink sink = new RecordingSink();
    private final ManualExecutor summaries = new ManualExecutor();
    private final RecordingObserver observer = new RecordingObserver();
    private final FakeVoiceProvider fake = FakeVoiceProvider.builder().signingSecret(SECRET).sink(sink).clock(clock)
            .build();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake)
            .build();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder().providerFactory(providers)
            .verifier("fake", FakeVoiceProvider.verifier(SECRET)).observer(observer).build();
    private final AtomicInteger leadNumber = new AtomicInteger();

    private VoiceCallService service(SummaryHook hook) {
        return VoiceCallService.builder()
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .summaryHook(hook)
                .executor(summaries)
                .clock(clock)
                .sleeper(new RecordingSleeper())
                .summaryBackoff(Duration.ofMillis(10))
                .observer(observer)
                .build();
    }

    private VoiceCall call(VoiceCallService service, FakeOutcome outcome) {
        CallTarget target = new CallTarget("lead-" + leadNumber.incrementAndGet(), BROKER, "+34600111222", "Ana",
                Map.of());
        return service.initiate(target,
                CallOptions.builder().providerOption(FakeVoiceProvider.OUTCOME_OPTION, outcome.name()).build());
    }

    private void deliverAll(VoiceCallService service) {
        sink.webhooks().forEach(w -> service.handle(normalizer.normalize("fake", w.headers(), w.body())));
        sink.clear();
    }

    @Test
    void should_report_an_answered_call_from_initiation_to_summary() {
        // given
        VoiceCallService service = service(call -> CallSummary.of("ok"));

        // when
        call(service, FakeOutcome.ANSWERED);
        deliverAll(service);
        summaries.runAll();

        // then
        assertThat(observer.events()).containsExactly(
                "request fake create 2xx #1",
                "initiation fake placed",
                "webhook fake duplicate",            // queued: the call is already QUEUED
                "webhook fake applied",              // ringing
                "webhook fake applied",              // in progress
                "ended fake COMPLETED 95s",
                "webhook fake applied",              // ended
                "summary done #1");
    }

    @Test
    void should_report_each_way_an_initiation_ends() {
        // given
        VoiceCallService service = service(SummaryHook.providerSummary());

        // when
        assertThatThrownBy(() -> call(service, FakeOutcome.PROVIDER_DOWN))
                .isInstanceOf(ProviderUnavailableException.class);
        call(service, FakeOutcome.OUTCOME_UNKNOWN);
        assertThatThrownBy(() -> service.initiate(CallTarget.of("lead-x", BROKER, "0034 600")))
                .isInstanceOf(InvalidPhoneNumberException.class);
        assertThatThrownBy(() -> service.initiate(CallTarget.of("lead-x", "no-such-broker", "+34600111222")))
                .isInstanceOf(ProviderUnavailableException.class);
        call(service, FakeOutcome.NO_ANSWER);
        assertThatThrownBy(() -> service.initiate(CallTarget.of("lead-" + leadNumber.get(), BROKER, "+34600111222")))
                .isInstanceOf(CallInProgressException.class);

        // then: an invalid number or unknown broker has no provider yet
        assertThat(observer.events("initiation")).containsExactly(
                "initiation fake unavailable",
                "initiation fake unconfirmed",
                "initiation unknown invalid_number",
                "initiation unknown unavailable",
                "initiation fake placed",
                "initiation fake in_progress");
        assertThat(observer.events("request")).containsExactly("request fake create io_error #1",
                "request fake create timeout #1", "request fake create 2xx #1");
        assertThat(observer.events("ended")).containsExactly("ended fake FAILED -");
    }

    @Test
    void should_count_a_call_as_ended_once_however_many_reports_arrive() {
        // given
        VoiceCallService service = service(SummaryHook.providerSummary());
        call(service, FakeOutcome.BUSY);
        var webhooks = sink.webhooks();

        // when: everything delivered twice, the end report three times
        webhooks.forEach(w -> service.handle(normalizer.normalize("fake", w.headers(), w.body())));
        webhooks.forEach(w -> service.handle(normalizer.normalize("fake", w.headers(), w.body())));
        var last = webhooks.get(webhooks.size() - 1);
        service.handle(normalizer.normalize("fake", last.headers(), last.body()));

        // then
        assertThat(observer.events("ended")).containsExactly("ended fake BUSY 0s");
        assertThat(observer.events("webhook fake applied")).hasSize(webhooks.size() - 1);
    }

    @Test
    void should_report_ignored_and_unknown_call_webhooks() {
        // given
        VoiceCallService service = service(SummaryHook.providerSummary());
        byte[] ignored = "{\"type\":\"speech-update\",\"call_id\":\"fake-call-9\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknown = ("{\"type\":\"status-update\",\"event_id\":\"e-9\",\"call_id\":\"fake-call-9\","
                + "\"status\":\"ringing\"}").getBytes(StandardCharsets.UTF_8);

        // when
        service.handle(normalizer.normalize("fake", signed(ignored), ignored));
        service.handle(normalizer.normalize("fake", signed(unknown), unknown));

        // then
        assertThat(observer.events()).containsExactly("webhook fake ignored", "webhook fake unknown_call");
    }

    @Test
    void should_report_each_summary_attempt() {
        // given: a hook that fails twice, then works; and one that always fails
        AtomicInteger runs = new AtomicInteger();
        VoiceCallService flaky = service(call -> {
            if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("LLM timeout");
            }
            return CallSummary.of("ok");
        });
        call(flaky, FakeOutcome.ANSWERED);
        deliverAll(flaky);
        summaries.runAll();
        VoiceCallService broken = service(call -> {
            throw new IllegalStateException("LLM down");
        });

        // when
        call(broken, FakeOutcome.VOICEMAIL);
        deliverAll(broken);
        summaries.runAll();

        // then
        assertThat(observer.events("summary")).containsExactly("summary retried #1", "summary retried #2",
                "summary done #3", "summary retried #1", "summary retried #2", "summary failed #3");
    }

    @Test
    void should_report_a_reconcile_run_and_its_lookups() {
        // given: a call whose webhooks never come
        VoiceCallService service = service(SummaryHook.providerSummary());
        call(service, FakeOutcome.NO_ANSWER);
        sink.clear();
        clock.advance(Duration.ofMinutes(30));

        // when
        int changed = service.reconcile(Duration.ofMinutes(10));

        // then
        assertThat(changed).isEqualTo(1);
        assertThat(observer.events()).endsWith("request fake fetch 2xx #1", "ended fake NO_ANSWER -",
                "reconcile 1 checked 1 changed");
    }

    @Test
    void should_work_on_as_before_when_the_observer_throws() {
        // given
        VoiceCallService service = VoiceCallService.builder()
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .executor(summaries)
                .observer(new VoiceObserver() {
                    @Override
                    public void initiationFinished(String provider, InitiationResult result, Duration elapsed) {
                        throw new IllegalStateException("observer bug");
                    }

                    @Override
                    public void providerRequest(String provider, ProviderOperation operation,
                                                ProviderOutcome outcome, int attempt, Duration elapsed) {
                        throw new IllegalStateException("observer bug");
                    }
                })
                .build();

        // when
        VoiceCall placed = call(service, FakeOutcome.ANSWERED);

        // then
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
    }

    private static Map<String, List<String>> signed(byte[] body) {
        return Map.of(FakeVoiceProvider.SIGNATURE_HEADER,
                List.of(Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(SECRET), body))));
    }
}
