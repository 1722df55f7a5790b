package io.inmo.voice.micrometer;

import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceObserver.InitiationResult;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.VoiceObserver.WebhookResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The meters of one provider, registered on first use and then read from arrays indexed by the result enums'
 * ordinals: after the first use the hot path does no registry lookup, builds no tags and allocates nothing. Thread-safe: two threads racing to register
 * the same meter get the same instance from the registry.
 */
final class ProviderMeters {

    private static final int OUTCOMES = ProviderOutcome.values().length;

    private final MeterRegistry registry;
    private final String provider;
    private final boolean histograms;
    private final AtomicReferenceArray<Counter> initiated = new AtomicReferenceArray<>(InitiationResult.values().length);
    private final AtomicReferenceArray<Timer> initiation = new AtomicReferenceArray<>(InitiationResult.values().length);
    private final AtomicReferenceArray<Timer> requests =
            new AtomicReferenceArray<>(ProviderOperation.values().length * OUTCOMES);
    private final AtomicReferenceArray<Counter> webhooks = new AtomicReferenceArray<>(WebhookResult.values().length);
    private final AtomicReferenceArray<Counter> ended = new AtomicReferenceArray<>(CallStatus.values().length);
    private volatile Timer webhookHandling;

    ProviderMeters(MeterRegistry registry, String provider, boolean histograms) {
        this.registry = registry;
        this.provider = provider;
        this.histograms = histograms;
    }

    Counter initiated(InitiationResult result) {
        Counter counter = initiated.get(result.ordinal());
        return counter != null ? counter : registered(initiated, result.ordinal(), () ->
                Counter.builder(MicrometerVoiceObserver.CALLS_INITIATED)
                        .description("Call initiations by result")
                        .tag("provider", provider).tag("result", result.tagValue())
                        .register(registry));
    }

    Timer initiation(InitiationResult result) {
        Timer timer = initiation.get(result.ordinal());
        return timer != null ? timer : registered(initiation, result.ordinal(), () ->
                timer(MicrometerVoiceObserver.CALL_INITIATION)
                        .description("Time to initiate a call, by result")
                        .tag("provider", provider).tag("result", result.tagValue())
                        .register(registry));
    }

    Timer request(ProviderOperation operation, ProviderOutcome outcome) {
        int index = operation.ordinal() * OUTCOMES + outcome.ordinal();
        Timer timer = requests.get(index);
        return timer != null ? timer : registered(requests, index, () ->
                timer(MicrometerVoiceObserver.PROVIDER_REQUESTS)
                        .description("Provider API requests (each attempt), by operation and outcome")
                        .tag("provider", provider).tag("operation", operation.tagValue())
                        .tag("outcome", outcome.tagValue())
                        .register(registry));
    }

    Counter webhooks(WebhookResult result) {
        Counter counter = webhooks.get(result.ordinal());
        return counter != null ? counter : registered(webhooks, result.ordinal(), () ->
                Counter.builder(MicrometerVoiceObserver.WEBHOOKS)
                        .description("Webhooks by result")
                        .tag("provider", provider).tag("result", result.tagValue())
                        .register(registry));
    }

    Timer webhookHandling() {
        Timer timer = webhookHandling;
        if (timer == null) {
            timer = timer(MicrometerVoiceObserver.WEBHOOK_HANDLING)
                    .description("Time to refuse or handle a webhook")
                    .tag("provider", provider)
                    .register(registry);
            webhookHandling = timer;
        }
        return timer;
    }

    Counter ended(CallStatus status) {
        Counter counter = ended.get(status.ordinal());
        return counter != null ? counter : registered(ended, status.ordinal(), () ->
                Counter.builder(MicrometerVoiceObserver.CALLS_ENDED)
                        .description("Calls that reached a terminal status")
                        .tag("provider", provider).tag("status", status.name())
                        .register(registry));
    }

    /**
     * Registers a meter on its first use and keeps it for the next ones. Called only on a miss, so the hot path
     * creates no lambda; a lost race gets the same meter from the registry.
     */
    private static <M> M registered(AtomicReferenceArray<M> cache, int index, Supplier<M> register) {
        M meter = register.get();
        cache.set(index, meter);
        return meter;
    }

    private Timer.Builder timer(String name) {
        return Timer.builder(name).publishPercentileHistogram(histograms);
    }
}
