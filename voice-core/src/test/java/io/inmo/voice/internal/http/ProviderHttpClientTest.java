package io.inmo.voice.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.Sleeper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderHttpClientTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();

    /** Counts requests when they are matched, before any stubbed delay: the journal records them only after. */
    private static final ReceivedRequests RECEIVED = new ReceivedRequests();
    private static WireMockServer wm;

    /** Paths unique to each test, so that a late request of a previous test (delayed stub) is never counted. */
    private final String calls = "/t" + TEST_NUMBER.incrementAndGet() + "/v1/calls";
    private final String call = calls + "/c-1";

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ProviderHttpClient client = ProviderHttpClient.builder().sleeper(sleeper).clock(FIXED).build();

    @BeforeAll
    static void startServer() {
        wm = new WireMockServer(wireMockConfig().dynamicPort().extensions(RECEIVED));
        wm.start();
        // Warm up: the first request a fresh WireMock serves can take longer than the 200 ms timeouts below.
        wm.stubFor(get("/warm-up").willReturn(aResponse().withStatus(204)));
        ProviderHttpClient.create().send(ProviderRequest.get("warm-up", URI.create(wm.baseUrl() + "/warm-up"),
                Map.of()), ProviderConfig.builder("warm-up").build());
    }

    @AfterAll
    static void stopServer() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        RECEIVED.clear();
    }

    private static ProviderConfig config() {
        return ProviderConfig.builder("acme").apiKey("sk-test").baseUrl(wm.baseUrl())
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    private ProviderRequest createCall() {
        return ProviderRequest.createJson("acme", URI.create(wm.baseUrl() + calls),
                Map.of("Authorization", "Bearer sk-test"), Map.of("phone_number", "+14155550123"));
    }

    private ProviderRequest getCall() {
        return ProviderRequest.get("acme", URI.create(wm.baseUrl() + call), Map.of("Authorization", "Bearer sk-test"));
    }

    private long postsReceived() {
        return RECEIVED.count("POST", calls);
    }

    private long getsReceived() {
        return RECEIVED.count("GET", call);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void should_send_a_call_creation_once_and_return_a_server_error(int status) {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(status).withBody("{\"message\":\"boom\"}")));

        // when
        HttpResult result = client.send(createCall(), config());

        // then
        assertThat(result.status()).isEqualTo(status);
        assertThat(result.json().path("message").asText()).isEqualTo("boom");
        assertThat(postsReceived()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_send_the_body_and_headers_of_the_request() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(201).withBody("{\"id\":\"c-1\"}")));

        // when
        HttpResult result = client.send(createCall(), config());

        // then
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.json().path("id").asText()).isEqualTo("c-1");
        var received = wm.findAll(postRequestedFor(urlEqualTo(calls)));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getHeader("Authorization")).isEqualTo("Bearer sk-test");
        assertThat(received.get(0).getHeader("Content-Type")).startsWith("application/json");
        assertThat(received.get(0).getBodyAsString()).isEqualTo("{\"phone_number\":\"+14155550123\"}");
    }

    @Test
    void should_not_repeat_a_call_creation_after_a_read_timeout() throws InterruptedException {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(201).withFixedDelay(1000)));
        ProviderConfig config = config().toBuilder().requestTimeout(Duration.ofMillis(200)).build();

        // when / then
        assertThatThrownBy(() -> client.send(createCall(), config))
                .isInstanceOf(CallOutcomeUnknownException.class)
                .hasMessageContaining("timed out")
                .hasMessageContaining("not retried");
        RECEIVED.awaitCount("POST", calls, 1, Duration.ofSeconds(5));
        assertThat(postsReceived()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_repeat_a_call_creation_after_a_429_honouring_retry_after_seconds() {
        // given
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("lifted"));
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs("lifted")
                .willReturn(aResponse().withStatus(201).withBody("{\"id\":\"c-1\"}")));

        // when
        HttpResult result = client.send(createCall(), config());

        // then
        assertThat(result.status()).isEqualTo(201);
        assertThat(postsReceived()).isEqualTo(2);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void should_honour_retry_after_given_as_an_http_date_against_the_injected_clock() {
        // given
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atZone(ZoneOffset.UTC));
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", inFiveSeconds))
                .willSetStateTo("lifted"));
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs("lifted")
                .willReturn(aResponse().withStatus(201)));

        // when
        HttpResult result = client.send(createCall(), config());

        // then
        assertThat(result.status()).isEqualTo(201);
        assertThat(postsReceived()).isEqualTo(2);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void should_back_off_after_a_429_without_retry_after_instead_of_hammering() {
        // given
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429))
                .willSetStateTo("lifted"));
        wm.stubFor(post(calls).inScenario("rate-limit").whenScenarioStateIs("lifted")
                .willReturn(aResponse().withStatus(201)));

        // when
        HttpResult result = client.send(createCall(), config());

        // then
        assertThat(result.status()).isEqualTo(201);
        assertThat(postsReceived()).isEqualTo(2);
        assertThat(sleeper.waits).singleElement()
                .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(375), Duration.ofMillis(500)));
    }

    @Test
    void should_not_repeat_a_429_whose_retry_after_exceeds_the_max_retry_wait() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "31")));
        ProviderConfig config = config().toBuilder().maxRetryWait(Duration.ofSeconds(30)).build();

        // when
        HttpResult result = client.send(createCall(), config);

        // then
        assertThat(result.status()).isEqualTo(429);
        assertThat(result.retryAfter(FIXED)).contains(Duration.ofSeconds(31));
        assertThat(postsReceived()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_not_repeat_a_429_when_the_rate_limit_rule_says_it_will_not_lift() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        ProviderRequest request = createCall().withRateLimit((response, clock) -> Optional.empty());

        // when
        HttpResult result = client.send(request, config());

        // then
        assertThat(result.status()).isEqualTo(429);
        assertThat(postsReceived()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_return_the_last_429_when_attempts_run_out() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        ProviderConfig config = config().toBuilder().maxAttempts(3).build();

        // when
        HttpResult result = client.send(createCall(), config);

        // then
        assertThat(result.status()).isEqualTo(429);
        assertThat(postsReceived()).isEqualTo(3);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void should_retry_a_refused_connection_up_to_max_attempts_then_report_unavailable() throws IOException {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderRequest request = ProviderRequest.createJson("acme",
                URI.create("http://127.0.0.1:" + closedPort + calls), Map.of(), Map.of("phone_number", "+14155550123"));
        ProviderConfig config = config().toBuilder().maxAttempts(4).build();

        // when / then
        assertThatThrownBy(() -> client.send(request, config))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("could not reach acme")
                .hasMessageContaining("after 4 attempt(s)")
                .satisfies(e -> assertThat(((ProviderUnavailableException) e).httpStatus()).isEqualTo(503));
        assertThat(sleeper.waits).hasSize(3)
                .allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void should_not_retry_a_refused_connection_when_max_attempts_is_one() throws IOException {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderRequest request = ProviderRequest.get("acme", URI.create("http://127.0.0.1:" + closedPort + call),
                Map.of());
        ProviderConfig config = config().toBuilder().maxAttempts(1).build();

        // when / then
        assertThatThrownBy(() -> client.send(request, config))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("after 1 attempt(s)");
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_retry_a_safe_get_after_a_server_error() {
        // given
        wm.stubFor(get(call).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("healthy"));
        wm.stubFor(get(call).inScenario("flaky").whenScenarioStateIs("healthy")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"c-1\",\"status\":\"ended\"}")));

        // when
        HttpResult result = client.send(getCall(), config());

        // then
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("status").asText()).isEqualTo("ended");
        assertThat(getsReceived()).isEqualTo(2);
        assertThat(sleeper.waits).hasSize(1);
    }

    @Test
    void should_return_the_last_server_error_of_a_safe_get_when_attempts_run_out() {
        // given
        wm.stubFor(get(call).willReturn(aResponse().withStatus(502)));

        // when
        HttpResult result = client.send(getCall(), config());

        // then
        assertThat(result.status()).isEqualTo(502);
        assertThat(getsReceived()).isEqualTo(ProviderConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(sleeper.waits).hasSize(ProviderConfig.DEFAULT_MAX_ATTEMPTS - 1);
    }

    @Test
    void should_retry_a_safe_get_after_a_read_timeout() {
        // given
        wm.stubFor(get(call).inScenario("slow").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(2000))
                .willSetStateTo("fast"));
        wm.stubFor(get(call).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody("{}")));
        ProviderConfig config = config().toBuilder().requestTimeout(Duration.ofMillis(500)).build();

        // when
        HttpResult result = client.send(getCall(), config);

        // then
        assertThat(result.status()).isEqualTo(200);
        assertThat(getsReceived()).isEqualTo(2);
        assertThat(sleeper.waits).hasSize(1);
    }

    @Test
    void should_not_retry_a_client_error() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(400).withBody("{\"message\":\"bad number\"}")));

        // when
        HttpResult result = client.send(createCall(), config());

        // then
        assertThat(result.status()).isEqualTo(400);
        assertThat(postsReceived()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_not_repeat_a_call_creation_when_the_connection_drops_after_sending() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        // when / then
        assertThatThrownBy(() -> client.send(createCall(), config()))
                .isInstanceOf(CallOutcomeUnknownException.class)
                .hasMessageContaining("not retried");
        assertThat(postsReceived()).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void should_repeat_a_safe_get_when_the_connection_drops() {
        // given
        wm.stubFor(get(call).inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("stable"));
        wm.stubFor(get(call).inScenario("reset").whenScenarioStateIs("stable")
                .willReturn(aResponse().withStatus(200)));

        // when
        HttpResult result = client.send(getCall(), config());

        // then
        assertThat(result.status()).isEqualTo(200);
        assertThat(getsReceived()).isEqualTo(2);
    }

    @Test
    void should_report_unavailable_and_keep_the_interrupt_when_interrupted_while_waiting_to_retry() {
        // given
        wm.stubFor(post(calls).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
        ProviderHttpClient interrupted = ProviderHttpClient.builder().clock(FIXED)
                .sleeper(d -> { throw new InterruptedException("shutting down"); }).build();

        // when / then
        try {
            assertThatThrownBy(() -> interrupted.send(createCall(), config()))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(postsReceived()).isEqualTo(1);
    }

    @Test
    void should_read_retry_after_as_seconds_or_http_date_and_ignore_garbage() {
        // given
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(60).atZone(ZoneOffset.UTC));
        String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));

        // when / then
        assertThat(withRetryAfter("12").retryAfter(FIXED)).contains(Duration.ofSeconds(12));
        assertThat(withRetryAfter(" 3 ").retryAfter(FIXED)).contains(Duration.ofSeconds(3));
        assertThat(withRetryAfter("-5").retryAfter(FIXED)).contains(Duration.ZERO);
        assertThat(withRetryAfter(future).retryAfter(FIXED)).contains(Duration.ofSeconds(90));
        assertThat(withRetryAfter(past).retryAfter(FIXED)).contains(Duration.ZERO);
        assertThat(withRetryAfter("soon").retryAfter(FIXED)).isEmpty();
        assertThat(new HttpResult(429, Map.of(), null).retryAfter(FIXED)).isEmpty();
    }

    private static HttpResult withRetryAfter(String value) {
        return new HttpResult(429, Map.of("retry-after", List.of(value)), new byte[0]);
    }

    /** A global listener that records "METHOD url" of every request as soon as WireMock matched it. */
    private static final class ReceivedRequests implements ServeEventListener {
        private final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public void afterMatch(ServeEvent serveEvent, Parameters parameters) {
            requests.add(serveEvent.getRequest().getMethod().getName() + " " + serveEvent.getRequest().getUrl());
            synchronized (this) {
                notifyAll();
            }
        }

        /** Waits, at most {@code max}, until {@code n} such requests were matched; the caller then asserts. */
        synchronized void awaitCount(String method, String url, long n, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (count(method, url) < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public String getName() {
            return "received-requests";
        }

        long count(String method, String url) {
            return requests.stream().filter((method + " " + url)::equals).count();
        }

        void clear() {
            requests.clear();
        }
    }

    /** Records every wait instead of sleeping. */
    private static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }
}
