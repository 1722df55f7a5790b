package io.inmo.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private static Map<String, List<String>> headers() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("x-signature", Arrays.asList(null, "first"));
        h.put("X-SIGNATURE", List.of("second"));
        h.put("Content-Type", List.of("application/json"));
        return h;
    }

    @Test
    void should_answer_header_lookups_the_same_whether_the_headers_were_copied_or_read_in_place() {
        // given: the normalizer's request reads the host's map in place, WebhookRequest.of copies it
        WebhookRequest inPlace = new WebhookRequest("fake", headers(), BODY, Json.defaultWebhookMapper(), false);
        WebhookRequest copied = WebhookRequest.of("fake", headers(), BODY);

        // when / then
        for (String name : List.of("X-Signature", "x-signature", "CONTENT-TYPE", "missing")) {
            assertThat(inPlace.header(name)).as(name).isEqualTo(copied.header(name));
        }
        assertThat(inPlace.header("X-Signature")).contains("first");
        assertThat(inPlace.headers()).isEqualTo(copied.headers());
        assertThat(inPlace.headers().get("x-SIGNATURE")).containsExactly("first", "second");
        assertThat(inPlace.header("x-signature")).contains("first");
    }

    @Test
    void should_give_an_unmodifiable_copy_of_the_headers() {
        // given
        WebhookRequest inPlace = new WebhookRequest("fake", headers(), BODY, Json.defaultWebhookMapper(), false);

        // when / then
        assertThatThrownBy(() -> inPlace.headers().put("a", List.of("b")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
