package io.inmo.voice.fake;

import io.inmo.voice.testing.HostileInput;
import io.inmo.voice.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property: whatever numbers, timestamps and shapes a fake webhook carries, the answer is an event or a 4xx. */
class FakeHostileInputTest {

    private static final String TEMPLATE = "{\"type\":\"call-ended\",\"event_id\":\"e1\",\"call_id\":\"fake-call-1\","
            + "\"metadata\":{\"callId\":\"c-1\"},\"status\":\"completed\",\"reason\":\"customer-ended-call\","
            + "\"timestamp\":%s,\"duration_seconds\":%s,\"cost\":%s}";

    private final FakeVoiceProvider fake = FakeVoiceProvider.builder().build();

    @Test
    void should_answer_every_hostile_number_with_an_event_or_a_typed_4xx_quickly() {
        for (String value : HostileInput.jsonValues()) {
            check("duration_seconds=" + HostileInput.shorten(value), body("null", value, "1"));
            check("cost=" + HostileInput.shorten(value), body("null", "5", value));
        }
    }

    @Test
    void should_answer_every_hostile_timestamp_with_an_event_or_a_typed_4xx_quickly() {
        for (String ts : HostileInput.timestampTexts()) {
            check("timestamp=" + HostileInput.shorten(ts), body("\"" + ts + "\"", "5", "1"));
        }
        for (String value : List.of("1e999999999", "{}", "[]", "true")) {
            check("timestamp=" + value, body(value, "5", "1"));
        }
    }

    private static String body(String timestamp, String duration, String cost) {
        return String.format(TEMPLATE, timestamp, duration, cost);
    }

    private void check(String label, String body) {
        HostileInput.check(label, body, bytes -> fake.parseWebhook(WebhookRequest.of("fake", Map.of(), bytes)));
    }
}
