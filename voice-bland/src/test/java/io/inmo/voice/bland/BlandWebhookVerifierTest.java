package io.inmo.voice.bland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlandWebhookVerifierTest {

    /** Bland's signing test vector (see docs/providers/bland.md). */
    private static final String SECRET = "demo_signing_secret_not_real";
    private static final byte[] VECTOR_BODY = ("{\"message\":\"Call connected\",\"call_id\":\"3f1c2a9e-7b4d-4e21-9c55-"
            + "0a8e6d2b1f10\",\"category\":\"call\",\"log_level\":\"info\"}").getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_SIGNATURE = "fc3c0f48f79bd11d83ab27461805efd978b798a27e7a67ef0cfda78412e0f835";

    private static String sign(String secret, byte[] body) {
        return Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(secret), body));
    }

    private static Map<String, List<String>> header(String name, String value) {
        return Map.of(name, List.of(value));
    }

    private static WebhookVerificationException rejection(WebhookVerifier verifier, Map<String, List<String>> headers,
                                                          byte[] body) {
        return (WebhookVerificationException) catchThrowable(verifier, headers, body);
    }

    private static Throwable catchThrowable(WebhookVerifier verifier, Map<String, List<String>> headers, byte[] body) {
        return org.assertj.core.api.Assertions.catchThrowable(() -> verifier.verify(headers, body));
    }

    @Test
    void should_accept_the_documented_test_vector_over_raw_bytes() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        // when / then
        assertThat(sign(SECRET, VECTOR_BODY)).isEqualTo(VECTOR_SIGNATURE);
        assertThatCode(() -> verifier.verify(header("X-Webhook-Signature", VECTOR_SIGNATURE), VECTOR_BODY))
                .doesNotThrowAnyException();
    }

    @Test
    void should_look_the_header_up_in_any_case_and_accept_uppercase_hex() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        // when / then
        assertThatCode(() -> verifier.verify(header("x-webhook-signature",
                " " + VECTOR_SIGNATURE.toUpperCase(Locale.ROOT) + " "), VECTOR_BODY)).doesNotThrowAnyException();
    }

    @Test
    void should_accept_a_signature_over_the_compact_reserialization_of_a_pretty_printed_body() throws Exception {
        // given a pretty-printed body signed the way Bland's example does: HMAC(JSON.stringify(body))
        byte[] pretty = Fixtures.bytes("webhook-voicemail.json");
        ObjectMapper mapper = new ObjectMapper();
        byte[] compact = mapper.writeValueAsBytes(mapper.readTree(pretty));
        String signature = sign(SECRET, compact);
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        // when / then
        assertThat(sign(SECRET, pretty)).isNotEqualTo(signature);
        assertThatCode(() -> verifier.verify(header("X-Webhook-Signature", signature), pretty))
                .doesNotThrowAnyException();
    }

    @Test
    void should_reject_a_missing_signature() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        // when
        WebhookVerificationException e = rejection(verifier, Map.of(), VECTOR_BODY);
        // then
        assertThat(e.reason()).isEqualTo(Reason.MISSING_HEADER);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(rejection(verifier, header("X-Webhook-Signature", "  "), VECTOR_BODY).reason())
                .isEqualTo(Reason.MISSING_HEADER);
    }

    @Test
    void should_reject_a_header_that_is_not_a_hex_sha256() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        // when / then
        assertThat(rejection(verifier, header("X-Webhook-Signature", "not-hex"), VECTOR_BODY).reason())
                .isEqualTo(Reason.MALFORMED_HEADER);
        assertThat(rejection(verifier, header("X-Webhook-Signature", "abcd"), VECTOR_BODY).reason())
                .isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void should_reject_a_signature_made_with_another_secret() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256("some_other_secret");
        // when
        WebhookVerificationException e = rejection(verifier, header("X-Webhook-Signature", VECTOR_SIGNATURE),
                VECTOR_BODY);
        // then
        assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(e.getMessage()).doesNotContain("some_other_secret").doesNotContain(VECTOR_SIGNATURE);
    }

    @Test
    void should_reject_a_tampered_body() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        byte[] tampered = new String(VECTOR_BODY, StandardCharsets.UTF_8).replace("Call connected", "Call ended")
                .getBytes(StandardCharsets.UTF_8);
        // when / then
        assertThat(rejection(verifier, header("X-Webhook-Signature", VECTOR_SIGNATURE), tampered).reason())
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_reject_a_body_that_is_not_json_and_not_signed() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(SECRET);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        // when / then
        assertThat(rejection(verifier, header("X-Webhook-Signature", VECTOR_SIGNATURE), garbage).reason())
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_accept_both_old_and_new_secret_during_rotation() {
        // given
        WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256("new_secret", SECRET);
        String byNew = sign("new_secret", VECTOR_BODY);
        // when / then
        assertThatCode(() -> verifier.verify(header("X-Webhook-Signature", VECTOR_SIGNATURE), VECTOR_BODY))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(header("X-Webhook-Signature", byNew), VECTOR_BODY))
                .doesNotThrowAnyException();
        assertThat(rejection(BlandWebhookVerifier.hmacSha256("new_secret"),
                header("X-Webhook-Signature", VECTOR_SIGNATURE), VECTOR_BODY).reason())
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void should_refuse_to_build_without_a_usable_secret() {
        // when / then
        assertThatThrownBy(BlandWebhookVerifier::hmacSha256).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlandWebhookVerifier.hmacSha256(SECRET, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BlandWebhookVerifier.hmacSha256(SECRET).toString()).doesNotContain(SECRET);
    }

    @Test
    void should_sign_the_documented_test_vector_and_verify_it_during_a_rotation() {
        // given the preset as a sender would use it, and a host verifier holding a new and the old secret
        WebhookVerifier rotating = BlandWebhookVerifier.hmacSha256("the_next_secret", SECRET);

        // when
        Map<String, List<String>> headers = BlandWebhookVerifier.hmac().secrets(SECRET).build().sign(VECTOR_BODY);

        // then
        assertThat(headers).containsExactly(Map.entry("X-Webhook-Signature", List.of(VECTOR_SIGNATURE)));
        assertThatCode(() -> rotating.verify(headers, VECTOR_BODY)).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_a_re_serialized_signature_once_the_fallback_is_turned_off() throws Exception {
        // given a signature over the compact form and a body delivered pretty-printed
        ObjectMapper mapper = new ObjectMapper();
        byte[] pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(mapper.readTree(VECTOR_BODY));
        Map<String, List<String>> headers = header("X-Webhook-Signature", VECTOR_SIGNATURE);
        WebhookVerifier strict = BlandWebhookVerifier.hmac().secrets(SECRET).reserializedJsonFallback(false).build();

        // when / then
        assertThatCode(() -> BlandWebhookVerifier.hmacSha256(SECRET).verify(headers, pretty))
                .doesNotThrowAnyException();
        assertThat(rejection(strict, headers, pretty).reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }
}
