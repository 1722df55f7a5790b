package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.testing.FaultyHttpServer;
import io.inmo.voice.testing.FaultyHttpServer.Fault;
import io.inmo.voice.testing.RecordingSleeper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One deadline over the whole exchange: headers and body, for creations and safe reads alike. */
class ExchangeDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration TICK = Duration.ofMillis(100);

    private final ProviderHttpClient client = ProviderHttpClient.builder().sleeper(new RecordingSleeper()).build();

    private static ProviderConfig config(FaultyHttpServer server) {
        return ProviderConfig.builder("acme").apiKey("sk-test").baseUrl(server.baseUrl()).requestTimeout(TIMEOUT)
                .maxAttempts(3).build();
    }

    @Test
    void should_give_up_on_a_trickled_body_of_a_creation_as_an_unknown_outcome_without_repeating() {
        try (FaultyHttpServer server = FaultyHttpServer.start(Fault.TRICKLE_BODY, TICK)) {
            // given headers at once, then one byte per tick
            ProviderRequest post = ProviderRequest.createJson("acme", URI.create(server.baseUrl() + "/calls"),
                    Map.of(), Map.of("phone_number", "+14155550123"));

            // when / then
            assertThatThrownBy(() -> client.send(post, config(server)))
                    .isInstanceOf(CallOutcomeUnknownException.class)
                    .hasMessageContaining("timed out");
            assertThat(server.count("POST")).isEqualTo(1);
        }
    }

    @Test
    void should_repeat_a_safe_read_whose_body_trickles_then_report_unavailable() {
        try (FaultyHttpServer server = FaultyHttpServer.start(Fault.TRICKLE_BODY, TICK)) {
            // given
            ProviderRequest get = ProviderRequest.get("acme", URI.create(server.baseUrl() + "/calls/1"), Map.of());

            // when / then: each attempt is cut at the deadline, and a GET may be repeated
            assertThatThrownBy(() -> client.send(get, config(server)))
                    .isInstanceOf(ProviderUnavailableException.class);
            assertThat(server.count("GET")).isEqualTo(3);
        }
    }
}
