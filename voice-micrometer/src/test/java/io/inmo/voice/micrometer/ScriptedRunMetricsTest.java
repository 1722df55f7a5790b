package io.inmo.voice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallInProgressException;
import io.inmo.voice.CallOptions;
import io.inmo.voice.CallSummary;
import io.inmo.voice.CallTarget;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scripted day on the fake provider, through the real normalizer and service, with the Micrometer observer
 * attached to both: every outcome, refused webhooks of every kind, a duplicate and a failing summary hook. Every
 * meter is asserted with its tags and count.
 */
@ParameterizedClass
@ValueSource(strings = {"simple", "prometheus"})
class ScriptedRunMetricsTest {

    private static final String SECRET = "whsec-test";
    private static final String BROKER = "broker-7";

    private final MeterRegistry registry;
    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private final RecordingSink sink = new RecordingSink();
    private final ManualExecutor summaries = new ManualExecutor();
    private final FakeVoiceProvider fake = FakeVoiceProvider.builder().signingSecret(SECRET).sink(sink).clock(clock)
            .build();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake)
            .build();
    private final WebhookNormalizer normalizer;
    private final VoiceCallService service;

    /**
     * @param registryKind {@code simple}, or {@code prometheus}: Prometheus refuses a meter name registered with
     *        two different sets of tag keys, so the run there proves the keys are fixed per meter
     */
    ScriptedRunMetricsTest(String registryKind) {
        registry = registryKind.equals("prometheus") ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                : new SimpleMeterRegistry();
        MicrometerVoiceObserver metrics = new MicrometerVoiceObserver(registry);
        normalizer = WebhookNormalizer.builder().providerFactory(providers)
                .verifier("fake", FakeVoiceProvider.verifier(SECRET)).maxBodyBytes(64 * 1024).observer(metrics)
                .build();
        // The host's hook: voicemails break it (every attempt), everything else is summarized.
        service = VoiceCallService.builder()
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .summaryHook(call -> {
                    if (call.providerReason() != null && call.providerReason().contains("voicemail")) {
                        throw new IllegalStateException("summarizer cannot read voicemails");
                    }
                    return CallSummary.of("summary");
                })
                .summaryMaxAttempts(3)
                .executor(summaries)
                .clock(clock)
                .sleeper(new RecordingSleeper())
                .observer(metrics)
                .build();
    }

    private int leads;

    private VoiceCall call(FakeOutcome outcome) {
        return service.initiate(new CallTarget("lead-" + ++leads, BROKER, "+3460011122" + leads, "Ana", Map.of()),
                CallOptions.builder().providerOption(FakeVoiceProvider.OUTCOME_OPTION, outcome.name()).build());
    }

    private void deliver(RecordingSink.Webhook webhook) {
        service.handle(normalizer.normalize("fake", webhook.headers(), webhook.body()));
    }

    private static Map<String, List<String>> signed(byte[] body) {
        return Map.of(FakeVoiceProvider.SIGNATURE_HEADER,
                List.of(Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(SECRET), body))));
    }

    @Test
    void should_count_every_outcome_refusal_duplicate_and_summary_with_its_tags() {
        // given: one call per outcome (provider down throws; the unknown outcome's webhooks still come)
        for (FakeOutcome outcome : List.of(FakeOutcome.ANSWERED, FakeOutcome.NO_ANSWER, FakeOutcome.BUSY,
                FakeOutcome.VOICEMAIL, FakeOutcome.FAILED, FakeOutcome.OUTCOME_UNKNOWN)) {
            call(outcome);
        }
        assertThatThrownBy(() -> call(FakeOutcome.PROVIDER_DOWN)).isInstanceOf(ProviderUnavailableException.class);
        assertThatThrownBy(() -> service.initiate(CallTarget.of("lead-x", BROKER, "600 111 222")))
                .isInstanceOf(InvalidPhoneNumberException.class);
        assertThatThrownBy(() -> service.initiate(CallTarget.of("lead-1", BROKER, "+34600111221")))
                .isInstanceOf(CallInProgressException.class);
        List<RecordingSink.Webhook> webhooks = sink.webhooks();
        assertThat(webhooks.size()).isEqualTo(4 + 3 + 3 + 4 + 2 + 4);

        // when: every webhook arrives, the last end report twice, then hostile and broken ones
        webhooks.forEach(this::deliver);
        deliver(webhooks.get(webhooks.size() - 1));
        RecordingSink.Webhook any = webhooks.get(0);
        assertThatThrownBy(() -> normalizer.normalize("fake", Map.of(), any.body()))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> normalizer.normalize("fake", signed("{}".getBytes(StandardCharsets.UTF_8)),
                any.body())).isInstanceOf(WebhookVerificationException.class);
        byte[] malformed = "{\"type\":".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> normalizer.normalize("fake", signed(malformed), malformed))
                .isInstanceOf(MalformedWebhookException.class);
        byte[] huge = new byte[65 * 1024];
        assertThatThrownBy(() -> normalizer.normalize("fake", signed(huge), huge))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> normalizer.normalize("lead-42-+34600111222", any.headers(), any.body()))
                .isInstanceOf(UnknownProviderException.class);
        summaries.runAll();

        // then
        assertThat(meters()).containsExactlyInAnyOrder(
                // six placed or unconfirmed, provider down, a bad number (no provider resolved), a second call
                "voice.calls.initiated{provider=fake,result=placed} 5",
                "voice.calls.initiated{provider=fake,result=unconfirmed} 1",
                "voice.calls.initiated{provider=fake,result=unavailable} 1",
                "voice.calls.initiated{provider=fake,result=in_progress} 1",
                "voice.calls.initiated{provider=unknown,result=invalid_number} 1",
                "voice.call.initiation{provider=fake,result=placed} 5",
                "voice.call.initiation{provider=fake,result=unconfirmed} 1",
                "voice.call.initiation{provider=fake,result=unavailable} 1",
                "voice.call.initiation{provider=fake,result=in_progress} 1",
                "voice.call.initiation{provider=unknown,result=invalid_number} 1",
                "voice.provider.requests{operation=create,outcome=2xx,provider=fake} 5",
                "voice.provider.requests{operation=create,outcome=timeout,provider=fake} 1",
                "voice.provider.requests{operation=create,outcome=io_error,provider=fake} 1",
                // 20 webhooks and a repeat: the "queued" ones of the five placed calls change nothing, the
                // repeated end report neither; two unsigned or wrongly signed, one malformed, one too large, one
                // for no provider
                "voice.webhooks{provider=fake,result=applied} 15",
                "voice.webhooks{provider=fake,result=duplicate} 6",
                "voice.webhooks{provider=fake,result=unauthorized} 2",
                "voice.webhooks{provider=fake,result=malformed} 1",
                "voice.webhooks{provider=fake,result=too_large} 1",
                "voice.webhooks{provider=unknown,result=unknown_provider} 1",
                "voice.webhook.handling{provider=fake} 25",
                "voice.webhook.handling{provider=unknown} 1",
                "voice.calls.ended{provider=fake,status=COMPLETED} 2",
                "voice.calls.ended{provider=fake,status=NO_ANSWER} 1",
                "voice.calls.ended{provider=fake,status=BUSY} 1",
                "voice.calls.ended{provider=fake,status=VOICEMAIL} 1",
                "voice.calls.ended{provider=fake,status=FAILED} 2",
                // five summaries done; the voicemail's failed three times: two retried, then failed
                "voice.summaries{result=done} 5",
                "voice.summaries{result=retried} 2",
                "voice.summaries{result=failed} 1");
        if (registry instanceof PrometheusMeterRegistry) {
            assertThat(((PrometheusMeterRegistry) registry).scrape())
                    .contains("voice_webhooks_total{provider=\"fake\",result=\"unauthorized\"} 2.0")
                    .doesNotContain("lead-", "+3460");
        }
    }

    /** Every meter as {@code name{tag=value,...} count}, tags sorted by key. */
    private List<String> meters() {
        return registry.getMeters().stream().map(m -> m.getId().getName() + m.getId().getTags().stream()
                        .map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(",", "{", "}"))
                        + " " + count(m))
                .toList();
    }

    private static long count(Meter meter) {
        if (meter instanceof Timer) {
            return ((Timer) meter).count();
        }
        return (long) ((Counter) meter).count();
    }
}
