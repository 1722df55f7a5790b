package io.inmo.voice.vapi;

import static io.inmo.voice.vapi.Fixtures.webhook;
import static io.inmo.voice.vapi.Fixtures.webhookFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallStatus;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookEvent.Type;
import io.inmo.voice.webhook.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VapiWebhookParsingTest {

    private static final String CALL_ID = "3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35";

    private final VapiProvider provider = new VapiProvider();

    @Test
    void should_parse_status_update_ringing() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-status-update-ringing.json"));

        // then
        assertThat(e.provider()).isEqualTo("vapi");
        assertThat(e.type()).isEqualTo(Type.STATUS_UPDATE);
        assertThat(e.status()).isEqualTo(CallStatus.RINGING);
        assertThat(e.providerStatus()).isEqualTo("ringing");
        assertThat(e.providerReason()).isNull();
        assertThat(e.externalCallId()).isEqualTo(CALL_ID);
        assertThat(e.eventId()).isEqualTo("vapi:" + CALL_ID + ":status-update:ringing");
        assertThat(e.occurredAt()).isNotNull();
    }

    @Test
    void should_parse_status_update_in_progress() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-status-update-in-progress.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.STATUS_UPDATE);
        assertThat(e.status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(e.providerStatus()).isEqualTo("in-progress");
        assertThat(e.externalCallId()).isEqualTo(CALL_ID);
    }

    @Test
    void should_parse_status_update_ended_with_its_reason() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-status-update-ended.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.STATUS_UPDATE);
        assertThat(e.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(e.providerStatus()).isEqualTo("ended");
        assertThat(e.providerReason()).isEqualTo("assistant-ended-call");
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1773158643221L));
        assertThat(e.eventId()).isEqualTo("vapi:" + CALL_ID + ":status-update:ended:assistant-ended-call");
    }

    @Test
    void should_parse_completed_end_of_call_report() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-end-of-call-report-completed.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(e.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(e.providerStatus()).isEqualTo("ended");
        assertThat(e.providerReason()).isEqualTo("assistant-ended-call");
        assertThat(e.externalCallId()).isEqualTo(CALL_ID);
        assertThat(e.callId()).isNull();
        assertThat(e.transcript()).startsWith("AI: Hi Dana, this is Jordan from Brightside Solar.")
                .contains("\nUser: Okay, Thursday afternoon works.\n").hasLineCount(7);
        assertThat(e.summary()).startsWith("Dana is still interested");
        assertThat(e.recordingUrl()).isEqualTo("https://storage.vapi.ai/3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35"
                + "-1773158643221-3c0e8a1f-mono.wav");
        assertThat(e.duration()).isEqualTo(Duration.ofMillis(103_617));
        assertThat(e.cost()).isEqualByComparingTo(new BigDecimal("0.1551"));
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1773158651870L));
        assertThat(e.eventId()).isEqualTo("vapi:" + CALL_ID + ":end-of-call-report:assistant-ended-call");
    }

    @Test
    void should_parse_no_answer_report_without_transcript_or_duration() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-end-of-call-report-no-answer.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(e.status()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(e.providerReason()).isEqualTo("customer-did-not-answer");
        assertThat(e.externalCallId()).isEqualTo("8d3e0b7a-5f12-4c69-a4e8-6b1d9c2f7a03");
        assertThat(e.transcript()).isNull();
        assertThat(e.summary()).isNull();
        assertThat(e.recordingUrl()).isNull();
        assertThat(e.duration()).isNull();
        assertThat(e.cost()).isEqualByComparingTo(new BigDecimal("0.0071"));
    }

    @Test
    void should_parse_failed_twilio_report() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-end-of-call-report-failed-twilio.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(e.status()).isEqualTo(CallStatus.FAILED);
        assertThat(e.providerReason()).isEqualTo("twilio-failed-to-connect-call");
        assertThat(e.cost()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void should_parse_voicemail_report() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-end-of-call-report-voicemail.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(e.status()).isEqualTo(CallStatus.VOICEMAIL);
        assertThat(e.providerReason()).isEqualTo("voicemail");
        assertThat(e.transcript()).contains("AI: ").contains("User: ");
    }

    @Test
    void should_ignore_speech_update_but_keep_cheap_fields() {
        // when
        WebhookEvent e = provider.parseWebhook(webhookFixture("webhook-speech-update-ignore.json"));

        // then
        assertThat(e.type()).isEqualTo(Type.IGNORED);
        assertThat(e.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(e.externalCallId()).isEqualTo(CALL_ID);
        assertThat(e.eventId()).isEqualTo("vapi:" + CALL_ID + ":speech-update:1773158540223");
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1773158540223L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tool-calls", "conversation-update", "hang", "transcript", "assistant-request",
        "some-type-from-2027"})
    void should_ignore_other_message_types(String type) {
        // given
        String body = "{\"message\":{\"type\":\"" + type + "\",\"call\":{\"id\":\"c1\",\"status\":\"in-progress\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.type()).isEqualTo(Type.IGNORED);
        assertThat(e.externalCallId()).isEqualTo("c1");
        assertThat(e.eventId()).startsWith("vapi:sha256:");
    }

    @Test
    void should_ignore_a_message_without_any_call_and_derive_event_id_from_body() {
        // given
        WebhookRequest request = webhook("{\"message\":{\"type\":\"session.created\"}}");

        // when
        WebhookEvent e = provider.parseWebhook(request);

        // then
        assertThat(e.type()).isEqualTo(Type.IGNORED);
        assertThat(e.eventId()).isEqualTo("vapi:sha256:" + request.bodySha256Hex());
    }

    @Test
    void should_read_iso_string_timestamp_of_older_payloads() {
        // given
        String body = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\","
                + "\"timestamp\":\"2024-07-27T20:43:38.016Z\",\"call\":{\"id\":\"c1\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2024-07-27T20:43:38.016Z"));
    }

    @Test
    void should_read_epoch_millis_timestamp_as_integer_and_as_float() {
        // given
        String asInt = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\","
                + "\"timestamp\":1722115418016,\"call\":{\"id\":\"c1\"}}}";
        String asFloat = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\","
                + "\"timestamp\":1.722115418016E12,\"call\":{\"id\":\"c1\"}}}";

        // when
        WebhookEvent fromInt = provider.parseWebhook(webhook(asInt));
        WebhookEvent fromFloat = provider.parseWebhook(webhook(asFloat));

        // then
        assertThat(fromInt.occurredAt()).isEqualTo(Instant.ofEpochMilli(1722115418016L));
        assertThat(fromFloat.occurredAt()).isEqualTo(Instant.ofEpochMilli(1722115418016L));
    }

    @Test
    void should_leave_occurred_at_null_when_timestamp_is_missing_or_unreadable() {
        // given
        String missing = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\",\"call\":{\"id\":\"c1\"}}}";
        String garbage = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\",\"timestamp\":\"soon\","
                + "\"call\":{\"id\":\"c1\"}}}";

        // when / then
        assertThat(provider.parseWebhook(webhook(missing)).occurredAt()).isNull();
        assertThat(provider.parseWebhook(webhook(garbage)).occurredAt()).isNull();
    }

    @Test
    void should_read_our_call_id_from_assistant_overrides_metadata() {
        // given
        String body = "{\"message\":{\"type\":\"status-update\",\"status\":\"queued\",\"call\":{\"id\":\"ext-1\","
                + "\"metadata\":{\"callId\":\"other\"},"
                + "\"assistantOverrides\":{\"variableValues\":{\"a\":\"b\"},\"metadata\":{\"leadId\":\"l\",\"callId\":\"ours-1\"}}}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.callId()).isEqualTo("ours-1");
        assertThat(e.externalCallId()).isEqualTo("ext-1");
        assertThat(e.status()).isEqualTo(CallStatus.QUEUED);
    }

    @Test
    void should_fall_back_to_call_metadata_for_our_call_id() {
        // given: no call.id at all, only our id
        String body = "{\"message\":{\"type\":\"status-update\",\"status\":\"forwarding\","
                + "\"call\":{\"metadata\":{\"callId\":\"ours-2\"}}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.callId()).isEqualTo("ours-2");
        assertThat(e.externalCallId()).isNull();
        assertThat(e.status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(e.eventId()).isEqualTo("vapi:callId=ours-2:status-update:forwarding");
    }

    @Test
    void should_map_status_update_ended_with_unrecognised_reason_to_unknown_and_keep_it() {
        // given
        String body = "{\"message\":{\"type\":\"status-update\",\"status\":\"ended\","
                + "\"endedReason\":\"brand-new-reason\",\"call\":{\"id\":\"c1\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(e.providerReason()).isEqualTo("brand-new-reason");
    }

    @Test
    void should_take_outcome_from_message_reason_not_the_stale_call_snapshot() {
        // given: call.status still says ringing and call.endedReason is null
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-busy\","
                + "\"call\":{\"id\":\"c1\",\"status\":\"ringing\",\"endedReason\":null}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.status()).isEqualTo(CallStatus.BUSY);
        assertThat(e.providerReason()).isEqualTo("customer-busy");
    }

    @Test
    void should_fall_back_to_call_ended_reason_and_keep_unrecognised_as_unknown() {
        // given
        String body = "{\"message\":{\"type\":\"end-of-call-report\","
                + "\"call\":{\"id\":\"c1\",\"endedReason\":\"call.ringing.hook-executed-say\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(e.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(e.providerReason()).isEqualTo("call.ringing.hook-executed-say");
    }

    @Test
    void should_build_transcript_from_artifact_messages_when_no_text_was_sent() {
        // given: messages come before the type, transcript is blank
        String body = "{\"message\":{\"artifact\":{\"messages\":["
                + "{\"role\":\"system\",\"message\":\"You are Jordan\"},"
                + "{\"role\":\"bot\",\"message\":\"Hi Dana\",\"time\":1},"
                + "{\"role\":\"user\",\"message\":\" Hello \"},"
                + "{\"role\":\"tool_calls\",\"toolCalls\":[{\"id\":\"t\"}]},"
                + "{\"role\":\"assistant\",\"message\":\"Bye\"}],\"transcript\":\"\"},"
                + "\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\",\"call\":{\"id\":\"c1\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.transcript()).isEqualTo("AI: Hi Dana\nUser: Hello\nAI: Bye");
    }

    @Test
    void should_read_2024_top_level_fields_and_compute_duration_from_timestamps() {
        // given
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                + "\"timestamp\":\"2024-07-27T20:43:38.016Z\",\"summary\":\"Short call\","
                + "\"recordingUrl\":\"https://storage.vapi.ai/r.wav\","
                + "\"messages\":[{\"role\":\"bot\",\"message\":\"Hello\"},{\"role\":\"user\",\"message\":\"Hi\"}],"
                + "\"analysis\":{},\"startedAt\":\"2024-07-27T20:42:00.000Z\",\"endedAt\":\"2024-07-27T20:43:30.500Z\","
                + "\"call\":{\"id\":\"c1\",\"assistantOverrides\":{\"metadata\":{\"callId\":\"ours\"}}}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.summary()).isEqualTo("Short call");
        assertThat(e.recordingUrl()).isEqualTo("https://storage.vapi.ai/r.wav");
        assertThat(e.transcript()).isEqualTo("AI: Hello\nUser: Hi");
        assertThat(e.duration()).isEqualTo(Duration.ofMillis(90_500));
        assertThat(e.callId()).isEqualTo("ours");
    }

    @Test
    void should_never_use_presigned_recording_urls() {
        // given
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                + "\"artifact\":{\"presignedRecordingUrl\":\"https://s3/x?X-Amz-Signature=1\","
                + "\"recording\":{\"mono\":{\"combinedUrl\":\"https://storage.vapi.ai/mono.wav\"}}},"
                + "\"call\":{\"id\":\"c1\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.recordingUrl()).isEqualTo("https://storage.vapi.ai/mono.wav");
    }

    @Test
    void should_reject_body_that_is_not_json() {
        // when / then
        assertThatThrownBy(() -> provider.parseWebhook(webhook("not json")))
                .isInstanceOf(MalformedWebhookException.class)
                .satisfies(ex -> assertThat(((MalformedWebhookException) ex).httpStatus()).isEqualTo(400));
    }

    @Test
    void should_reject_body_nested_too_deep() {
        // given
        String deep = "{\"message\":{\"type\":\"hang\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}}";

        // when / then
        assertThatThrownBy(() -> provider.parseWebhook(webhook(deep)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("read limits");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "{}",
        "{\"message\":\"status-update\"}",
        "{\"message\":[1,2]}",
        "{\"message\":{\"status\":\"ringing\",\"call\":{\"id\":\"c1\"}}}",
        "{\"message\":{\"type\":42,\"call\":{\"id\":\"c1\"}}}",
        "{\"message\":{\"type\":\"status-update\",\"call\":\"c1\"}}",
        "{\"message\":{\"type\":\"status-update\",\"call\":{\"id\":{\"x\":1}}}}",
        "{\"message\":{\"type\":\"hang\"}} trailing",
    })
    void should_reject_wrong_shapes(String body) {
        // when / then
        assertThatThrownBy(() -> provider.parseWebhook(webhook(body)))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void should_reject_status_or_end_message_without_any_call_id() {
        // given
        String status = "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\",\"call\":{\"status\":\"x\"}}}";
        String report = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"voicemail\"}}";

        // when / then
        assertThatThrownBy(() -> provider.parseWebhook(webhook(status)))
                .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("call.id");
        assertThatThrownBy(() -> provider.parseWebhook(webhook(report)))
                .isInstanceOf(MalformedWebhookException.class);
    }

    @Test
    void should_give_equal_event_ids_to_redelivered_messages() {
        // given
        byte[] body = Fixtures.bytes("webhook-end-of-call-report-completed.json");

        // when
        WebhookEvent first = provider.parseWebhook(WebhookRequest.of("vapi", Map.of(), body));
        WebhookEvent again = provider.parseWebhook(WebhookRequest.of("vapi", Map.of(),
                new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));

        // then
        assertThat(again.eventId()).isEqualTo(first.eventId());
    }

    @Test
    void should_compute_duration_from_timestamps_in_any_iso_form() {
        // given: no fraction on one side, an offset instead of Z on the other, both on call only
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                + "\"call\":{\"id\":\"c1\",\"startedAt\":\"2026-03-10T16:02:19Z\","
                + "\"endedAt\":\"2026-03-10T18:03:20.123456+02:00\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.duration()).isEqualTo(Duration.ofSeconds(61).plusNanos(123_456_000));
        assertThat(Timestamps.parse("2026-02-30T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("2026-03-10T16:02:19.5Z")).isEqualTo(Instant.parse("2026-03-10T16:02:19.5Z"));
    }

    @Test
    void should_read_duration_seconds_from_call_when_message_has_none() {
        // given
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"voicemail\","
                + "\"call\":{\"id\":\"c1\",\"durationSeconds\":12.5,\"cost\":\"0.02\"}}}";

        // when
        WebhookEvent e = provider.parseWebhook(webhook(body));

        // then
        assertThat(e.duration()).isEqualTo(Duration.ofMillis(12_500));
        assertThat(e.cost()).isEqualByComparingTo(new BigDecimal("0.02"));
    }

    @Test
    void should_reject_truncated_body() {
        // given
        String body = "{\"message\":{\"type\":\"end-of-call-report\",\"artifact\":{\"messages\":[{\"role\":\"bot\"";

        // when / then
        assertThatThrownBy(() -> provider.parseWebhook(webhook(body))).isInstanceOf(MalformedWebhookException.class);
    }
}
