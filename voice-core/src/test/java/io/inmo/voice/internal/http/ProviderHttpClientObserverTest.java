package io.inmo.voice.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ObservedConfigs;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.testing.RecordingObserver;
import io.inmo.voice.testing.RecordingSleeper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the HTTP layer reports to the observer the service attached to the configuration. */
class ProviderHttpClientObserverTest {

    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static WireMockServer wm;

    private final String calls = "/o" + TEST_NUMBER.incrementAndGet() + "/v1/calls";
    private final RecordingObserver observer = new RecordingObserver();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ProviderHttpClient client = ProviderHttpClient.builder().sleeper(sleeper).build();

    @BeforeAll
    static void startServer() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stopServer() {
        wm.stop();
    }

    private ProviderConfig config(Duration requestTimeout) {
        return ObservedConfigs.withObserver(ProviderConfig.builder("acme").apiKey("sk-test").baseUrl(wm.baseUrl())
                .requestTimeout(requestTimeout).build(), observer);
    }

    private ProviderRequest createCall(String base) {
        return ProviderRequest.createJson("acme", URI.create(base + calls), Map.of(), Map.of("phone_number", "+1415"));
    }

    @Test
    void should_report_each_attempt_and_the_rate_limit_wait_between_them() {
        // given
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("lifted"));
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs("lifted")
                .willReturn(aResponse().withStatus(201)));

        // when
        client.send(createCall(wm.baseUrl()), config(Duration.ofSeconds(5)));

        // then
        assertThat(observer.events()).containsExactly("request acme create 429 #1",
                "retry acme 2000ms rate_limited", "request acme create 2xx #2");
    }

    @Test
    void should_report_a_server_error_and_a_client_error_on_a_creation_without_retry() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(502)));
        wm.stubFor(post(calls + "/x").willReturn(aResponse().withStatus(422)));

        // when
        client.send(createCall(wm.baseUrl()), config(Duration.ofSeconds(5)));
        client.send(ProviderRequest.createJson("acme", URI.create(wm.baseUrl() + calls + "/x"), Map.of(), Map.of()),
                config(Duration.ofSeconds(5)));

        // then
        assertThat(observer.events()).containsExactly("request acme create 5xx #1", "request acme create 4xx #1");
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void should_report_a_lookup_retried_after_a_server_error() {
        // given
        wm.stubFor(get(calls + "/c-1").inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        wm.stubFor(get(calls + "/c-1").inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("{}")));

        // when
        client.send(ProviderRequest.get("acme", URI.create(wm.baseUrl() + calls + "/c-1"), Map.of()),
                config(Duration.ofSeconds(5)));

        // then
        assertThat(observer.events()).hasSize(3);
        assertThat(observer.events().get(0)).isEqualTo("request acme fetch 5xx #1");
        assertThat(observer.events().get(1)).startsWith("retry acme ").endsWith(" server_error");
        assertThat(observer.events().get(2)).isEqualTo("request acme fetch 2xx #2");
    }

    @Test
    void should_report_a_read_timeout_of_a_creation_as_timeout() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(201).withFixedDelay(1000)));

        // when
        assertThatThrownBy(() -> client.send(createCall(wm.baseUrl()), config(Duration.ofMillis(200))))
                .isInstanceOf(CallOutcomeUnknownException.class);

        // then
        assertThat(observer.events()).containsExactly("request acme create timeout #1");
    }

    @Test
    void should_report_refused_connections_and_the_waits_before_each_new_attempt() throws IOException {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        // when
        assertThatThrownBy(() -> client.send(createCall("http://127.0.0.1:" + closedPort),
                config(Duration.ofSeconds(5)))).isInstanceOf(ProviderUnavailableException.class);

        // then: three attempts (the default), two waits between them
        assertThat(observer.events("request")).containsExactly("request acme create io_error #1",
                "request acme create io_error #2", "request acme create io_error #3");
        assertThat(observer.events("retry")).hasSize(2).allMatch(e -> e.endsWith(" connect_failed"));
    }

    @Test
    void should_report_nothing_for_a_configuration_built_by_the_host() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(201)));
        ProviderConfig plain = ProviderConfig.builder("acme").baseUrl(wm.baseUrl()).build();

        // when
        client.send(createCall(wm.baseUrl()), plain);

        // then
        assertThat(plain.observer()).isSameAs(VoiceObserver.noop());
        assertThat(observer.events()).isEmpty();
    }
}
