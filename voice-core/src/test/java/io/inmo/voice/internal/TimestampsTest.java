package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void should_read_utc_offset_and_local_forms() {
        // given / when / then
        assertThat(Timestamps.parse("2024-07-27T20:43:38.016Z")).isEqualTo(Instant.parse("2024-07-27T20:43:38.016Z"));
        assertThat(Timestamps.parse("2026-03-10T16:02:19.5Z")).isEqualTo(Instant.parse("2026-03-10T16:02:19.5Z"));
        assertThat(Timestamps.parse("2026-03-10T18:03:20.123456+02:00"))
                .isEqualTo(Instant.parse("2026-03-10T16:03:20.123456Z"));
        assertThat(Timestamps.parse(" 2026-03-10 16:02:19 ")).isEqualTo(Instant.parse("2026-03-10T16:02:19Z"));
        assertThat(Timestamps.parse("2026-03-10T16:02:19")).isEqualTo(Instant.parse("2026-03-10T16:02:19Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "yesterday", "", "1722115418016",
            "2026-03-10T16:02:19.1111111111111111111111111111111111111111111111111111111111111111Z"})
    void should_give_null_for_what_it_cannot_read(String text) {
        // when / then
        assertThat(Timestamps.parse(text)).isNull();
    }

    @Test
    void should_give_null_for_null_and_huge_text() {
        // when / then
        assertThat(Timestamps.parse(null)).isNull();
        assertThat(Timestamps.parse("2026-03-10T16:02:19." + "1".repeat(900_000) + "Z")).isNull();
    }
}
