package io.inmo.voice.jdbc;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallSummary;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One host instance in a test: its own service, repository object, fake provider (whose webhooks it records),
 * normalizer and summary executor, over a database that other instances share.
 */
final class VoiceInstance implements AutoCloseable {

    static final String BROKER = "broker-7";
    static final String SECRET = "whsec-multi";

    final FakeVoiceProvider fake;
    final RecordingSink sink = new RecordingSink();
    final VoiceCallService service;
    final WebhookNormalizer normalizer;
    /** Completed summary hook runs per call id, on this instance. */
    final Map<String, AtomicInteger> summaries = new ConcurrentHashMap<>();

    private VoiceInstance(CallRepository repository, Executor executor, Clock clock, SummaryHook hook,
                          Function<VoiceCallService.Builder, VoiceCallService.Builder> extra) {
        fake = FakeVoiceProvider.builder().defaultOutcome(FakeOutcome.ANSWERED)
                .outcomeFor("+34600000001", FakeOutcome.NO_ANSWER)
                .outcomeFor("+34600000002", FakeOutcome.BUSY)
                .outcomeFor("+34600000003", FakeOutcome.VOICEMAIL)
                .signingSecret(SECRET).sink(sink).clock(clock).build();
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        SummaryHook counting = call -> {
            CallSummary summary = hook.summarize(call);
            summaries.computeIfAbsent(call.callId(), id -> new AtomicInteger()).incrementAndGet();
            return summary;
        };
        service = extra.apply(VoiceCallService.builder()
                .repository(repository)
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .summaryHook(counting)
                .executor(executor)
                .clock(clock)
                .sleeper(millis -> { })
                .summaryBackoff(Duration.ofMillis(1)))
                .build();
        normalizer = WebhookNormalizer.builder().providerFactory(providers)
                .verifier("fake", FakeVoiceProvider.verifier(SECRET)).build();
    }

    static VoiceInstance over(CallRepository repository, Executor executor, Clock clock) {
        return new VoiceInstance(repository, executor, clock, call -> CallSummary.of("summary of " + call.status()),
                b -> b);
    }

    static VoiceInstance over(CallRepository repository, Executor executor, Clock clock, SummaryHook hook,
                              Function<VoiceCallService.Builder, VoiceCallService.Builder> extra) {
        return new VoiceInstance(repository, executor, clock, hook, extra);
    }

    /** The number a lead is called on; its last digit picks the fake outcome for the first four leads. */
    static String phoneOf(int lead) {
        return String.format("+346%08d", lead);
    }

    /** What the fake provider ends a call to this number with. */
    static CallStatus expectedStatus(int lead) {
        return switch (lead) {
            case 1 -> CallStatus.NO_ANSWER;
            case 2 -> CallStatus.BUSY;
            case 3 -> CallStatus.VOICEMAIL;
            default -> CallStatus.COMPLETED;
        };
    }

    VoiceCall initiate(int lead) {
        return service.initiate(CallTarget.of("lead-" + lead, BROKER, phoneOf(lead)));
    }

    Optional<VoiceCall> deliver(RecordingSink.Webhook webhook) {
        return service.handle(normalizer.normalize("fake", webhook.headers(), webhook.body()));
    }

    @Override
    public void close() {
        service.close();
    }
}
