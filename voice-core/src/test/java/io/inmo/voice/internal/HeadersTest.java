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
            assertThat(Headers.firstOfCopy(headers, name)).as(name).isEqualTo(Headers.first(copy, name));
        }
        assertThat(Headers.firstOfCopy(headers, "X-Signature")).isEqualTo("abc");
        assertThat(Headers.firstOfCopy(null, "X-Signature")).isNull();
        assertThat(Headers.firstOfCopy(headers, null)).isNull();
    }
}
