package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.VoiceObserver;
import io.inmo.voice.micrometer.MicrometerVoiceObserver;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The voice.* meters when voice-micrometer and a MeterRegistry are present; the application's observers too. */
class VoiceMetricsWiringTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceMetricsAutoConfiguration.class, VoiceAutoConfiguration.class))
            .withPropertyValues("inmo.voice.reconcile.enabled=false");

    @Test
    void should_record_meters_when_the_application_has_a_meter_registry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(MicrometerVoiceObserver.class);
            refuseOneWebhook(context.getBean(WebhookNormalizer.class));
            assertThat(context.getBean(MeterRegistry.class).find(MicrometerVoiceObserver.WEBHOOKS)
                    .tags("provider", "vapi", "result", "unauthorized").counter())
                    .isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
        });
    }

    @Test
    void should_not_record_meters_without_a_registry_or_without_voice_micrometer() {
        runner.run(context -> assertThat(context).doesNotHaveBean(MicrometerVoiceObserver.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(MicrometerVoiceObserver.class))
                .run(context -> assertThat(context).doesNotHaveBean(MicrometerVoiceObserver.class));
    }

    @Test
    void should_pass_the_applications_own_observers_along_with_the_meters() {
        List<String> seen = new CopyOnWriteArrayList<>();
        VoiceObserver own = new VoiceObserver() {
            @Override
            public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
                seen.add(provider + ":" + result);
            }
        };
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(VoiceObserver.class, () -> own)
                .run(context -> {
                    refuseOneWebhook(context.getBean(WebhookNormalizer.class));
                    assertThat(seen).containsExactly("vapi:UNAUTHORIZED");
                    assertThat(context.getBean(MeterRegistry.class).find(MicrometerVoiceObserver.WEBHOOKS).counter())
                            .isNotNull();
                });
    }

    private static void refuseOneWebhook(WebhookNormalizer normalizer) {
        try {
            normalizer.normalize("vapi", Map.of(), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (io.inmo.voice.WebhookVerificationException expected) {
            // no VAPI secret configured: refused, and counted
        }
    }
}
