package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

    @Test
    void should_merge_nested_maps_key_by_key_and_replace_other_values() {
        // given
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistantId", "a1");
        body.put("assistantOverrides", Map.of("metadata", Map.of("callId", "c1"), "firstMessage", "Hola"));

        // when
        JsonBodies.deepMerge(body, Map.of("assistantId", "a2",
                "assistantOverrides", Map.of("metadata", Map.of("campaign", "nov"), "maxDurationSeconds", 300)));

        // then
        assertThat(body).containsEntry("assistantId", "a2");
        assertThat(body.get("assistantOverrides")).isEqualTo(Map.of(
                "metadata", Map.of("callId", "c1", "campaign", "nov"),
                "firstMessage", "Hola", "maxDurationSeconds", 300));
    }

    @Test
    void should_copy_nested_maps_instead_of_sharing_the_callers() {
        // given
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("voicemail", new LinkedHashMap<>(Map.of("action", "hangup")));
        Map<String, Object> body = new LinkedHashMap<>();

        // when
        JsonBodies.deepMerge(body, options);
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) body.get("voicemail");
        merged.put("message", "changed");

        // then
        assertThat(options.get("voicemail")).isEqualTo(Map.of("action", "hangup"));
    }
}
