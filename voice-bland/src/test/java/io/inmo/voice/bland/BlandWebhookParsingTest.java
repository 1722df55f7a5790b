package io.inmo.voice.bland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inmo.voice.CallStatus;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookEvent.Type;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlandWebhookParsingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BlandProvider provider = new BlandProvider();

    private WebhookEvent parse(byte[] body) {
        return provider.parseWebhook(Fixtures.webhook(body));
    }

    private WebhookEvent parse(String body) {
        return provider.parseWebhook(Fixtures.webhook(body));
    }

    private static ObjectNode fixtureTree(String name) throws Exception {
        return (ObjectNode) MAPPER.readTree(Fixtures.bytes(name));
    }

    @Test
    void should_normalize_completed_human_call() {
        // given
        byte[] body = Fixtures.bytes("webhook-completed-human.json");
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.provider()).isEqualTo("bland");
        assertThat(event.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(event.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(event.externalCallId()).isEqualTo("3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10");
        assertThat(event.callId()).isNull();
        assertThat(event.providerStatus()).isEqualTo("completed");
        assertThat(event.providerReason())
                .isEqualTo("status=completed, answered_by=human, queue_status=complete, disposition_tag=consult_booked");
        assertThat(event.duration()).isEqualTo(Duration.ofSeconds(147));
        assertThat(event.cost()).isEqualByComparingTo(new BigDecimal("0.343"));
        assertThat(event.summary()).startsWith("Dana confirmed she owns the home");
        assertThat(event.recordingUrl())
                .isEqualTo("https://recordings.example.com/bland/3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10.mp3");
        assertThat(event.transcript().split("\n")).hasSize(9)
                .startsWith("User: Hello?", "AI: Hi, is this Dana?")
                .endsWith("User: Thursday at four works. Bye.");
        assertThat(event.occurredAt()).isNull();
        assertThat(event.eventId()).isEqualTo("bland:3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10:ended:COMPLETED");
    }

    @Test
    void should_normalize_voicemail_call() {
        // given
        byte[] body = Fixtures.bytes("webhook-voicemail.json");
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(event.status()).isEqualTo(CallStatus.VOICEMAIL);
        assertThat(event.externalCallId()).isEqualTo("8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2");
        assertThat(event.duration()).isEqualTo(Duration.ofSeconds(38));
        assertThat(event.cost()).isEqualByComparingTo("0.089");
        assertThat(event.transcript()).startsWith("User: You've reached Sam.").contains("\nAI: Hi Sam")
                .doesNotContain("Ended call");
        assertThat(event.providerReason()).contains("answered_by=voicemail");
    }

    @Test
    void should_normalize_no_answer_call() {
        // given
        byte[] body = Fixtures.bytes("webhook-no-answer.json");
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(event.status()).isEqualTo(CallStatus.NO_ANSWER);
        assertThat(event.providerStatus()).isEqualTo("no-answer");
        assertThat(event.duration()).isEqualTo(Duration.ZERO);
        assertThat(event.transcript()).isNull();
        assertThat(event.summary()).isNull();
        assertThat(event.recordingUrl()).isNull();
    }

    @Test
    void should_normalize_busy_call_with_error_message_as_reason() {
        // given
        byte[] body = Fixtures.bytes("webhook-busy.json");
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.status()).isEqualTo(CallStatus.BUSY);
        assertThat(event.providerStatus()).isEqualTo("busy");
        assertThat(event.providerReason())
                .isEqualTo("Call failed. The number you dialed is busy. Please try again later.");
    }

    @Test
    void should_normalize_failed_call_with_error_message_as_reason() {
        // given
        byte[] body = Fixtures.bytes("webhook-failed.json");
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(event.status()).isEqualTo(CallStatus.FAILED);
        assertThat(event.externalCallId()).isEqualTo("e7b25c90-3a14-4d86-9f0b-6c81d4e2a5f7");
        assertThat(event.providerReason()).isEqualTo("Call failed. The number you dialed is not found.");
        assertThat(event.cost()).isEqualByComparingTo("0");
    }

    @Test
    void should_normalize_event_stream_connected_message() {
        // given
        byte[] body = Fixtures.bytes("webhook-event-stream-call.json");
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.type()).isEqualTo(Type.STATUS_UPDATE);
        assertThat(event.status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(event.providerStatus()).isEqualTo("Call connected");
        assertThat(event.externalCallId()).isEqualTo("3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10");
        assertThat(event.eventId()).startsWith("bland:3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10:status:");
    }

    @Test
    void should_map_stream_queued_and_ringing_and_ignore_other_messages() {
        // given
        String queued = "{\"message\":\"Call enqueued\",\"call_id\":\"c1\",\"category\":\"queue\",\"log_level\":\"info\"}";
        String ringing = "{\"message\":\"Call ringing\",\"call_id\":\"c1\",\"category\":\"call\",\"log_level\":\"info\"}";
        String speech = "{\"message\":\"Agent speech: Hello, are you connected?\",\"call_id\":\"c1\","
                + "\"category\":\"call\",\"log_level\":\"info\"}";
        String latency = "{\"message\":\"TTS: 218ms\",\"call_id\":\"c1\",\"category\":\"latency\",\"log_level\":\"performance\"}";
        // when / then
        assertThat(parse(queued).status()).isEqualTo(CallStatus.QUEUED);
        assertThat(parse(ringing).status()).isEqualTo(CallStatus.RINGING);
        assertThat(parse(speech).type()).isEqualTo(Type.IGNORED);
        assertThat(parse(speech).status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(parse(latency).type()).isEqualTo(Type.IGNORED);
        assertThat(parse(latency).eventId()).startsWith("bland:c1:ignored:");
    }

    @Test
    void should_build_the_same_transcript_from_turns_when_concatenated_transcript_is_absent() throws Exception {
        // given the completed call without concatenated_transcript (transcripts[] only)
        ObjectNode tree = fixtureTree("webhook-completed-human.json");
        tree.remove("concatenated_transcript");
        String expected = parse(Fixtures.bytes("webhook-completed-human.json")).transcript();
        // when
        WebhookEvent event = parse(MAPPER.writeValueAsBytes(tree));
        // then
        assertThat(event.transcript()).isEqualTo(expected);
    }

    @Test
    void should_use_turns_when_they_come_before_an_empty_concatenated_transcript() {
        // given
        String body = "{\"call_id\":\"c1\",\"status\":\"completed\",\"answered_by\":\"human\","
                + "\"transcripts\":[{\"id\":1,\"user\":\"user\",\"text\":\"Hi\"},{\"id\":2,\"user\":\"agent\",\"text\":\"Hello\"},"
                + "{\"id\":3,\"user\":\"agent-action\",\"text\":\"Ended call\"}],\"concatenated_transcript\":\"\"}";
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.transcript()).isEqualTo("User: Hi\nAI: Hello");
    }

    @Test
    void should_take_duration_from_call_length_when_corrected_duration_is_absent() throws Exception {
        // given
        ObjectNode tree = fixtureTree("webhook-completed-human.json");
        tree.remove("corrected_duration");
        // when
        WebhookEvent event = parse(MAPPER.writeValueAsBytes(tree));
        // then call_length 2.45 minutes
        assertThat(event.duration()).isEqualTo(Duration.ofSeconds(147));
    }

    @Test
    void should_read_our_call_id_from_metadata() throws Exception {
        // given
        ObjectNode tree = fixtureTree("webhook-voicemail.json");
        ((ObjectNode) tree.get("metadata")).put("callId", "our-call-7");
        // when
        WebhookEvent event = parse(MAPPER.writeValueAsBytes(tree));
        // then
        assertThat(event.callId()).isEqualTo("our-call-7");
        assertThat(event.externalCallId()).isEqualTo("8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2");
    }

    @Test
    void should_accept_an_end_of_call_report_carrying_only_our_call_id() {
        // given
        String body = "{\"status\":\"failed\",\"queue_status\":\"pre_queue_error\",\"error_message\":\"Unable to start call.\","
                + "\"metadata\":{\"callId\":\"our-1\"}}";
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.externalCallId()).isNull();
        assertThat(event.callId()).isEqualTo("our-1");
        assertThat(event.status()).isEqualTo(CallStatus.FAILED);
        assertThat(event.eventId()).startsWith("bland:callId=our-1:ended:");
    }

    @Test
    void should_fall_back_to_c_id() {
        // given
        String body = "{\"c_id\":\"c-77\",\"status\":\"busy\"}";
        // when / then
        assertThat(parse(body).externalCallId()).isEqualTo("c-77");
    }

    @Test
    void should_give_one_event_id_to_every_delivery_of_an_outcome_and_another_to_a_different_outcome()
            throws Exception {
        // given
        byte[] body = Fixtures.bytes("webhook-completed-human.json");
        ObjectNode enriched = fixtureTree("webhook-completed-human.json");
        enriched.put("summary", "enriched later");
        ObjectNode voicemail = fixtureTree("webhook-completed-human.json");
        voicemail.put("answered_by", "voicemail");
        // when
        String first = parse(body).eventId();
        String again = parse(body.clone()).eventId();
        String reEncoded = parse(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(fixtureTree(
                "webhook-completed-human.json"))).eventId();
        String resent = parse(MAPPER.writeValueAsBytes(enriched)).eventId();
        String other = parse(MAPPER.writeValueAsBytes(voicemail)).eventId();
        // then
        assertThat(again).isEqualTo(first);
        assertThat(reEncoded).isEqualTo(first);
        assertThat(resent).isEqualTo(first);
        assertThat(other).isNotEqualTo(first).endsWith(":ended:VOICEMAIL");
    }

    @Test
    void should_report_an_unfinished_call_details_body_as_status_update() {
        // given
        String body = "{\"call_id\":\"c1\",\"completed\":false,\"queue_status\":\"started\",\"status\":null}";
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.type()).isEqualTo(Type.STATUS_UPDATE);
        assertThat(event.status()).isEqualTo(CallStatus.IN_PROGRESS);
    }

    @Test
    void should_end_with_unknown_status_and_raw_reason_for_an_unrecognised_combination() {
        // given
        String body = "{\"call_id\":\"c1\",\"status\":\"unknown\",\"queue_status\":\"complete\",\"completed\":true}";
        // when
        WebhookEvent event = parse(body);
        // then
        assertThat(event.type()).isEqualTo(Type.CALL_ENDED);
        assertThat(event.status()).isEqualTo(CallStatus.UNKNOWN);
        assertThat(event.providerReason()).isEqualTo("status=unknown, queue_status=complete");
    }

    @Test
    void should_ignore_citations_and_unknown_payloads() {
        // given
        String citations = "{\"call_id\":\"c1\",\"user_id\":\"u\",\"event_type\":\"citations\",\"citations\":[{\"x\":1}]}";
        String unknown = "{\"hello\":\"world\"}";
        // when / then
        assertThat(parse(citations).type()).isEqualTo(Type.IGNORED);
        assertThat(parse(unknown).type()).isEqualTo(Type.IGNORED);
        assertThat(parse(unknown).eventId()).startsWith("bland:-:ignored:");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "[1,2]",
            "\"a string\"",
            "{\"call_id\":\"c1\",\"status\":\"busy\"",
            "{\"call_id\":\"c1\",\"status\":\"busy\"} trailing",
            "{\"call_id\":\"c1\",\"status\":\"busy\"} {}",
            "{\"call_id\":{\"id\":\"c1\"},\"status\":\"busy\"}",
            "{\"call_id\":\"c1\",\"status\":[\"busy\"]}",
            "{\"call_id\":\"c1\",\"status\":\"busy\",\"metadata\":[1]}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"transcripts\":\"user: hi\"}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"transcripts\":[\"user: hi\"]}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"price\":\"cheap\"}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"price\":1e999999999}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"completed\":\"maybe\"}",
            "{\"status\":\"completed\",\"answered_by\":\"human\"}",
            "{\"status\":\"completed\",\"metadata\":{\"leadId\":\"l1\"}}",
            "{\"message\":\"Call connected\",\"category\":\"call\",\"log_level\":\"info\"}"
    })
    void should_reject_malformed_bodies(String body) {
        // given a body that is not JSON, not an object, has a field of the wrong type or no call id
        // when / then
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(MalformedWebhookException.class)
                .satisfies(e -> assertThat(((MalformedWebhookException) e).httpStatus()).isEqualTo(400));
    }

    @Test
    void should_reject_a_body_nested_beyond_the_read_limit() {
        // given
        String deep = "{\"call_id\":\"c1\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        // when / then
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("read limits");
    }

    @Test
    void should_not_echo_the_body_in_the_malformed_message() {
        // given
        String body = "{\"call_id\":\"c1\",\"to\":\"+15555550142\",\"status\":\"busy\",";
        // when / then
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedWebhookException.class)
                .hasMessageNotContaining("+15555550142");
    }

    @Test
    void should_rewrite_the_concatenated_transcript_one_labelled_line_per_turn() {
        // given Bland's " \n " separators, mixed case roles, a non-speech turn and an unlabelled line
        String raw = " user: Hello? \n Assistant : Hi, is this Dana? \n agent-action: Ended call \n robot: Bye"
                + " \n user:   \n note without role \n pm: 3:30 works \n ";
        // when
        String transcript = BlandPayload.normalizeConcatenated(raw);
        // then
        assertThat(transcript).isEqualTo("User: Hello?\nAI: Hi, is this Dana?\nAI: Bye\nnote without role\npm: 3:30 works");
        assertThat(BlandPayload.normalizeConcatenated(" \n agent-action: Ended call \n ")).isNull();
    }
}
