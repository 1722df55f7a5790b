package io.inmo.voice.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.spi.HttpProviderBuilder;
import io.inmo.voice.spi.VoiceProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a host injects through a provider's public builder ({@code VapiProvider.builder()},
 * {@code BlandProvider.builder()}): its HTTP client, its clock, the retry waits. Each provider module extends
 * this once.
 *
 * @param <B> the provider's builder
 */
public abstract class ProviderBuilderContract<B extends HttpProviderBuilder<B>> {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** @return a fresh builder, {@code VapiProvider.builder()} */
    protected abstract B builder();

    /** @param builder a builder the test configured @return what it builds */
    protected abstract VoiceProvider build(B builder);

    private VoiceProvider build(UnaryOperator<B> settings) {
        return build(settings.apply(builder()));
    }

    /** @param baseUrl the stub's URL @return a valid configuration for the provider, pointed at the stub */
    protected abstract ProviderConfig config(String baseUrl);

    /** @return the provider's call creation path, e.g. {@code /call} */
    protected abstract String createPath();

    /** @return the provider's successful answer to a call creation, for call id {@code ext-1} */
    protected abstract String createdBody();

    private static MakeCallRequest request() {
        return MakeCallRequest.builder().callId("call-42").phoneNumber("+15555550142").build();
    }

    private ResponseDefinitionBuilder created() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(createdBody());
    }

    @Test
    void should_send_every_request_through_the_hosts_http_client() {
        // given
        wm.stubFor(post(createPath()).willReturn(created()));
        CountingHttpClient hostClient = new CountingHttpClient();
        VoiceProvider provider = build(b -> b.httpClient(hostClient));

        // when
        PlacedCall placed = provider.makeCall(request(), config(wm.baseUrl()));

        // then
        assertThat(placed.externalCallId()).isEqualTo("ext-1");
        assertThat(hostClient.sent()).isEqualTo(1);
    }

    @Test
    void should_read_a_retry_after_date_with_the_injected_clock_and_wait_with_the_injected_sleeper() {
        // given a 429 whose Retry-After is a date 3 s after the injected clock's time
        Instant now = Instant.parse("2026-03-10T16:00:00Z");
        wm.stubFor(post(createPath()).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "Tue, 10 Mar 2026 16:00:03 GMT"))
                .willSetStateTo("open"));
        wm.stubFor(post(createPath()).inScenario("rate").whenScenarioStateIs("open").willReturn(created()));
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        VoiceProvider provider = build(b -> b.clock(Clock.fixed(now, ZoneOffset.UTC)).sleeper(sleeps::add));

        // when
        PlacedCall placed = provider.makeCall(request(), config(wm.baseUrl()));

        // then
        assertThat(placed.externalCallId()).isEqualTo("ext-1");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        wm.verify(2, postRequestedFor(urlEqualTo(createPath())));
    }
}
