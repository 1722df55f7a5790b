package io.inmo.voice.vapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.testing.HostileInput;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever numbers, timestamps and shapes a VAPI message carries in any numeric field, the parser
 * answers with an event with sane numbers or a typed 4xx, within a CPU-time bound.
 */
class VapiHostileInputTest {

    /** Every numeric field the parser reads, each with a {@code %s} for the value. */
    private static final List<String> FIELDS = List.of(
            "{\"message\":{\"type\":\"end-of-call-report\",\"timestamp\":%s,\"endedReason\":\"customer-ended-call\","
                    + "\"call\":{\"id\":\"c1\"}}}",
            "{\"message\":{\"type\":\"status-update\",\"status\":\"ringing\",\"timestamp\":%s,\"call\":{\"id\":\"c1\"}}}",
            "{\"message\":{\"type\":\"speech-update\",\"timestamp\":%s,\"call\":{\"id\":\"c1\"}}}",
            "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                    + "\"durationSeconds\":%s,\"call\":{\"id\":\"c1\"}}}",
            "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                    + "\"durationMs\":%s,\"call\":{\"id\":\"c1\"}}}",
            "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                    + "\"cost\":%s,\"call\":{\"id\":\"c1\"}}}",
            "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                    + "\"call\":{\"id\":\"c1\",\"cost\":%s}}}",
            "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"call.forwarding.operator-busy\","
                    + "\"call\":{\"id\":\"c1\",\"durationSeconds\":%s}}}");

    private static final String TIMESTAMPS = "{\"message\":{\"type\":\"end-of-call-report\","
            + "\"endedReason\":\"customer-ended-call\",\"startedAt\":\"%s\",\"endedAt\":\"%s\",\"call\":{\"id\":\"c1\"}}}";

    private final VapiProvider vapi = new VapiProvider();

    @Test
    void should_answer_every_hostile_number_in_every_numeric_field_with_an_event_or_a_typed_4xx() {
        for (String template : FIELDS) {
            for (String value : HostileInput.jsonValues()) {
                HostileInput.check(template + " <- " + HostileInput.shorten(value), String.format(template, value),
                        this::parse);
            }
        }
    }

    @Test
    void should_answer_every_hostile_timestamp_pair_with_an_event_or_a_typed_4xx() {
        for (String start : HostileInput.timestampTexts()) {
            for (String end : HostileInput.timestampTexts()) {
                HostileInput.check(HostileInput.shorten(start) + " .. " + HostileInput.shorten(end),
                        String.format(TIMESTAMPS, start, end), this::parse);
            }
        }
    }

    @Test
    void should_refuse_the_reported_numbers_with_400() {
        // given the numbers of the report: an 11-character token that expands to a billion digits, 1e16 seconds
        // (a negative duration once in milliseconds) and a 40-digit integer
        for (String value : List.of("1e999999999", "1e9999999999", "1E-9999999999", "1e10000000", "1e16",
                "1234567890123456789012345678901234567890",
                "\"" + "9".repeat(900_000) + "\"")) {
            String body = String.format(FIELDS.get(3), value);
            // when / then
            assertThatThrownBy(() -> parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as(HostileInput.shorten(value))
                    .isInstanceOf(MalformedWebhookException.class)
                    .hasMessageContaining("out of range");
        }
    }

    @Test
    void should_treat_timestamps_a_billion_years_apart_as_no_duration() {
        // given
        String body = String.format(TIMESTAMPS, "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z");
        // when
        WebhookEvent e = parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // then
        assertThat(e.duration()).isNull();
    }

    @Test
    void should_read_numbers_written_as_strings_like_numbers() {
        // given
        String body = String.format(FIELDS.get(3), "\" 95.5 \"");
        // when / then
        assertThat(parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).duration())
                .isEqualTo(Duration.ofMillis(95_500));
    }

    private WebhookEvent parse(byte[] body) {
        return vapi.parseWebhook(WebhookRequest.of("vapi", Map.of(), body));
    }
}
