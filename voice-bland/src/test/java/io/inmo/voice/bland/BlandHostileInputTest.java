package io.inmo.voice.bland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.testing.HostileInput;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever numbers, timestamps and shapes a Bland webhook carries in any numeric field, the parser
 * answers with an event with sane numbers or a typed 4xx, within a CPU-time bound.
 */
class BlandHostileInputTest {

    private static final List<String> FIELDS = List.of(
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"corrected_duration\":%s}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"call_length\":%s}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"price\":%s}",
            "{\"call_id\":\"c1\",\"status\":\"completed\",\"corrected_duration\":\"x\",\"call_length\":%s}");

    private final BlandProvider bland = new BlandProvider();

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
    void should_answer_every_hostile_end_time_with_an_event_or_a_typed_4xx() {
        for (String ts : HostileInput.timestampTexts()) {
            HostileInput.check("end_at=" + HostileInput.shorten(ts),
                    "{\"call_id\":\"c1\",\"status\":\"completed\",\"end_at\":\"" + ts + "\"}", this::parse);
        }
    }

    @Test
    void should_refuse_out_of_range_numbers_as_strings_too() {
        for (String value : List.of("\"1e999999999\"", "\"" + "9".repeat(900_000) + "\"", "1e10000000")) {
            String body = String.format(FIELDS.get(2), value);
            assertThatThrownBy(() -> parse(body.getBytes(StandardCharsets.UTF_8))).as(HostileInput.shorten(value))
                    .isInstanceOf(MalformedWebhookException.class).hasMessageContaining("out of range");
        }
    }

    @Test
    void should_not_turn_an_implausible_call_length_into_a_duration() {
        // given 1e14 minutes: in range as a number, but not a phone call
        String body = String.format(FIELDS.get(1), "1e14");
        // when
        WebhookEvent e = parse(body.getBytes(StandardCharsets.UTF_8));
        // then
        assertThat(e.duration()).isNull();
        assertThat(parse(String.format(FIELDS.get(1), "1.5").getBytes(StandardCharsets.UTF_8)).duration())
                .isEqualTo(Duration.ofSeconds(90));
    }

    private WebhookEvent parse(byte[] body) {
        return bland.parseWebhook(WebhookRequest.of("bland", Map.of(), body));
    }
}
