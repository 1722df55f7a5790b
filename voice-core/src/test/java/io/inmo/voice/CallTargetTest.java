package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CallTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"lead\u0000x", "lead\nx", "lead\u007fx", " "})
    void should_refuse_a_lead_id_a_store_cannot_hold_with_400(String leadId) {
        // given an id with a control character (PostgreSQL refuses U+0000) or a blank one
        // when / then
        assertThatThrownBy(() -> new CallTarget(leadId, "broker-7", "+14155550123", null, Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((VoiceException) e).httpStatus()).isEqualTo(400))
                .hasMessageContaining("leadId");
    }

    @Test
    void should_refuse_ids_longer_than_255_characters_and_accept_255() {
        // given
        String longest = "b".repeat(255);

        // when / then
        assertThat(CallTarget.of("lead-1", longest, "+14155550123").brokerId()).isEqualTo(longest);
        assertThatThrownBy(() -> CallTarget.of("lead-1", longest + "b", "+14155550123"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("brokerId must be at most 255 characters, got 256");
    }

    @Test
    void should_accept_unicode_ids() {
        // given / when
        CallTarget target = CallTarget.of("lead-ñ-東京-😀", "broker-7", "+14155550123");

        // then
        assertThat(target.leadId()).isEqualTo("lead-ñ-東京-😀");
    }

    @Test
    void should_print_only_the_last_four_digits_and_the_variable_names() {
        // given
        CallTarget target = new CallTarget("lead-1", "broker-1", "+14155550123", "Ana", Map.of("address", "Calle 1"));

        // when
        String printed = target.toString();

        // then
        assertThat(printed).contains("*******0123").doesNotContain("4155550123").contains("address")
                .doesNotContain("Calle 1");
    }
}
