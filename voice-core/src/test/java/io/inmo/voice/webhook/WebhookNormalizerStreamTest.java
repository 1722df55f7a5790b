package io.inmo.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.testing.RecordingObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link WebhookNormalizer#normalize(String, Map, InputStream, long)}: the host hands over the stream, checks nothing. */
class WebhookNormalizerStreamTest {

    private static final String SECRET = "whsec-test";
    private static final String FAKE = FakeVoiceProvider.ID;
    private static final byte[] STATUS_UPDATE = ("{\"type\":\"status-update\",\"event_id\":\"fake-call-1:2\","
            + "\"call_id\":\"fake-call-1\",\"timestamp\":\"2026-03-02T10:00:02Z\","
            + "\"metadata\":{\"callId\":\"c-42\"},\"status\":\"ringing\"}").getBytes(StandardCharsets.UTF_8);

    private final RecordingObserver observer = new RecordingObserver();
    private final AtomicInteger verifications = new AtomicInteger();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder()
            .providerFactory(VoiceProviderFactory.builder().discover(false)
                    .register(FakeVoiceProvider.builder().build()).build())
            .verifier(FAKE, (headers, body) -> {
                verifications.incrementAndGet();
                FakeVoiceProvider.verifier(SECRET).verify(headers, body);
            })
            .maxBodyBytes(1_000)
            .observer(observer)
            .build();

    private static Map<String, List<String>> signed(byte[] body) {
        return Map.of(FakeVoiceProvider.SIGNATURE_HEADER,
                List.of(Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(SECRET), body))));
    }

    @Test
    void should_normalize_a_stream_with_or_without_a_declared_length_as_the_bytes_would_be() throws IOException {
        // when
        WebhookEvent declared = normalizer.normalize(FAKE, signed(STATUS_UPDATE),
                new ByteArrayInputStream(STATUS_UPDATE), STATUS_UPDATE.length);
        WebhookEvent chunked = normalizer.normalize(FAKE, signed(STATUS_UPDATE),
                new ByteArrayInputStream(STATUS_UPDATE), -1);

        // then
        WebhookEvent fromBytes = normalizer.normalize(FAKE, signed(STATUS_UPDATE), STATUS_UPDATE);
        assertThat(declared).isEqualTo(fromBytes);
        assertThat(chunked).isEqualTo(fromBytes);
    }

    @Test
    void should_refuse_an_unknown_provider_without_reading_a_byte() {
        // given
        CountingStream body = new CountingStream(Integer.MAX_VALUE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize("twilio", Map.of(), body, 10))
                .isInstanceOf(UnknownProviderException.class);
        assertThat(body.read).isZero();
        assertThat(observer.events()).containsExactly("webhook unknown unknown_provider");
    }

    @Test
    void should_refuse_a_declared_length_over_the_limit_before_reading() {
        // given
        CountingStream body = new CountingStream(Integer.MAX_VALUE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, Map.of(), body, 1_001))
                .isInstanceOfSatisfying(PayloadTooLargeException.class,
                        e -> assertThat(e.getMessage()).contains("1001 bytes"));
        assertThat(body.read).isZero();
        assertThat(verifications).hasValue(0);
        assertThat(observer.events()).containsExactly("webhook fake too_large");
    }

    @Test
    void should_stop_reading_an_endless_chunked_body_one_byte_past_the_limit() {
        // given a body with no declared length that never ends
        CountingStream body = new CountingStream(Integer.MAX_VALUE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, Map.of(), body, -1))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThat(body.read).isEqualTo(1_001);
        assertThat(verifications).hasValue(0);
        assertThat(observer.events()).containsExactly("webhook fake too_large");
    }

    @Test
    void should_refuse_a_body_shorter_than_its_declared_length_as_malformed() {
        // given an upload cut off after 150 of 200 bytes
        CountingStream body = new CountingStream(150);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, Map.of(), body, 200))
                .isInstanceOfSatisfying(MalformedWebhookException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("150 of the 200 bytes");
                });
        assertThat(verifications).hasValue(0);
        assertThat(observer.events()).containsExactly("webhook fake malformed");
    }

    @Test
    void should_pass_a_broken_connection_on_without_counting_it_as_a_refusal() {
        // given
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, Map.of(), broken, -1))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(observer.events()).isEmpty();
    }

    /** Serves {@code length} bytes of {@code '{'} and counts what was read. */
    private static final class CountingStream extends InputStream {
        private final long length;
        long read;

        CountingStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (read >= length) {
                return -1;
            }
            read++;
            return '{';
        }
    }
}
