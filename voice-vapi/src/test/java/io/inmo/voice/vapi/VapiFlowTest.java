package io.inmo.voice.vapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.inmo.voice.CallActivity;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallSummary;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** VapiProvider behind the real VoiceCallService and WebhookNormalizer, VAPI stubbed with WireMock. */
class VapiFlowTest {

    @RegisterExtension
    static WireMockExtension vapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SECRET = "vapi-webhook-secret";
    private static final String VAPI_CALL_ID = "3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35";
    private static final List<String> WEBHOOKS = List.of("webhook-status-update-ringing.json",
            "webhook-status-update-in-progress.json", "webhook-speech-update-ignore.json",
            "webhook-end-of-call-report-completed.json");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final VapiProvider provider = VapiProvider.builder().sleeper(sleeper).build();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(provider)
            .build();
    private final ManualExecutor executor = new ManualExecutor();
    private final List<CallActivity> activities = new CopyOnWriteArrayList<>();
    private final AtomicInteger hookRuns = new AtomicInteger();
    private final VoiceCallService service = VoiceCallService.builder()
            .providerFactory(providers)
            .brokerConfigs(broker -> Optional.of(config()))
            .executor(executor)
            .sleeper(sleeper)
            .listener(activities::add)
            .summaryHook(call -> {
                hookRuns.incrementAndGet();
                return CallSummary.of("host: " + call.summary());
            })
            .build();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder().providerFactory(providers)
            .verifier("vapi", VapiWebhookVerifier.secretHeader(SECRET)).build();

    private static ProviderConfig config() {
        return VapiConfig.builder().apiKey("vapi-private-key").assistantId("asst-1").phoneNumberId("pn-1")
                .baseUrl(vapi.baseUrl()).requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    private void deliver(String fixture) {
        service.handle(normalizer.normalize("vapi", Map.of("X-Vapi-Secret", List.of(SECRET)),
                Fixtures.bytes(fixture)));
    }

    private VoiceCall placeCall() {
        vapi.stubFor(post(urlEqualTo("/call")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.bytes("create-call-response-201.json"))));
        return service.initiate(new CallTarget("lead-1", "broker-1", "+14155550123", "Ana Torres",
                Map.of("property", "Piso en Chamberí")));
    }

    @Test
    void should_follow_a_vapi_call_from_placement_to_summary() {
        // given
        VoiceCall placed = placeCall();
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(placed.externalCallId()).isEqualTo(VAPI_CALL_ID);

        // when VAPI's webhooks arrive and the summary runs
        WEBHOOKS.forEach(this::deliver);
        executor.runAll();

        // then
        VoiceCall done = service.find(placed.callId()).orElseThrow();
        assertThat(done.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(done.providerReason()).isEqualTo("assistant-ended-call");
        assertThat(done.transcript()).isNotBlank();
        assertThat(done.duration()).isPositive();
        assertThat(done.cost()).isPositive();
        assertThat(done.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(done.summary()).startsWith("host: ");
        assertThat(hookRuns).hasValue(1);
        assertThat(activities).extracting(a -> a.call().status()).contains(CallStatus.RINGING,
                CallStatus.IN_PROGRESS, CallStatus.COMPLETED);
        vapi.verify(1, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_reach_the_same_call_whatever_the_order_and_repetition_of_vapi_webhooks() {
        // given the in-order result
        VoiceCall placed = placeCall();
        WEBHOOKS.forEach(this::deliver);
        VoiceCall reference = service.find(placed.callId()).orElseThrow();

        for (long seed = 1; seed <= 10; seed++) {
            // given a fresh service that placed the same call
            VoiceCallService other = VoiceCallService.builder().providerFactory(providers)
                    .brokerConfigs(broker -> Optional.of(config())).executor(executor).sleeper(sleeper).build();
            VoiceCall call = other.initiate(new CallTarget("lead-1", "broker-1", "+14155550123", "Ana Torres",
                    Map.of()));
            List<String> shuffled = new ArrayList<>(WEBHOOKS);
            shuffled.addAll(WEBHOOKS);
            Collections.shuffle(shuffled, new Random(seed));

            // when
            shuffled.forEach(f -> other.handle(normalizer.normalize("vapi", Map.of("x-vapi-secret", List.of(SECRET)),
                    Fixtures.bytes(f))));

            // then
            VoiceCall result = other.find(call.callId()).orElseThrow();
            assertThat(result).as("seed %d", seed).usingRecursiveComparison()
                    .ignoringFields("callId", "version", "createdAt", "updatedAt", "endedAt").isEqualTo(reference);
        }
    }
}
