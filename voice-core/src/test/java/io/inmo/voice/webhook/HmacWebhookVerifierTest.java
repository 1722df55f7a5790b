package io.inmo.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.webhook.HmacWebhookVerifier.Algorithm;
import io.inmo.voice.webhook.HmacWebhookVerifier.Encoding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HmacWebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "whsec_current_0123456789";
    private static final String OLD_SECRET = "whsec_previous_9876543210";
    private static final byte[] BODY = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static HmacWebhookVerifier.Builder builder() {
        return HmacWebhookVerifier.builder().provider("acme").signatureHeader("X-Acme-Signature").clock(CLOCK);
    }

    private static void assertRejected(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(OLD_SECRET);
        });
    }

    static Stream<Arguments> settings() {
        List<Arguments> all = new ArrayList<>();
        for (Algorithm algorithm : Algorithm.values()) {
            for (Encoding encoding : Encoding.values()) {
                for (boolean timestamps : new boolean[] {true, false}) {
                    for (String prefix : new String[] {"", "v1="}) {
                        all.add(Arguments.of(algorithm, encoding, timestamps, prefix));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} timestamps={2} prefix=''{3}''")
    @MethodSource("settings")
    void should_verify_what_it_signed_and_refuse_it_once_the_body_changes(Algorithm algorithm, Encoding encoding,
                                                                         boolean timestamps, String prefix) {
        // given
        HmacWebhookVerifier.Builder b = builder().secrets(SECRET).algorithm(algorithm).encoding(encoding)
                .prefix(prefix);
        if (timestamps) {
            b.timestampHeader("X-Acme-Timestamp");
        }
        HmacWebhookVerifier verifier = b.build();

        // when
        Map<String, List<String>> headers = verifier.sign(BODY);

        // then
        assertThat(headers).containsKey("X-Acme-Signature");
        assertThat(headers.containsKey("X-Acme-Timestamp")).isEqualTo(timestamps);
        assertThat(headers.get("X-Acme-Signature").get(0)).startsWith(prefix);
        assertThatCode(() -> verifier.verify(headers, BODY)).doesNotThrowAnyException();
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("ringing", "ended")
                .getBytes(StandardCharsets.UTF_8);
        assertRejected(() -> verifier.verify(headers, tampered), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_sign_the_timestamp_dot_body_payload_with_the_current_secret() {
        // given
        HmacWebhookVerifier verifier = builder().timestampHeader("X-Acme-Timestamp").secrets(SECRET, OLD_SECRET)
                .build();

        // when
        Map<String, List<String>> headers = verifier.sign(BODY);

        // then: an independent computation of the MAC agrees
        String ts = Long.toString(NOW.toEpochMilli());
        String expected = Signatures.hex(Signatures.hmac("HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8),
                (ts + ".").getBytes(StandardCharsets.UTF_8), BODY));
        assertThat(headers).containsEntry("X-Acme-Timestamp", List.of(ts))
                .containsEntry("X-Acme-Signature", List.of(expected));
    }

    @Test
    void should_accept_bodies_signed_with_any_secret_of_a_rotation_and_refuse_a_retired_one() {
        // given a sender still on the old secret, one on the new, and the host's verifier during the rotation
        HmacWebhookVerifier oldSender = builder().secrets(OLD_SECRET).build();
        HmacWebhookVerifier newSender = builder().secrets(SECRET).build();
        HmacWebhookVerifier rotating = builder().secrets(SECRET, OLD_SECRET).build();
        HmacWebhookVerifier afterRotation = builder().secrets(SECRET).build();

        // when / then
        assertThatCode(() -> rotating.verify(oldSender.sign(BODY), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> rotating.verify(newSender.sign(BODY), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> afterRotation.verify(newSender.sign(BODY), BODY)).doesNotThrowAnyException();
        assertRejected(() -> afterRotation.verify(oldSender.sign(BODY), BODY), Reason.NO_MATCHING_SIGNATURE);
        assertThat(rotating.sign(BODY)).isEqualTo(newSender.sign(BODY));
    }

    @Test
    void should_refuse_a_body_signed_outside_the_tolerance_either_way() {
        // given
        HmacWebhookVerifier verifier = builder().timestampHeader("X-Acme-Timestamp").secrets(SECRET)
                .tolerance(Duration.ofMinutes(5)).build();

        // when / then
        assertThatCode(() -> verifier.verify(verifier.sign(BODY, NOW.minus(Duration.ofMinutes(4))), BODY))
                .doesNotThrowAnyException();
        assertRejected(() -> verifier.verify(verifier.sign(BODY, NOW.minus(Duration.ofMinutes(6))), BODY),
                Reason.TIMESTAMP_TOO_OLD);
        assertRejected(() -> verifier.verify(verifier.sign(BODY, NOW.plus(Duration.ofMinutes(6))), BODY),
                Reason.TIMESTAMP_TOO_NEW);
    }

    @Test
    void should_round_trip_a_payload_with_method_url_and_message_id() {
        // given
        HmacWebhookVerifier verifier = builder().secrets(SECRET).timestampHeader("X-Acme-Timestamp")
                .messageIdHeader("X-Acme-Id").payloadFormat("{svix-id}.{method}.{url}.{timestamp}.{body}")
                .url("https://crm.example/webhooks/voice/acme").build();

        // when
        Map<String, List<String>> headers = verifier.sign(BODY);

        // then
        assertThat(headers.get("X-Acme-Id")).singleElement().asString().startsWith("msg_");
        assertThatCode(() -> verifier.verify(headers, BODY)).doesNotThrowAnyException();
        Map<String, List<String>> otherId = new java.util.HashMap<>(headers);
        otherId.put("X-Acme-Id", List.of("msg_replayed"));
        assertRejected(() -> verifier.verify(otherId, BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_accept_a_compact_json_signature_only_when_the_fallback_is_on() {
        // given a sender that signs the compact re-serialization, not the pretty bytes it sends
        byte[] pretty = "{ \"call_id\" : \"c-1\",\n  \"status\" : \"completed\" }".getBytes(StandardCharsets.UTF_8);
        byte[] compact = "{\"call_id\":\"c-1\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = builder().secrets(SECRET).build().sign(compact);

        // when / then
        assertRejected(() -> builder().secrets(SECRET).build().verify(headers, pretty), Reason.NO_MATCHING_SIGNATURE);
        assertThatCode(() -> builder().secrets(SECRET).reserializedJsonFallback(true).build().verify(headers, pretty))
                .doesNotThrowAnyException();
    }

    @Test
    void should_require_a_required_prefix_and_strip_an_optional_one() {
        // given
        HmacWebhookVerifier plain = builder().secrets(SECRET).build();
        String signature = plain.sign(BODY).get("X-Acme-Signature").get(0);
        HmacWebhookVerifier required = builder().secrets(SECRET).prefix("sha256=").build();
        HmacWebhookVerifier optional = builder().secrets(SECRET).optionalPrefix("sha256=").build();

        // when / then
        assertRejected(() -> required.verify(Map.of("x-acme-signature", List.of(signature)), BODY),
                Reason.MALFORMED_HEADER);
        assertThatCode(() -> required.verify(Map.of("x-acme-signature", List.of("SHA256=" + signature)), BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> optional.verify(Map.of("x-acme-signature", List.of(signature)), BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> optional.verify(Map.of("x-acme-signature", List.of("sha256=" + signature)), BODY))
                .doesNotThrowAnyException();
        assertThat(optional.sign(BODY).get("X-Acme-Signature")).containsExactly(signature);
    }

    @Test
    void should_refuse_missing_and_malformed_headers_with_their_reason() {
        // given
        HmacWebhookVerifier verifier = builder().timestampHeader("X-Acme-Timestamp").secrets(SECRET).build();
        String ts = Long.toString(NOW.getEpochSecond());
        String good = verifier.sign(BODY).get("X-Acme-Signature").get(0);

        // when / then
        assertRejected(() -> verifier.verify(Map.of(), BODY), Reason.MISSING_HEADER);
        assertRejected(() -> verifier.verify(Map.of("X-Acme-Signature", List.of(good)), BODY), Reason.MISSING_HEADER);
        assertRejected(() -> verifier.verify(Map.of("X-Acme-Signature", List.of("zz"), "X-Acme-Timestamp",
                List.of(ts)), BODY), Reason.MALFORMED_HEADER);
        assertRejected(() -> verifier.verify(Map.of("X-Acme-Signature", List.of("abcd"), "X-Acme-Timestamp",
                List.of(ts)), BODY), Reason.MALFORMED_HEADER);
        assertRejected(() -> verifier.verify(Map.of("X-Acme-Signature", List.of(good), "X-Acme-Timestamp",
                List.of("yesterday")), BODY), Reason.MALFORMED_HEADER);
    }

    @Test
    void should_refuse_to_build_without_what_it_needs_and_never_print_secrets() {
        // when / then
        assertThatThrownBy(() -> HmacWebhookVerifier.builder().signatureHeader("X-S").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secrets(");
        assertThatThrownBy(() -> HmacWebhookVerifier.builder().secrets(SECRET).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signatureHeader(");
        assertThatThrownBy(() -> builder().secrets(SECRET).includeTimestamp(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestampHeader(");
        assertThatThrownBy(() -> builder().secrets(SECRET).payloadFormat("{timestamp}.{body}").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{timestamp}");
        assertThat(builder().secrets(SECRET).build().toString()).doesNotContain(SECRET).contains("acme");
    }
}
