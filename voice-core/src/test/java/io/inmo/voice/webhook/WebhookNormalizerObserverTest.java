package io.inmo.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.testing.RecordingObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookNormalizerObserverTest {

    private static final String SECRET = "whsec-test";
    private static final String STATUS_UPDATE = "{\"type\":\"status-update\",\"event_id\":\"e-1\","
            + "\"call_id\":\"fake-call-1\",\"metadata\":{\"callId\":\"c-42\"},\"status\":\"ringing\"}";

    private final RecordingObserver observer = new RecordingObserver();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder()
            .providerFactory(VoiceProviderFactory.builder().discover(false)
                    .register(FakeVoiceProvider.builder().build()).build())
            .verifier(FakeVoiceProvider.ID, FakeVoiceProvider.verifier(SECRET))
            .maxBodyBytes(1024)
            .observer(observer)
            .build();

    private static Map<String, List<String>> signed(byte[] body) {
        return Map.of(FakeVoiceProvider.SIGNATURE_HEADER,
                List.of(Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(SECRET), body))));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_report_nothing_for_an_accepted_webhook_because_the_service_reports_its_result() {
        // given
        byte[] body = bytes(STATUS_UPDATE);

        // when
        normalizer.normalize("fake", signed(body), body);

        // then
        assertThat(observer.events()).isEmpty();
    }

    @Test
    void should_report_each_refusal_with_its_result() {
        // given
        byte[] good = bytes(STATUS_UPDATE);
        byte[] notJson = bytes("{not json");
        byte[] tooLarge = new byte[2048];

        // when
        assertThatThrownBy(() -> normalizer.normalize("fake", Map.of(), good))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> normalizer.normalize("fake", signed(bytes("{}")), good))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> normalizer.normalize("fake", signed(notJson), notJson))
                .isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> normalizer.normalize("fake", signed(tooLarge), tooLarge))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> normalizer.normalize("+14155550123", signed(good), good))
                .isInstanceOf(UnknownProviderException.class);
        assertThatThrownBy(() -> normalizer.normalize(null, signed(good), good))
                .isInstanceOf(UnknownProviderException.class);

        // then: the unknown provider's id (it comes from the URL) is never passed on
        assertThat(observer.events()).containsExactly("webhook fake unauthorized", "webhook fake unauthorized",
                "webhook fake malformed", "webhook fake too_large", "webhook unknown unknown_provider",
                "webhook unknown unknown_provider");
    }

    @Test
    void should_report_a_webhook_naming_no_call_as_malformed() {
        // given
        byte[] body = bytes("{\"type\":\"status-update\",\"event_id\":\"e-1\",\"status\":\"ringing\"}");

        // when
        assertThatThrownBy(() -> normalizer.normalize("fake", signed(body), body))
                .isInstanceOf(MalformedWebhookException.class);

        // then
        assertThat(observer.events()).containsExactly("webhook fake malformed");
    }

    @Test
    void should_refuse_webhooks_as_before_when_the_observer_throws() {
        // given
        WebhookNormalizer withBrokenObserver = WebhookNormalizer.builder()
                .providerFactory(VoiceProviderFactory.builder().discover(false)
                        .register(FakeVoiceProvider.builder().build()).build())
                .verifier(FakeVoiceProvider.ID, FakeVoiceProvider.verifier(SECRET))
                .observer(new VoiceObserver() {
                    @Override
                    public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
                        throw new IllegalStateException("observer bug");
                    }
                })
                .build();
        byte[] body = bytes(STATUS_UPDATE);

        // when / then: the host still gets the 401, not the observer's exception
        assertThatThrownBy(() -> withBrokenObserver.normalize("fake", Map.of(), body))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(withBrokenObserver.normalize("fake", signed(body), body).callId()).isEqualTo("c-42");
    }
}
