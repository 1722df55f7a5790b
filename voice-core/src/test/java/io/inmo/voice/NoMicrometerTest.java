package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.testing.RecordingObserver;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** voice-core must work, observers included, for hosts that have no metrics library at all. */
class NoMicrometerTest {

    @Test
    void should_have_no_micrometer_on_the_core_classpath() {
        // when / then: core declares no dependency on it, directly or transitively
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.inmo.voice.micrometer.MicrometerVoiceObserver"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void should_report_to_a_plain_observer_without_micrometer() {
        // given
        RecordingObserver observer = new RecordingObserver();
        WebhookNormalizer normalizer = WebhookNormalizer.builder()
                .providerFactory(VoiceProviderFactory.builder().discover(false)
                        .register(FakeVoiceProvider.builder().build()).build())
                .verifier(FakeVoiceProvider.ID, FakeVoiceProvider.verifier("whsec-test"))
                .observer(observer)
                .build();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        // when
        assertThatThrownBy(() -> normalizer.normalize("fake", Map.of(), body))
                .isInstanceOf(WebhookVerificationException.class);

        // then
        assertThat(observer.events()).containsExactly("webhook fake unauthorized");
    }
}
