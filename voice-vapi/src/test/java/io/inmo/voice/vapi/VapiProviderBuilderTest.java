package io.inmo.voice.vapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.testing.CountingHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a host injects through {@code VapiProvider.builder()}: its HTTP client, its clock, the retry waits. */
class VapiProviderBuilderTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private ProviderConfig config() {
        return VapiConfig.builder().apiKey("key-1").assistantId("asst-1").phoneNumberId("pn-1").baseUrl(wm.baseUrl()).build();
    }

    private static MakeCallRequest request() {
        return MakeCallRequest.builder().callId("call-42").phoneNumber("+15555550142").build();
    }

    @Test
    void should_send_every_request_through_the_hosts_http_client() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"ext-1\",\"status\":\"queued\"}")));
        CountingHttpClient hostClient = new CountingHttpClient();
        VapiProvider provider = VapiProvider.builder().httpClient(hostClient).build();

        // when
        PlacedCall placed = provider.makeCall(request(), config());

        // then
        assertThat(placed.externalCallId()).isEqualTo("ext-1");
        assertThat(hostClient.sent()).isEqualTo(1);
    }

    @Test
    void should_read_a_retry_after_date_with_the_injected_clock_and_wait_with_the_injected_sleeper() {
        // given a 429 whose Retry-After is a date 3 s after the injected clock's time
        Instant now = Instant.parse("2026-03-10T16:00:00Z");
        wm.stubFor(post("/call").inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "Tue, 10 Mar 2026 16:00:03 GMT"))
                .willSetStateTo("open"));
        wm.stubFor(post("/call").inScenario("rate").whenScenarioStateIs("open").willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":\"ext-1\",\"status\":\"queued\"}")));
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        VapiProvider provider = VapiProvider.builder().clock(Clock.fixed(now, ZoneOffset.UTC)).sleeper(sleeps::add).build();

        // when
        PlacedCall placed = provider.makeCall(request(), config());

        // then
        assertThat(placed.externalCallId()).isEqualTo("ext-1");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        wm.verify(2, postRequestedFor(urlEqualTo("/call")));
    }
}
