package io.inmo.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceException;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.spi.VoiceProvider;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookNormalizerTest {

    private static final String SECRET = "whsec-test";
    private static final String FAKE = FakeVoiceProvider.ID;

    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false)
            .register(FakeVoiceProvider.builder().build()).build();

    private final WebhookNormalizer normalizer = WebhookNormalizer.builder()
            .providerFactory(providers)
            .verifier(FAKE, FakeVoiceProvider.verifier(SECRET))
            .build();

    private static final String STATUS_UPDATE = "{\"type\":\"status-update\",\"event_id\":\"fake-call-1:2\","
            + "\"call_id\":\"fake-call-1\",\"timestamp\":\"2026-03-02T10:00:02Z\","
            + "\"metadata\":{\"callId\":\"c-42\",\"leadId\":\"lead-7\"},\"status\":\"ringing\"}";

    private static final String CALL_ENDED = "{\"type\":\"call-ended\",\"event_id\":\"fake-call-1:4\","
            + "\"call_id\":\"fake-call-1\",\"timestamp\":\"2026-03-02T10:01:45Z\",\"metadata\":{\"callId\":\"c-42\"},"
            + "\"status\":\"completed\",\"reason\":\"customer-ended-call\","
            + "\"transcript\":\"AI: Hi Ana\\nUser: Hello\",\"summary\":\"Wants a visit.\","
            + "\"recording_url\":\"https://recordings.example.invalid/fake-call-1.wav\","
            + "\"duration_seconds\":95,\"cost\":0.21}";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(byte[] body) {
        return Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(SECRET), body));
    }

    private static Map<String, List<String>> signed(byte[] body) {
        return Map.of(FakeVoiceProvider.SIGNATURE_HEADER, List.of(sign(body)));
    }

    private WebhookEvent normalizeSigned(String json) {
        byte[] body = bytes(json);
        return normalizer.normalize(FAKE, signed(body), body);
    }

    // --- 1. provider id ---

    @Test
    void should_reject_an_unknown_provider_with_404_listing_the_known_ids() {
        // given
        byte[] body = bytes(STATUS_UPDATE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize("twilio", signed(body), body))
                .isInstanceOfSatisfying(UnknownProviderException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("unknown_provider");
                    assertThat(e.provider()).isEqualTo("twilio");
                    assertThat(e.getMessage()).contains("'twilio'").contains("[fake]");
                });
    }

    @Test
    void should_reject_a_null_provider_as_unknown() {
        // given
        byte[] body = bytes(STATUS_UPDATE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(null, signed(body), body))
                .isInstanceOf(UnknownProviderException.class);
    }

    @Test
    void should_check_the_provider_before_the_size() {
        // given
        WebhookNormalizer small = WebhookNormalizer.builder().providerFactory(providers).maxBodyBytes(10)
                .verifier(FAKE, WebhookVerifier.none()).build();
        byte[] body = bytes(STATUS_UPDATE);

        // when / then
        assertThatThrownBy(() -> small.normalize("unknown", Map.of(), body))
                .isInstanceOf(UnknownProviderException.class);
    }

    // --- 2. size ---

    @Test
    void should_reject_a_body_over_the_limit_with_413_before_verifying() {
        // given
        AtomicInteger verifications = new AtomicInteger();
        WebhookNormalizer small = WebhookNormalizer.builder().providerFactory(providers).maxBodyBytes(100)
                .verifier(FAKE, (headers, body) -> verifications.incrementAndGet()).build();
        byte[] body = new byte[101];

        // when / then
        assertThatThrownBy(() -> small.normalize(FAKE, Map.of(), body))
                .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("payload_too_large");
                    assertThat(e.limitBytes()).isEqualTo(100);
                    assertThat(e.getMessage()).contains("101 bytes").contains("100 bytes");
                });
        assertThat(verifications).hasValue(0);
    }

    @Test
    void should_accept_a_body_exactly_at_the_limit() {
        // given
        byte[] body = bytes(STATUS_UPDATE);
        AtomicInteger verifications = new AtomicInteger();
        WebhookNormalizer exact = WebhookNormalizer.builder().providerFactory(providers).maxBodyBytes(body.length)
                .verifier(FAKE, (headers, b) -> verifications.incrementAndGet()).build();

        // when
        WebhookEvent event = exact.normalize(FAKE, Map.of(), body);

        // then
        assertThat(event.type()).isEqualTo(WebhookEvent.Type.STATUS_UPDATE);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void should_default_to_a_one_mebibyte_limit() {
        // given
        WebhookNormalizer defaults = WebhookNormalizer.builder().providerFactory(providers)
                .verifier(FAKE, WebhookVerifier.none()).build();
        byte[] body = new byte[WebhookNormalizer.DEFAULT_MAX_BODY_BYTES + 1];

        // when / then
        assertThat(WebhookNormalizer.DEFAULT_MAX_BODY_BYTES).isEqualTo(1024 * 1024);
        assertThatThrownBy(() -> defaults.normalize(FAKE, Map.of(), body))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    // --- 3. verification ---

    @Test
    void should_reject_a_provider_without_a_configured_verifier_as_not_configured() {
        // given
        WebhookNormalizer unconfigured = WebhookNormalizer.builder().providerFactory(providers).build();
        byte[] body = bytes(STATUS_UPDATE);

        // when / then
        assertThatThrownBy(() -> unconfigured.normalize(FAKE, signed(body), body))
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_CONFIGURED);
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.code()).isEqualTo("webhook_verification_failed");
                    assertThat(e.getMessage()).contains("fake").contains("WebhookVerifier.none()");
                });
    }

    @Test
    void should_accept_unsigned_webhooks_when_verification_is_explicitly_off() {
        // given
        WebhookNormalizer open = WebhookNormalizer.builder().providerFactory(providers)
                .verifier(FAKE, WebhookVerifier.none()).build();

        // when
        WebhookEvent first = open.normalize(FAKE, Map.of(), bytes(STATUS_UPDATE));
        WebhookEvent second = open.normalize(FAKE, Map.of(), bytes(CALL_ENDED));

        // then
        assertThat(first.status()).isEqualTo(CallStatus.RINGING);
        assertThat(second.status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void should_reject_a_missing_signature() {
        // given
        byte[] body = bytes(STATUS_UPDATE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, Map.of("Content-Type", List.of("application/json")), body))
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MISSING_HEADER);
                    assertThat(e.httpStatus()).isEqualTo(401);
                });
    }

    @Test
    void should_reject_a_signature_made_with_another_secret() {
        // given
        byte[] body = bytes(STATUS_UPDATE);
        String forged = Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8("wrong-secret"), body));

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE,
                Map.of(FakeVoiceProvider.SIGNATURE_HEADER, List.of(forged)), body))
                .isInstanceOfSatisfying(WebhookVerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain(forged).doesNotContain(SECRET);
                });
    }

    @Test
    void should_reject_a_body_changed_after_signing() {
        // given
        byte[] original = bytes(STATUS_UPDATE);
        byte[] tampered = bytes(STATUS_UPDATE.replace("ringing", "in-progress"));

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, signed(original), tampered))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE));
    }

    @Test
    void should_reject_a_signature_that_is_not_hex_as_malformed_header() {
        // given
        byte[] body = bytes(STATUS_UPDATE);

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE,
                Map.of(FakeVoiceProvider.SIGNATURE_HEADER, List.of("not-hex!")), body))
                .isInstanceOfSatisfying(WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_HEADER));
    }

    @Test
    void should_verify_before_parsing() {
        // given: garbage that would be a 400 if it were parsed
        byte[] body = bytes("this is not json");

        // when / then
        assertThatThrownBy(() -> normalizer.normalize(FAKE, Map.of(), body))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-fake-signature", "X-Fake-Signature", "X-FAKE-SIGNATURE", "x-FaKe-SiGnAtUrE"})
    void should_find_the_signature_header_in_any_case(String headerName) {
        // given
        byte[] body = bytes(STATUS_UPDATE);

        // when
        WebhookEvent event = normalizer.normalize(FAKE, Map.of(headerName, List.of(sign(body))), body);

        // then
        assertThat(event.status()).isEqualTo(CallStatus.RINGING);
    }

    @Test
    void should_accept_either_secret_during_a_rotation() {
        // given
        WebhookNormalizer rotating = WebhookNormalizer.builder().providerFactory(providers)
                .verifier(FAKE, FakeVoiceProvider.verifier("new-secret", SECRET)).build();
        byte[] body = bytes(STATUS_UPDATE);
        String signedWithNew = Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8("new-secret"), body));

        // when
        WebhookEvent withOld = rotating.normalize(FAKE, signed(body), body);
        WebhookEvent withNew = rotating.normalize(FAKE,
                Map.of(FakeVoiceProvider.SIGNATURE_HEADER, List.of(signedWithNew)), body);

        // then
        assertThat(withOld.eventId()).isEqualTo(withNew.eventId()).isEqualTo("fake-call-1:2");
    }

    // --- 4. parsing ---

    @Test
    void should_normalize_a_status_update() {
        // given / when
        WebhookEvent event = normalizeSigned(STATUS_UPDATE);

        // then
        assertThat(event.provider()).isEqualTo(FAKE);
        assertThat(event.type()).isEqualTo(WebhookEvent.Type.STATUS_UPDATE);
        assertThat(event.eventId()).isEqualTo("fake-call-1:2");
        assertThat(event.externalCallId()).isEqualTo("fake-call-1");
        assertThat(event.callId()).isEqualTo("c-42");
        assertThat(event.status()).isEqualTo(CallStatus.RINGING);
        assertThat(event.providerStatus()).isEqualTo("ringing");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-03-02T10:00:02Z"));
        assertThat(event.transcript()).isNull();
        assertThat(event.duration()).isNull();
    }

    @Test
    void should_normalize_a_call_ended_report() {
        // given / when
        WebhookEvent event = normalizeSigned(CALL_ENDED);

        // then
        assertThat(event.type()).isEqualTo(WebhookEvent.Type.CALL_ENDED);
        assertThat(event.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(event.providerStatus()).isEqualTo("completed");
        assertThat(event.providerReason()).isEqualTo("customer-ended-call");
        assertThat(event.transcript()).isEqualTo("AI: Hi Ana\nUser: Hello");
        assertThat(event.summary()).isEqualTo("Wants a visit.");
        assertThat(event.recordingUrl()).isEqualTo("https://recordings.example.invalid/fake-call-1.wav");
        assertThat(event.duration()).isEqualTo(Duration.ofSeconds(95));
        assertThat(event.cost()).isEqualByComparingTo(new BigDecimal("0.21"));
    }

    @Test
    void should_derive_an_event_id_from_the_body_when_the_provider_sends_none() {
        // given
        String withoutId = STATUS_UPDATE.replace("\"event_id\":\"fake-call-1:2\",", "");

        // when
        WebhookEvent event = normalizeSigned(withoutId);
        WebhookEvent again = normalizeSigned(withoutId);

        // then
        assertThat(event.eventId()).hasSize(64).matches("[0-9a-f]+").isEqualTo(again.eventId());
    }

    @Test
    void should_match_a_call_by_metadata_alone_or_by_provider_id_alone() {
        // given
        String metadataOnly = STATUS_UPDATE.replace("\"call_id\":\"fake-call-1\",", "");
        String providerIdOnly = STATUS_UPDATE.replace("\"metadata\":{\"callId\":\"c-42\",\"leadId\":\"lead-7\"},", "");

        // when
        WebhookEvent byMetadata = normalizeSigned(metadataOnly);
        WebhookEvent byProviderId = normalizeSigned(providerIdOnly);

        // then
        assertThat(byMetadata.externalCallId()).isNull();
        assertThat(byMetadata.callId()).isEqualTo("c-42");
        assertThat(byProviderId.externalCallId()).isEqualTo("fake-call-1");
        assertThat(byProviderId.callId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status-update", "call-ended"})
    void should_reject_an_event_that_names_no_call_with_400(String type) {
        // given
        String json = "{\"type\":\"" + type + "\",\"event_id\":\"e-1\",\"metadata\":{\"leadId\":\"lead-7\"},"
                + "\"status\":\"ringing\"}";

        // when / then
        assertThatThrownBy(() -> normalizeSigned(json))
                .isInstanceOfSatisfying(MalformedWebhookException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("malformed_webhook");
                    assertThat(e.getMessage()).contains("names no call");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "this is not json",
            "{\"type\":\"status-update\",",
            "",
            "[1,2,3]",
            "\"status-update\"",
            "{\"event_id\":\"e-1\",\"call_id\":\"c\"}",
    })
    void should_reject_a_body_that_is_not_a_fake_webhook_with_400(String json) {
        // given / when / then
        assertThatThrownBy(() -> normalizeSigned(json))
                .isInstanceOf(MalformedWebhookException.class)
                .extracting(e -> ((VoiceException) e).httpStatus()).isEqualTo(400);
    }

    @Test
    void should_reject_deeply_nested_json_with_400() {
        // given: 1000 nested arrays inside a field, far beyond the default depth of 64
        String json = "{\"type\":\"status-update\",\"call_id\":\"fake-call-1\",\"status\":\"ringing\",\"extra\":"
                + "[".repeat(1000) + "]".repeat(1000) + "}";

        // when / then
        assertThatThrownBy(() -> normalizeSigned(json))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("read limits");
    }

    @Test
    void should_honour_a_custom_nesting_depth() {
        // given
        WebhookNormalizer shallow = WebhookNormalizer.builder().providerFactory(providers).maxNestingDepth(4)
                .verifier(FAKE, WebhookVerifier.none()).build();
        String json = STATUS_UPDATE.replace("\"status\":\"ringing\"", "\"status\":\"ringing\",\"x\":[[[[1]]]]");

        // when / then
        assertThat(normalizeSigned(json).status()).isEqualTo(CallStatus.RINGING);
        assertThatThrownBy(() -> shallow.normalize(FAKE, Map.of(), bytes(json)))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"status\":42",
            "\"call_id\":7",
            "\"metadata\":{\"callId\":123}",
            "\"timestamp\":\"yesterday\"",
            "\"timestamp\":1700000000",
            "\"duration_seconds\":\"95\"",
            "\"duration_seconds\":-1",
            "\"duration_seconds\":9.5",
            "\"cost\":\"0.21\"",
            "\"transcript\":[\"AI: hi\"]",
    })
    void should_reject_a_field_of_the_wrong_type_with_400(String field) {
        // given: a valid end-of-call report with one field replaced (later keys win in Jackson's tree)
        String json = CALL_ENDED.substring(0, CALL_ENDED.length() - 1) + "," + field + "}";

        // when / then
        assertThatThrownBy(() -> normalizeSigned(json))
                .isInstanceOf(MalformedWebhookException.class)
                .extracting(e -> ((VoiceException) e).httpStatus()).isEqualTo(400);
    }

    @Test
    void should_accept_a_whole_duration_written_with_a_decimal_point() {
        // given
        String json = CALL_ENDED.replace("\"duration_seconds\":95", "\"duration_seconds\":95.0");

        // when
        WebhookEvent event = normalizeSigned(json);

        // then
        assertThat(event.duration()).isEqualTo(Duration.ofSeconds(95));
    }

    @Test
    void should_ignore_an_unknown_message_type() {
        // given: no call named at all, which is fine for a message the SDK does not use
        String json = "{\"type\":\"speech-update\",\"event_id\":\"e-9\",\"role\":\"assistant\"}";

        // when
        WebhookEvent event = normalizeSigned(json);

        // then
        assertThat(event.type()).isEqualTo(WebhookEvent.Type.IGNORED);
        assertThat(event.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(event.providerStatus()).isEqualTo("speech-update");
        assertThat(event.eventId()).isEqualTo("e-9");
    }

    @Test
    void should_map_an_unknown_status_to_unknown_keeping_the_raw_value() {
        // given
        String json = STATUS_UPDATE.replace("\"ringing\"", "\"teleporting\"");

        // when
        WebhookEvent event = normalizeSigned(json);

        // then
        assertThat(event.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(event.providerStatus()).isEqualTo("teleporting");
    }

    // --- builder ---

    @Test
    void should_validate_the_builder_arguments() {
        // given
        WebhookNormalizer.Builder builder = WebhookNormalizer.builder();

        // when / then
        assertThatThrownBy(() -> builder.maxBodyBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> builder.maxNestingDepth(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxNestingDepth");
        assertThatThrownBy(() -> builder.verifier(FAKE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.verifier(null, WebhookVerifier.none()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_discover_providers_when_no_factory_is_given() {
        // given
        WebhookNormalizer discovering = WebhookNormalizer.builder().verifier(FAKE, WebhookVerifier.none()).build();

        // when
        WebhookEvent event = discovering.normalize(FAKE, Map.of(), bytes(STATUS_UPDATE));

        // then
        assertThat(event.provider()).isEqualTo(FAKE);
    }

    // --- last resort ---

    @Test
    void should_answer_an_unexpected_parser_exception_with_400_keeping_the_cause() {
        // given a provider whose parser has a bug that hostile input finds
        VoiceProvider buggy = new VoiceProvider() {
            @Override
            public String id() {
                return "buggy";
            }

            @Override
            public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
                return Optional.empty();
            }

            @Override
            public WebhookEvent parseWebhook(WebhookRequest request) {
                throw new ArithmeticException("Overflow");
            }
        };
        WebhookNormalizer withBug = WebhookNormalizer.builder()
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(buggy).build())
                .verifier("buggy", WebhookVerifier.none())
                .build();

        // when / then
        assertThatThrownBy(() -> withBug.normalize("buggy", Map.of(), bytes("{\"n\":1e999999999}")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("ArithmeticException")
                .hasCauseInstanceOf(ArithmeticException.class)
                .extracting(e -> ((VoiceException) e).httpStatus()).isEqualTo(400);
    }

    @Test
    void should_refuse_a_huge_number_in_a_fake_report_with_400() {
        // given the fake provider's old NumberFormatException: a cost that overflows a double
        String json = CALL_ENDED.replace("\"cost\":0.21", "\"cost\":1e999999999");

        // when / then
        assertThatThrownBy(() -> normalizeSigned(json)).isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("out of range");
    }
}
