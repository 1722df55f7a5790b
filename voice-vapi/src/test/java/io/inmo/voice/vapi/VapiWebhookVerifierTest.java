package io.inmo.voice.vapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.webhook.HmacWebhookVerifier.Algorithm;
import io.inmo.voice.webhook.HmacWebhookVerifier.Encoding;
import io.inmo.voice.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class VapiWebhookVerifierTest {

    private static final Instant NOW = Instant.parse("2026-03-10T16:04:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "whsec-current";
    private static final byte[] BODY = Fixtures.bytes("webhook-status-update-ended.json");

    private static String hmacHex(String algorithm, String secret, String timestamp, byte[] body) {
        return Signatures.hex(Signatures.hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + ".").getBytes(StandardCharsets.UTF_8), body));
    }

    private static Map<String, List<String>> headers(String signature, String timestamp) {
        return Map.of("X-Signature", List.of(signature), "X-Timestamp", List.of(timestamp));
    }

    private static WebhookVerifier defaultHmac(String... secrets) {
        return VapiWebhookVerifier.hmac().secrets(secrets).clock(CLOCK).build();
    }

    private static void assertRejected(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class)
                .satisfies(e -> assertThat(((WebhookVerificationException) e).reason()).isEqualTo(reason))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void should_accept_valid_signature_with_vapi_defaults_and_epoch_millis_timestamp() {
        // given
        String ts = Long.toString(NOW.toEpochMilli());
        String signature = hmacHex("HmacSHA256", SECRET, ts, BODY);

        // when / then
        assertThatCode(() -> defaultHmac(SECRET).verify(headers(signature, ts), BODY)).doesNotThrowAnyException();
    }

    @Test
    void should_accept_epoch_seconds_timestamp_and_upper_case_hex() {
        // given
        String ts = Long.toString(NOW.getEpochSecond() - 30);
        String signature = hmacHex("HmacSHA256", SECRET, ts, BODY).toUpperCase();

        // when / then
        assertThatCode(() -> defaultHmac(SECRET).verify(headers(signature, ts), BODY)).doesNotThrowAnyException();
    }

    @Test
    void should_reject_missing_signature_or_timestamp_header() {
        // given
        String ts = Long.toString(NOW.toEpochMilli());
        String signature = hmacHex("HmacSHA256", SECRET, ts, BODY);
        WebhookVerifier verifier = defaultHmac(SECRET);

        // when / then
        assertRejected(() -> verifier.verify(Map.of("x-timestamp", List.of(ts)), BODY), Reason.MISSING_HEADER);
        assertRejected(() -> verifier.verify(Map.of("x-signature", List.of(signature)), BODY), Reason.MISSING_HEADER);
    }

    @Test
    void should_reject_malformed_headers() {
        // given
        String ts = Long.toString(NOW.toEpochMilli());
        WebhookVerifier verifier = defaultHmac(SECRET);

        // when / then
        assertRejected(() -> verifier.verify(headers("not-hex!", ts), BODY), Reason.MALFORMED_HEADER);
        assertRejected(() -> verifier.verify(headers("abcd", "yesterday"), BODY), Reason.MALFORMED_HEADER);
    }

    @Test
    void should_reject_wrong_secret() {
        // given
        String ts = Long.toString(NOW.toEpochMilli());
        String signature = hmacHex("HmacSHA256", "someone-else", ts, BODY);

        // when / then
        assertRejected(() -> defaultHmac(SECRET).verify(headers(signature, ts), BODY), Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_reject_tampered_body() {
        // given
        String ts = Long.toString(NOW.toEpochMilli());
        String signature = hmacHex("HmacSHA256", SECRET, ts, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("assistant-ended-call", "customer-busy")
                .getBytes(StandardCharsets.UTF_8);

        // when / then
        assertRejected(() -> defaultHmac(SECRET).verify(headers(signature, ts), tampered),
                Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_reject_re_serialized_body_because_hmac_covers_raw_bytes() throws Exception {
        // given: a framework parsed and re-wrote the JSON before handing it over
        String ts = Long.toString(NOW.toEpochMilli());
        String signature = hmacHex("HmacSHA256", SECRET, ts, BODY);
        ObjectMapper mapper = new ObjectMapper();
        byte[] reserialized = mapper.writeValueAsBytes(mapper.readTree(BODY));

        // when / then
        assertThat(reserialized).isNotEqualTo(BODY);
        assertRejected(() -> defaultHmac(SECRET).verify(headers(signature, ts), reserialized),
                Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_reject_stale_and_future_timestamps() {
        // given
        String old = Long.toString(NOW.minus(Duration.ofMinutes(6)).toEpochMilli());
        String future = Long.toString(NOW.plus(Duration.ofMinutes(6)).getEpochSecond());
        WebhookVerifier verifier = defaultHmac(SECRET);

        // when / then
        assertRejected(() -> verifier.verify(headers(hmacHex("HmacSHA256", SECRET, old, BODY), old), BODY),
                Reason.TIMESTAMP_TOO_OLD);
        assertRejected(() -> verifier.verify(headers(hmacHex("HmacSHA256", SECRET, future, BODY), future), BODY),
                Reason.TIMESTAMP_TOO_NEW);
    }

    @Test
    void should_accept_timestamps_inside_a_custom_tolerance() {
        // given
        String old = Long.toString(NOW.minus(Duration.ofMinutes(9)).toEpochMilli());
        WebhookVerifier verifier = VapiWebhookVerifier.hmac().secrets(SECRET).tolerance(Duration.ofMinutes(10))
                .clock(CLOCK).build();

        // when / then
        assertThatCode(() -> verifier.verify(headers(hmacHex("HmacSHA256", SECRET, old, BODY), old), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void should_accept_any_rotated_secret() {
        // given
        String ts = Long.toString(NOW.toEpochMilli());
        WebhookVerifier verifier = defaultHmac("new-secret", SECRET);

        // when / then
        assertThatCode(() -> verifier.verify(headers(hmacHex("HmacSHA256", SECRET, ts, BODY), ts), BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(headers(hmacHex("HmacSHA256", "new-secret", ts, BODY), ts), BODY))
                .doesNotThrowAnyException();
        assertRejected(() -> verifier.verify(headers(hmacHex("HmacSHA256", "retired", ts, BODY), ts), BODY),
                Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_support_sha512_base64_prefix_custom_headers_format_and_base64_secret() {
        // given
        byte[] key = "binary-key-bytes".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(NOW.getEpochSecond());
        byte[] mac = Signatures.hmac("HmacSHA512", key, "POST:https://crm.example/hook:".getBytes(StandardCharsets.UTF_8),
                ts.getBytes(StandardCharsets.UTF_8), ":".getBytes(StandardCharsets.UTF_8), BODY);
        WebhookVerifier verifier = VapiWebhookVerifier.hmac()
                .secrets(Base64.getEncoder().encodeToString(key))
                .base64Secrets(true)
                .algorithm(Algorithm.SHA512)
                .signatureHeader("X-Hub-Signature")
                .timestampHeader("X-Hub-Time")
                .payloadFormat("{method}:{url}:{timestamp}:{body}")
                .url("https://crm.example/hook")
                .encoding(Encoding.BASE64)
                .prefix("sha512=")
                .clock(CLOCK)
                .build();
        Map<String, List<String>> headers = Map.of("x-hub-signature",
                List.of("sha512=" + Base64.getEncoder().encodeToString(mac)), "x-hub-time", List.of(ts));

        // when / then
        assertThatCode(() -> verifier.verify(headers, BODY)).doesNotThrowAnyException();
        assertRejected(() -> verifier.verify(Map.of("x-hub-signature", List.of(Base64.getEncoder().encodeToString(mac)),
                "x-hub-time", List.of(ts)), BODY), Reason.MALFORMED_HEADER);
    }

    @Test
    void should_support_sha1_without_timestamp() {
        // given
        String signature = Signatures.hex(Signatures.hmac("HmacSHA1", SECRET.getBytes(StandardCharsets.UTF_8), BODY));
        WebhookVerifier verifier = VapiWebhookVerifier.hmac().secrets(SECRET).algorithm(Algorithm.SHA1)
                .includeTimestamp(false).clock(CLOCK).build();

        // when / then
        assertThatCode(() -> verifier.verify(Map.of("x-signature", List.of(signature)), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void should_refuse_to_build_incomplete_hmac_configuration() {
        // when / then
        assertThatThrownBy(() -> VapiWebhookVerifier.hmac().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> VapiWebhookVerifier.hmac().secrets(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VapiWebhookVerifier.hmac().secrets("s").payloadFormat("{url}{body}").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url");
        assertThatThrownBy(() -> VapiWebhookVerifier.hmac().secrets("s").payloadFormat("{timestamp}").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{body}");
        assertThatThrownBy(() -> VapiWebhookVerifier.hmac().secrets("%%%").base64Secrets(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    }

    @Test
    void should_accept_legacy_secret_header_in_any_case() {
        // given
        WebhookVerifier verifier = VapiWebhookVerifier.secretHeader(SECRET);

        // when / then
        assertThatCode(() -> verifier.verify(Map.of("X-Vapi-Secret", List.of(SECRET)), BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(Map.of("x-vapi-secret", List.of(SECRET)), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void should_reject_missing_or_wrong_legacy_secret() {
        // given
        WebhookVerifier verifier = VapiWebhookVerifier.secretHeader(SECRET);

        // when / then
        assertRejected(() -> verifier.verify(Map.of(), BODY), Reason.MISSING_HEADER);
        assertRejected(() -> verifier.verify(Map.of("x-vapi-secret", List.of("guess")), BODY),
                Reason.NO_MATCHING_SIGNATURE);
        assertRejected(() -> verifier.verify(Map.of("x-vapi-secret", List.of(SECRET + "x")), BODY),
                Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_accept_rotated_legacy_secrets() {
        // given
        WebhookVerifier verifier = VapiWebhookVerifier.secretHeader("next", SECRET);

        // when / then
        assertThatCode(() -> verifier.verify(Map.of("x-vapi-secret", List.of("next")), BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(Map.of("x-vapi-secret", List.of(SECRET)), BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void should_not_print_secrets() {
        // when / then
        assertThat(VapiWebhookVerifier.secretHeader(SECRET).toString()).doesNotContain(SECRET);
        assertThat(defaultHmac(SECRET).toString()).doesNotContain(SECRET);
    }

    @Test
    void should_accept_a_bearer_token_and_refuse_a_missing_malformed_or_wrong_one() {
        // given
        WebhookVerifier verifier = VapiWebhookVerifier.bearerToken("next", SECRET);

        // when / then
        assertThatCode(() -> verifier.verify(Map.of("Authorization", List.of("Bearer " + SECRET)), BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(Map.of("authorization", List.of("bearer next")), BODY))
                .doesNotThrowAnyException();
        assertRejected(() -> verifier.verify(Map.of(), BODY), Reason.MISSING_HEADER);
        assertRejected(() -> verifier.verify(Map.of("Authorization", List.of(SECRET)), BODY),
                Reason.MALFORMED_HEADER);
        assertRejected(() -> verifier.verify(Map.of("Authorization", List.of("Bearer guess")), BODY),
                Reason.NO_MATCHING_SIGNATURE);
        assertThat(verifier.toString()).doesNotContain(SECRET);
    }

    @Test
    void should_accept_a_token_in_a_header_of_the_credentials_choosing() {
        // given
        WebhookVerifier verifier = VapiWebhookVerifier.tokenHeader("X-Crm-Token", SECRET);

        // when / then
        assertThatCode(() -> verifier.verify(Map.of("x-crm-token", List.of(SECRET)), BODY))
                .doesNotThrowAnyException();
        assertRejected(() -> verifier.verify(Map.of("x-vapi-secret", List.of(SECRET)), BODY),
                Reason.MISSING_HEADER);
        assertThatThrownBy(() -> VapiWebhookVerifier.tokenHeader(" ", SECRET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_sign_like_vapi_so_a_host_can_test_its_own_endpoint() {
        // given
        WebhookVerifier hostVerifier = VapiWebhookVerifier.hmac().secrets("next", SECRET).clock(CLOCK).build();

        // when
        Map<String, List<String>> headers = VapiWebhookVerifier.hmac().secrets(SECRET).clock(CLOCK).build().sign(BODY);

        // then
        String ts = Long.toString(NOW.toEpochMilli());
        assertThat(headers).containsEntry("x-timestamp", List.of(ts))
                .containsEntry("x-signature", List.of(hmacHex("HmacSHA256", SECRET, ts, BODY)));
        assertThatCode(() -> hostVerifier.verify(headers, BODY)).doesNotThrowAnyException();
    }
}
