package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.InvalidPhoneNumberException;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "+14155550123",      // US
            "+34600000001",      // Spain
            "+1234567",          // shortest: 7 digits
            "+123456789012345",  // longest: 15 digits
    })
    void should_accept_valid_E164_numbers(String number) {
        // given / when
        boolean valid = PhoneNumbers.isE164(number);

        // then
        assertThat(valid).isTrue();
        assertThat(PhoneNumbers.requireE164(number)).isEqualTo(number);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+1415555ABCD       | characters other than digits",
            "+123456            | 6 digits, fewer than 7",
            "14155550123        | does not start with '+'",
            "+1234567890123456  | 16 digits, more than 15",
            "+04155550123       | country code cannot start with 0",
            "'+1 415 555 0123'  | characters other than digits",
            "+1-415-555-0123    | characters other than digits",
            "++14155550123      | characters other than digits",
            "+                  | 0 digits, fewer than 7",
    })
    void should_reject_invalid_numbers_with_the_reason(String number, String reason) {
        // given / when / then
        assertThat(PhoneNumbers.isE164(number)).isFalse();
        assertThatThrownBy(() -> PhoneNumbers.requireE164(number))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> {
                    InvalidPhoneNumberException ex = (InvalidPhoneNumberException) e;
                    assertThat(ex.httpStatus()).isEqualTo(400);
                    assertThat(ex.code()).isEqualTo("invalid_phone_number");
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void should_reject_empty_numbers(String number) {
        // given / when / then
        assertThat(PhoneNumbers.isE164(number)).isFalse();
        assertThatThrownBy(() -> PhoneNumbers.requireE164(number))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("it is empty");
    }

    @Test
    void should_accept_exactly_what_the_E164_pattern_accepts() {
        // given: random strings over digits, '+', separators and non-ASCII digits, 0 to 18 characters
        Pattern e164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
        String alphabet = "+0123456789 -a\u0663\uff11";
        Random random = new Random(42);

        for (int i = 0; i < 200_000; i++) {
            StringBuilder candidate = new StringBuilder(random.nextBoolean() ? "+" : "");
            int length = random.nextInt(18);
            for (int j = 0; j < length; j++) {
                // Mostly digits, so that valid numbers come up often.
                candidate.append(random.nextInt(10) < 8 ? (char) ('0' + random.nextInt(10))
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String number = candidate.toString();

            // when / then
            assertThat(PhoneNumbers.isE164(number)).as(number).isEqualTo(e164.matcher(number).matches());
        }
    }

    @Test
    void should_not_print_the_whole_number_when_rejecting_it() {
        // given
        String number = "+9876543210345678";

        // when / then
        assertThatThrownBy(() -> PhoneNumbers.requireE164(number))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageNotContaining(number)
                .hasMessageNotContaining("98765432")
                .hasMessageContaining("5678");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "+14155550123 | ********0123",
            "+34600000001 | ********0001",
            "12345        | *2345",
            "1234         | ****",
            "123          | ***",
            "''           | ''",
    })
    void should_mask_all_but_the_last_four_characters(String number, String masked) {
        // given / when
        String result = PhoneNumbers.mask(number);

        // then
        assertThat(result).isEqualTo(masked).hasSameSizeAs(number);
    }

    @Test
    void should_mask_null_as_the_word_null() {
        // given / when / then
        assertThat(PhoneNumbers.mask(null)).isEqualTo("null");
    }

    @Test
    void should_mask_a_number_quoted_in_a_provider_message_with_or_without_its_plus() {
        // when
        String masked = PhoneNumbers.maskIn("Invalid phone number +14155550123 (14155550123)", "+14155550123");

        // then
        assertThat(masked).doesNotContain("4155550123").contains("0123");
        assertThat(PhoneNumbers.maskIn(null, "+14155550123")).isNull();
    }
}
