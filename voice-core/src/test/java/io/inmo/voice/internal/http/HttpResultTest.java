package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpResultTest {

    private static final String[] NAMES = {"id", "status", "endedReason"};

    private static HttpResult ok(String body) {
        return new HttpResult(201, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_keep_only_the_named_top_level_fields() {
        // given
        HttpResult result = ok("""
                {"subscriptionLimits":{"concurrencyLimit":10,"id":"nested"},"id":"call-1","orgId":"org-1",
                 "monitor":{"listenUrl":"wss://x"},"status":"queued","messages":[{"id":"m"}],"cost":0}""");

        // when
        JsonNode kept = result.json(NAMES);

        // then
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.path("id").asText()).isEqualTo("call-1");
        assertThat(kept.path("status").asText()).isEqualTo("queued");
        assertThat(kept.has("orgId")).isFalse();
        assertThat(kept.has("endedReason")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":\"a\",\"id\":\"b\",\"status\":\"queued\"}",
            "{\"status\":{\"id\":\"inner\"},\"endedReason\":[\"x\",{\"y\":1}],\"id\":42}",
            "{\"id\":null,\"status\":true,\"endedReason\":1.5e3}",
            "{\"other\":{\"id\":\"deep\",\"a\":[[[{}]]]},\"id\":\"top\"} trailing",
            "{}",
            "[{\"id\":\"in-array\"}]",
            "\"id\"",
            "{\"id\":\"cut\",\"status\":",
            "{\"id\":\"x\" \"status\":\"y\"}",
            "not json",
            ""})
    void should_answer_as_the_whole_tree_does_for_every_named_field(String body) {
        // given
        HttpResult result = ok(body);

        // when
        JsonNode kept = result.json(NAMES);
        JsonNode whole = result.json();

        // then
        for (String name : NAMES) {
            assertThat(kept.path(name)).as("%s in %s", name, body).isEqualTo(whole.path(name));
        }
    }

    @Test
    void should_read_headers_ignoring_case_as_the_jdk_or_a_host_gives_them() {
        // given
        HttpHeaders jdk = HttpHeaders.of(Map.of("retry-after", List.of("7")), (name, value) -> true);
        HttpResult fromJdk = new HttpResult(429, jdk.map(), new byte[0]);
        HttpResult fromMap = new HttpResult(429, Map.of("RETRY-AFTER", List.of("9")), null);

        // when / then
        assertThat(fromJdk.header("Retry-After")).contains("7");
        assertThat(fromJdk.retryAfter(Clock.systemUTC())).contains(Duration.ofSeconds(7));
        assertThat(fromMap.header("retry-after")).contains("9");
        assertThat(fromMap.body()).isEmpty();
        assertThat(new HttpResult(200, null, null).header("Retry-After")).isEmpty();
    }
}
