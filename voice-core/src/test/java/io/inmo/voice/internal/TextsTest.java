package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void should_treat_null_empty_and_whitespace_as_blank() {
        // given / when / then
        assertThat(Texts.isBlank(null)).isTrue();
        assertThat(Texts.isBlank("")).isTrue();
        assertThat(Texts.isBlank(" \t\n")).isTrue();
        assertThat(Texts.isBlank(" x ")).isFalse();
        assertThat(Texts.blankToNull("  ")).isNull();
        assertThat(Texts.blankToNull(" x ")).isEqualTo(" x ");
    }

    @Test
    void should_pick_the_first_value_that_is_not_blank() {
        // given / when / then
        assertThat(Texts.firstNonBlank(null, " ", "", "a", "b")).isEqualTo("a");
        assertThat(Texts.firstNonBlank(null, " ")).isNull();
        assertThat(Texts.firstNonBlank()).isNull();
    }
}
