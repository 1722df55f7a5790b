package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void should_read_plain_numbers_and_numbers_as_text() {
        // given / when / then
        assertThat(Numbers.decimal(" 12.5 ")).isEqualByComparingTo("12.5");
        assertThat(Numbers.decimal("-3")).isEqualByComparingTo("-3");
        assertThat(Numbers.decimal("+1.2e3")).isEqualByComparingTo("1200");
        assertThat(Numbers.decimal("999999999999999")).isEqualByComparingTo("999999999999999");
        assertThat(Numbers.decimal("1e-999999999")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(Numbers.decimal((String) null)).isNull();
        assertThat(Numbers.decimal("  ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e15", "1e999999999", "-1e999999999", "1e2147483648", "1e16",
            "1234567890123456789012345678901234567890"})
    void should_refuse_numbers_out_of_range_without_expanding_them(String text) {
        // when / then
        assertThatThrownBy(() -> Numbers.decimal(text)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void should_refuse_a_900000_digit_string_by_its_length() {
        // given
        String digits = "9".repeat(900_000);
        // when / then
        assertThatThrownBy(() -> Numbers.decimal(digits)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "0x10", "1_000", "12abc", ".", "1e", "--1", "\u0663", "1,5"})
    void should_tell_text_that_is_not_a_number(String text) {
        // when / then
        assertThatThrownBy(() -> Numbers.decimal(text)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void should_read_tree_nodes_including_an_overflowed_double() throws Exception {
        // given
        JsonNode node = Json.mapper().readTree("{\"a\":1.5,\"b\":\"7\",\"c\":1e999,\"d\":true,\"e\":12345678901234567890}");
        // when / then
        assertThat(Numbers.decimal(node.get("a"))).isEqualByComparingTo("1.5");
        assertThat(Numbers.decimal(node.get("b"))).isEqualByComparingTo("7");
        assertThatThrownBy(() -> Numbers.decimal(node.get("c"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Numbers.decimal(node.get("d"))).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Numbers.decimal(node.get("e"))).isInstanceOf(ArithmeticException.class);
        assertThat(Numbers.decimal(node.get("missing"))).isNull();
    }

    @Test
    void should_turn_only_plausible_values_into_durations() {
        // given / when / then
        assertThat(Numbers.seconds(new BigDecimal("95.5"))).isEqualTo(Duration.ofMillis(95_500));
        assertThat(Numbers.minutes(new BigDecimal("1.5"))).isEqualTo(Duration.ofSeconds(90));
        assertThat(Numbers.millis(new BigDecimal("1500.4"))).isEqualTo(Duration.ofMillis(1500));
        assertThat(Numbers.seconds(new BigDecimal("-1"))).isNull();
        assertThat(Numbers.seconds(new BigDecimal("1e14"))).isNull();
        assertThat(Numbers.seconds(BigDecimal.valueOf(Numbers.MAX_DURATION.getSeconds()))).isEqualTo(Numbers.MAX_DURATION);
        assertThat(Numbers.seconds(null)).isNull();
    }

    @Test
    void should_not_give_a_duration_between_instants_too_far_apart_or_reversed() {
        // given
        Instant start = Instant.parse("2026-03-10T16:00:00Z");
        // when / then
        assertThat(Numbers.between(start, start.plusSeconds(95))).isEqualTo(Duration.ofSeconds(95));
        assertThat(Numbers.between(start, start.minusSeconds(1))).isNull();
        assertThat(Numbers.between(Instant.MIN, Instant.MAX)).isNull();
        assertThat(Numbers.between(start, start.plus(Numbers.MAX_DURATION).plusNanos(1))).isNull();
        assertThat(Numbers.between(null, start)).isNull();
    }
}
