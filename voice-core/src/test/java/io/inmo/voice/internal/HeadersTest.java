package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void should_read_in_place_the_same_first_value_as_the_case_insensitive_copy() {
        // given: names differing only in case, null names and values, an empty list
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-signature", Arrays.asList(null, null));
        headers.put("X-Signature", List.of("abc"));
        headers.put("X-SIGNATURE", List.of("def"));
        headers.put(null, List.of("nameless"));
        headers.put("Empty", List.of());
        headers.put("Nulls", null);
        headers.put("Content-Type", List.of("application/json"));
        Map<String, List<String>> copy = Headers.caseInsensitiveCopy(headers);

        // when / then
        for (String name : List.of("x-signature", "X-Signature", "x-SIGNATURE", "content-type", "empty", "nulls",
                "missing")) {
            assertThat(Headers.first(headers, name)).as(name).isEqualTo(Headers.first(copy, name));
        }
        assertThat(Headers.first(headers, "X-Signature")).isEqualTo("abc");
        assertThat(Headers.first(null, "X-Signature")).isNull();
        assertThat(Headers.first(headers, null)).isNull();
    }

    @Test
    void should_take_a_later_same_name_header_when_the_first_has_only_null_values() {
        // given a host map whose first spelling of the name has no usable value
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Signature", Arrays.asList((String) null));
        headers.put("x-signature", List.of("abc"));

        // when / then: the same answer as its case-insensitive copy, read in place or from the copy
        assertThat(Headers.first(headers, "X-Signature")).isEqualTo("abc");
        assertThat(Headers.first(Headers.caseInsensitiveCopy(headers), "X-Signature")).isEqualTo("abc");
    }
}
