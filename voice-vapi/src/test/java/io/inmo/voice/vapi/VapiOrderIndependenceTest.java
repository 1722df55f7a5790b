package io.inmo.voice.vapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.inmo.voice.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 4 in docs/architecture.md: the outcome of a call does not depend on the order its webhooks arrive in.
 * Every permutation of a call's VAPI webhooks, delivered to a fresh service, gives the same final call, including for an
 * {@code endedReason} that the classifier cannot map on its own.
 */
class VapiOrderIndependenceTest {

    @RegisterExtension
    static WireMockExtension vapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String ID = "3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35";
    private static final String FORWARDING = "call.forwarding.operator-busy";

    private final VapiProvider provider = new VapiProvider(ProviderHttpClient.builder()
            .sleeper(new RecordingSleeper()).build());
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(provider)
            .build();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder().providerFactory(providers)
            .verifier("vapi", WebhookVerifier.none()).build();

    @BeforeEach
    void stubCreation() {
        vapi.stubFor(post(urlEqualTo("/call")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("create-call-response-201.json"))));
    }

    private static String status(String status, String extra) {
        return "{\"message\":{\"type\":\"status-update\",\"status\":\"" + status + "\"," + extra
                + "\"call\":{\"id\":\"" + ID + "\"}}}";
    }

    private static String report(String reason, String extra) {
        return "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"" + reason + "\"," + extra
                + "\"call\":{\"id\":\"" + ID + "\"}}}";
    }

    @Test
    void should_decide_a_history_dependent_reason_the_same_way_in_every_order_from_the_reports_evidence() {
        // given the report of the issue: forwarded, 95 s, the customer talked
        List<String> webhooks = List.of(status("ringing", ""), status("in-progress", ""),
                status("ended", "\"endedReason\":\"" + FORWARDING + "\","),
                report(FORWARDING, "\"durationSeconds\":95,\"startedAt\":\"2026-03-10T16:00:00Z\","
                        + "\"artifact\":{\"transcript\":\"AI: Hola, soy Sofia\\nUser: Si, digame\"},"));

        // when / then
        VoiceCall reference = assertSameFinalCallInEveryOrder(webhooks);
        assertThat(reference.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(reference.providerReason()).isEqualTo(FORWARDING);
        assertThat(reference.duration()).isEqualTo(Duration.ofSeconds(95));
    }

    @Test
    void should_decide_a_report_without_evidence_of_a_conversation_as_failed_in_every_order() {
        // given a forwarding that never connected: no talk time, no customer words
        List<String> webhooks = List.of(status("ringing", ""), status("in-progress", ""),
                report(FORWARDING, "\"durationSeconds\":0,"));

        // when / then
        assertThat(assertSameFinalCallInEveryOrder(webhooks).status()).isEqualTo(CallStatus.FAILED);
    }

    @Test
    void should_reach_the_same_completed_call_in_every_order_of_an_ordinary_call() {
        // given
        List<String> webhooks = List.of(status("queued", ""), status("ringing", ""), status("in-progress", ""),
                status("ended", "\"endedReason\":\"customer-ended-call\","),
                report("customer-ended-call", "\"durationSeconds\":61.5,\"cost\":0.12,"
                        + "\"artifact\":{\"transcript\":\"AI: Hi\\nUser: Bye\",\"recordingUrl\":\"https://r.example/1\"},"));

        // when / then
        assertThat(assertSameFinalCallInEveryOrder(webhooks).status()).isEqualTo(CallStatus.COMPLETED);
    }

    /** Delivers every permutation to a fresh service; returns the (single) final call they all reach. */
    private VoiceCall assertSameFinalCallInEveryOrder(List<String> webhooks) {
        VoiceCall reference = null;
        List<Object> referenceView = null;
        for (List<String> order : permutations(webhooks)) {
            VoiceCall last = deliver(order);
            List<Object> view = view(last);
            if (reference == null) {
                reference = last;
                referenceView = view;
            } else {
                assertThat(view).as("order %s", order).isEqualTo(referenceView);
            }
        }
        return reference;
    }

    private VoiceCall deliver(List<String> order) {
        try (VoiceCallService service = VoiceCallService.builder().providerFactory(providers)
                .brokerConfigs(broker -> Optional.of(config())).executor(new ManualExecutor()).build()) {
            VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+14155550123", "Ana", Map.of()));
            for (String body : order) {
                service.handle(normalizer.normalize("vapi", Map.of(), body.getBytes(StandardCharsets.UTF_8)));
            }
            return service.find(call.callId()).orElseThrow();
        }
    }

    /** What must not depend on the order: everything but the version and update time. */
    private static List<Object> view(VoiceCall c) {
        return java.util.Arrays.asList(c.status(), c.providerReason(), c.transcript(), c.recordingUrl(), c.duration(),
                c.cost(), c.summaryState(), c.externalCallId(), c.unconfirmed());
    }

    private static ProviderConfig config() {
        return VapiConfig.builder().apiKey("vapi-private-key").assistantId("asst-1").phoneNumberId("pn-1")
                .baseUrl(vapi.baseUrl()).requestTimeout(Duration.ofSeconds(5)).build();
    }

    private static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<String> rest = new ArrayList<>(items);
            String first = rest.remove(i);
            for (List<String> tail : permutations(rest)) {
                List<String> p = new ArrayList<>();
                p.add(first);
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }
}
