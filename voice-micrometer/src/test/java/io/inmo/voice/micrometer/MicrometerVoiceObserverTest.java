package io.inmo.voice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceObserver.InitiationResult;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.VoiceObserver.RetryReason;
import io.inmo.voice.VoiceObserver.SummaryResult;
import io.inmo.voice.VoiceObserver.WebhookResult;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MicrometerVoiceObserverTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerVoiceObserver observer = new MicrometerVoiceObserver(registry);

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).meters().stream()
                .mapToDouble(m -> m instanceof Timer ? ((Timer) m).count() : m.measure().iterator().next().getValue())
                .sum();
    }

    @Test
    void should_record_every_meter_with_its_tags() {
        // when
        observer.initiationFinished("vapi", InitiationResult.PLACED, Duration.ofMillis(30));
        observer.initiationFinished("vapi", InitiationResult.PLACED, Duration.ofMillis(10));
        observer.initiationFinished(VoiceObserver.UNKNOWN_PROVIDER, InitiationResult.INVALID_NUMBER, Duration.ZERO);
        observer.providerRequest("vapi", ProviderOperation.CREATE, ProviderOutcome.RATE_LIMITED, 1,
                Duration.ofMillis(5));
        observer.providerRequest("vapi", ProviderOperation.CREATE, ProviderOutcome.SUCCESS, 2, Duration.ofMillis(7));
        observer.providerRequest("bland", ProviderOperation.FETCH, ProviderOutcome.TIMEOUT, 1, Duration.ofSeconds(30));
        observer.webhookFinished("vapi", WebhookResult.APPLIED, Duration.ofMillis(1));
        observer.webhookFinished("vapi", WebhookResult.UNAUTHORIZED, Duration.ofMillis(1));
        observer.callEnded("vapi", CallStatus.VOICEMAIL, Duration.ofSeconds(20));
        observer.summaryFinished(SummaryResult.RETRIED, 1, Duration.ofMillis(2));
        observer.summaryFinished(SummaryResult.DONE, 2, Duration.ofMillis(2));
        observer.retryWait("vapi", Duration.ofSeconds(2), RetryReason.RATE_LIMITED);
        observer.reconcileFinished(1, 1, Duration.ofMillis(3));

        // then
        assertThat(count("voice.calls.initiated", "provider", "vapi", "result", "placed")).isEqualTo(2);
        assertThat(count("voice.calls.initiated", "provider", "unknown", "result", "invalid_number")).isEqualTo(1);
        assertThat(registry.get("voice.call.initiation").tags("provider", "vapi", "result", "placed").timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(count("voice.provider.requests", "provider", "vapi", "operation", "create", "outcome", "429"))
                .isEqualTo(1);
        assertThat(count("voice.provider.requests", "provider", "vapi", "operation", "create", "outcome", "2xx"))
                .isEqualTo(1);
        assertThat(count("voice.provider.requests", "provider", "bland", "operation", "fetch", "outcome", "timeout"))
                .isEqualTo(1);
        assertThat(count("voice.webhooks", "provider", "vapi", "result", "applied")).isEqualTo(1);
        assertThat(count("voice.webhooks", "provider", "vapi", "result", "unauthorized")).isEqualTo(1);
        assertThat(count("voice.webhook.handling", "provider", "vapi")).isEqualTo(2);
        assertThat(count("voice.calls.ended", "provider", "vapi", "status", "VOICEMAIL")).isEqualTo(1);
        assertThat(count("voice.summaries", "result", "retried")).isEqualTo(1);
        assertThat(count("voice.summaries", "result", "done")).isEqualTo(1);
        assertThat(count("voice.summaries", "result", "failed")).isZero();
        assertThat(names()).containsExactlyInAnyOrder("voice.calls.initiated", "voice.call.initiation",
                "voice.provider.requests", "voice.webhooks", "voice.webhook.handling", "voice.calls.ended",
                "voice.summaries");
    }

    @Test
    void should_give_every_meter_of_a_name_the_same_tag_keys() {
        // given: every event with every value
        for (InitiationResult r : InitiationResult.values()) {
            observer.initiationFinished("vapi", r, Duration.ZERO);
        }
        for (ProviderOperation op : ProviderOperation.values()) {
            for (ProviderOutcome o : ProviderOutcome.values()) {
                observer.providerRequest("bland", op, o, 1, Duration.ZERO);
            }
        }
        for (WebhookResult r : WebhookResult.values()) {
            observer.webhookFinished("fake", r, Duration.ZERO);
        }
        for (CallStatus s : CallStatus.values()) {
            observer.callEnded("fake", s, null);
        }

        // when
        Map<String, Set<Set<String>>> keysByName = registry.getMeters().stream().collect(Collectors.groupingBy(
                m -> m.getId().getName(), TreeMap::new,
                Collectors.mapping(m -> m.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()),
                        Collectors.toSet())));

        // then
        assertThat(keysByName).containsExactly(
                Map.entry("voice.call.initiation", Set.of(Set.of("provider", "result"))),
                Map.entry("voice.calls.ended", Set.of(Set.of("provider", "status"))),
                Map.entry("voice.calls.initiated", Set.of(Set.of("provider", "result"))),
                Map.entry("voice.provider.requests", Set.of(Set.of("provider", "operation", "outcome"))),
                Map.entry("voice.summaries", Set.of(Set.of("result"))),
                Map.entry("voice.webhook.handling", Set.of(Set.of("provider"))),
                Map.entry("voice.webhooks", Set.of(Set.of("provider", "result"))));
    }

    @Test
    void should_reuse_its_meters_instead_of_registering_again() {
        // given
        observer.webhookFinished("vapi", WebhookResult.APPLIED, Duration.ZERO);
        List<Meter> before = registry.getMeters();

        // when
        for (int i = 0; i < 1_000; i++) {
            observer.webhookFinished("vapi", WebhookResult.APPLIED, Duration.ofNanos(i));
        }

        // then
        assertThat(registry.getMeters()).hasSameSizeAs(before);
        assertThat(count("voice.webhooks", "provider", "vapi", "result", "applied")).isEqualTo(1_001);
    }

    @Test
    void should_cap_the_number_of_provider_values() {
        // when: far more distinct provider ids than any classpath has
        for (int i = 0; i < 100; i++) {
            observer.webhookFinished("provider-" + i, WebhookResult.APPLIED, Duration.ZERO);
        }

        // then
        Set<String> providers = registry.get("voice.webhooks").meters().stream()
                .map(m -> m.getId().getTag("provider")).collect(Collectors.toSet());
        assertThat(providers).hasSize(MicrometerVoiceObserver.MAX_PROVIDERS + 1).contains("other");
        assertThat(count("voice.webhooks", "provider", "other")).isEqualTo(100 - MicrometerVoiceObserver.MAX_PROVIDERS);
    }

    @Test
    void should_publish_percentile_histograms_only_when_asked() {
        // given: filters that see the histogram setting of every timer registered
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        Map<String, Boolean> plain = histogramSettings(first);
        MicrometerVoiceObserver withoutHistograms = new MicrometerVoiceObserver(first);
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        Map<String, Boolean> asked = histogramSettings(other);
        MicrometerVoiceObserver withHistograms = MicrometerVoiceObserver.builder(other).percentileHistograms(true)
                .build();

        // when
        for (MicrometerVoiceObserver o : List.of(withoutHistograms, withHistograms)) {
            o.initiationFinished("vapi", InitiationResult.PLACED, Duration.ofMillis(3));
            o.providerRequest("vapi", ProviderOperation.CREATE, ProviderOutcome.SUCCESS, 1, Duration.ofMillis(3));
            o.webhookFinished("vapi", WebhookResult.APPLIED, Duration.ofMillis(3));
        }

        // then
        assertThat(plain).hasSize(3).containsValues(false).doesNotContainValue(true);
        assertThat(asked).hasSize(3).containsValues(true).doesNotContainValue(false);
    }

    private static Map<String, Boolean> histogramSettings(MeterRegistry registry) {
        Map<String, Boolean> settings = new ConcurrentHashMap<>();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER) {
                    settings.put(id.getName(), Boolean.TRUE.equals(config.isPercentileHistogram()));
                }
                return config;
            }
        });
        return settings;
    }

    @Test
    void should_show_zero_summaries_before_the_first_one() {
        // then
        assertThat(registry.get("voice.summaries").counters()).hasSize(3);
        assertThat(count("voice.summaries")).isZero();
    }

    @Test
    void should_register_the_counters_of_the_named_providers_at_zero() {
        // given
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();

        // when
        MicrometerVoiceObserver.builder(fresh).providers("vapi", "bland").build();

        // then: every result and terminal status of both, no timers yet
        assertThat(fresh.get("voice.webhooks").tags("provider", "vapi", "result", "unauthorized").counter().count())
                .isZero();
        assertThat(fresh.get("voice.calls.ended").tags("provider", "bland", "status", "FAILED").counter().count())
                .isZero();
        assertThat(fresh.get("voice.calls.initiated").tag("provider", "bland").counters())
                .hasSize(InitiationResult.values().length);
        assertThat(fresh.get("voice.webhooks").counters()).hasSize(2 * WebhookResult.values().length);
        assertThat(fresh.get("voice.calls.ended").counters()).hasSize(2 * 6);
        assertThat(fresh.find("voice.call.initiation").timers()).isEmpty();
        assertThatThrownBy(() -> MicrometerVoiceObserver.builder(fresh).providers(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_need_a_registry() {
        // when / then
        assertThatThrownBy(() -> new MicrometerVoiceObserver(null)).isInstanceOf(NullPointerException.class);
    }

    private Set<String> names() {
        return registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
    }
}
