package io.inmo.voice.micrometer;

import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what inmo-voice does in a Micrometer {@link MeterRegistry}: attach it to the {@code VoiceCallService}
 * and the {@code WebhookNormalizer}.
 *
 * <pre>{@code
 * MicrometerVoiceObserver metrics = new MicrometerVoiceObserver(meterRegistry);
 * VoiceCallService calls = VoiceCallService.builder().observer(metrics)...build();
 * WebhookNormalizer normalizer = WebhookNormalizer.builder().observer(metrics)...build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters (every meter of a name always has the same tag keys)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #CALLS_INITIATED}</td><td>counter</td><td>{@code provider}, {@code result} (placed,
 *       unconfirmed, rejected, unavailable, invalid_number, in_progress)</td></tr>
 *   <tr><td>{@value #CALL_INITIATION}</td><td>timer</td><td>{@code provider}, {@code result}</td></tr>
 *   <tr><td>{@value #PROVIDER_REQUESTS}</td><td>timer</td><td>{@code provider}, {@code operation} (create,
 *       fetch), {@code outcome} (2xx, 4xx, 429, 5xx, timeout, io_error)</td></tr>
 *   <tr><td>{@value #WEBHOOKS}</td><td>counter</td><td>{@code provider}, {@code result} (applied, duplicate,
 *       ignored, unknown_call, unauthorized, malformed, too_large, unknown_provider)</td></tr>
 *   <tr><td>{@value #WEBHOOK_HANDLING}</td><td>timer</td><td>{@code provider}</td></tr>
 *   <tr><td>{@value #CALLS_ENDED}</td><td>counter</td><td>{@code provider}, {@code status} (the
 *       {@link CallStatus} name)</td></tr>
 *   <tr><td>{@value #SUMMARIES}</td><td>counter</td><td>{@code result} (done, failed, retried)</td></tr>
 * </table>
 *
 * <p>Tag values come from fixed sets and from the installed providers' ids ({@code unknown} for a webhook naming
 * none); never a lead, call id, phone number or provider reason, so the number of series stays small. As a last
 * guard, provider values past the {@value #MAX_PROVIDERS}th distinct one are recorded as {@code other}. Meters are
 * registered on first use and cached, so recording costs a map lookup and an increment. Timers publish
 * percentile histograms only when {@link Builder#percentileHistograms(boolean)} asks for them.
 *
 * <p>Provider retry waits and reconciliation runs are not metered here (the 429s that cause most waits show in
 * {@value #PROVIDER_REQUESTS}); to see them, add your own observer with {@link VoiceObserver#composite}.
 * Thread-safe.
 */
public final class MicrometerVoiceObserver implements VoiceObserver {

    /** Counter of finished initiations. */
    public static final String CALLS_INITIATED = "voice.calls.initiated";
    /** Timer of initiations. */
    public static final String CALL_INITIATION = "voice.call.initiation";
    /** Timer of provider HTTP requests (each attempt). */
    public static final String PROVIDER_REQUESTS = "voice.provider.requests";
    /** Counter of webhooks by result. */
    public static final String WEBHOOKS = "voice.webhooks";
    /** Timer of webhook handling. */
    public static final String WEBHOOK_HANDLING = "voice.webhook.handling";
    /** Counter of calls that reached a terminal status. */
    public static final String CALLS_ENDED = "voice.calls.ended";
    /** Counter of summary attempts by result. */
    public static final String SUMMARIES = "voice.summaries";

    /** Distinct provider tag values kept; more than a handful means ids come from somewhere they should not. */
    static final int MAX_PROVIDERS = 16;
    static final String OTHER_PROVIDER = "other";

    private final MeterRegistry registry;
    private final boolean histograms;
    private final Map<String, ProviderMeters> byProvider = new ConcurrentHashMap<>();
    private final Counter[] summaries = new Counter[SummaryResult.values().length];

    /**
     * Records into {@code registry}, without percentile histograms.
     *
     * @param registry where meters are registered
     */
    public MicrometerVoiceObserver(MeterRegistry registry) {
        this(builder(registry));
    }

    private MicrometerVoiceObserver(Builder b) {
        this.registry = b.registry;
        this.histograms = b.histograms;
        for (SummaryResult r : SummaryResult.values()) {
            // Registered up front: a dashboard shows "0 failed" instead of no data.
            summaries[r.ordinal()] = Counter.builder(SUMMARIES)
                    .description("Summary hook attempts by result (retried: failed, will be tried again)")
                    .tag("result", r.tagValue())
                    .register(registry);
        }
        for (String provider : b.providers) {
            ProviderMeters meters = meters(provider);
            for (InitiationResult r : InitiationResult.values()) {
                meters.initiated(r);
            }
            for (WebhookResult r : WebhookResult.values()) {
                meters.webhooks(r);
            }
            for (CallStatus s : CallStatus.values()) {
                if (s.isTerminal()) {
                    meters.ended(s);
                }
            }
        }
    }

    /**
     * @param registry where meters are registered
     * @return a builder for the options
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void initiationFinished(String provider, InitiationResult result, Duration elapsed) {
        ProviderMeters meters = meters(provider);
        meters.initiated(result).increment();
        meters.initiation(result).record(elapsed);
    }

    @Override
    public void providerRequest(String provider, ProviderOperation operation, ProviderOutcome outcome, int attempt,
                                Duration elapsed) {
        meters(provider).request(operation, outcome).record(elapsed);
    }

    @Override
    public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
        ProviderMeters meters = meters(provider);
        meters.webhooks(result).increment();
        meters.webhookHandling().record(elapsed);
    }

    @Override
    public void callEnded(String provider, CallStatus status, Duration callDuration) {
        meters(provider).ended(status).increment();
    }

    @Override
    public void summaryFinished(SummaryResult result, int attempts, Duration elapsed) {
        summaries[result.ordinal()].increment();
    }

    private ProviderMeters meters(String provider) {
        String tag = provider == null || provider.isBlank() ? VoiceObserver.UNKNOWN_PROVIDER : provider;
        ProviderMeters meters = byProvider.get(tag);
        if (meters != null) {
            return meters;
        }
        if (byProvider.size() >= MAX_PROVIDERS) {
            tag = OTHER_PROVIDER;
        }
        return byProvider.computeIfAbsent(tag, p -> new ProviderMeters(registry, p, histograms));
    }

    @Override
    public String toString() {
        return "MicrometerVoiceObserver[" + registry.getClass().getSimpleName() + "]";
    }

    /** Options for {@link MicrometerVoiceObserver}. Not thread-safe. */
    public static final class Builder {
        private final MeterRegistry registry;
        private boolean histograms;
        private final Set<String> providers = new LinkedHashSet<>();

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * @param publish whether timers publish percentile histograms (for server-side quantiles, for example
         *        Prometheus' {@code histogram_quantile}); each adds a few dozen series per timer. Default
         *        {@code false}
         * @return this builder
         */
        public Builder percentileHistograms(boolean publish) {
            this.histograms = publish;
            return this;
        }

        /**
         * Registers the counters of these providers at zero, so that a series exists before its first event: an
         * alert such as {@code increase(voice_webhooks_total{result="unauthorized"}[5m]) > 0} then fires on the
         * first refused webhook, not only from the second one. Timers are still registered on first use.
         *
         * @param providerIds provider ids, such as {@code "vapi"}, {@code "bland"}
         * @return this builder
         */
        public Builder providers(String... providerIds) {
            for (String id : Objects.requireNonNull(providerIds, "providerIds")) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("provider ids must not be blank");
                }
                providers.add(id);
            }
            return this;
        }

        /** @return the observer */
        public MicrometerVoiceObserver build() {
            return new MicrometerVoiceObserver(this);
        }
    }
}
