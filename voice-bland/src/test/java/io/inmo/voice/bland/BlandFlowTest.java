package io.inmo.voice.bland;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BlandProvider behind the real VoiceCallService and WebhookNormalizer, Bland stubbed with WireMock. */
class BlandFlowTest {

    @RegisterExtension
    static WireMockExtension bland = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SECRET = "whsec_bland_test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final BlandProvider provider = BlandProvider.builder().sleeper(sleeper).build();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(provider)
            .build();
    private final ManualExecutor executor = new ManualExecutor();
    private final VoiceCallService service = VoiceCallService.builder()
            .providerFactory(providers)
            .brokerConfigs(broker -> Optional.of(config()))
            .executor(executor)
            .sleeper(sleeper)
            .build();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder().providerFactory(providers)
            .verifier("bland", BlandWebhookVerifier.hmacSha256(SECRET)).build();

    private static ProviderConfig config() {
        return BlandConfig.builder().apiKey("sk-flow").task("Ask about the flat").baseUrl(bland.baseUrl())
                .requestTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    /** A post-call fixture re-addressed to our call, pretty-printed as a proxy might re-encode it. */
    private static byte[] postCallReport(String fixture, String externalId, String ourCallId) throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(Fixtures.bytes(fixture));
        if (externalId == null) {
            tree.remove("call_id");
            tree.remove("c_id");
        } else {
            tree.put("call_id", externalId);
        }
        ((ObjectNode) tree.get("metadata")).put("callId", ourCallId);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
    }

    private WebhookEvent deliver(byte[] body) {
        String signature = Signatures.hex(Signatures.hmac("HmacSHA256", Signatures.utf8(SECRET), body));
        return normalizer.normalize("bland", Map.of("X-Webhook-Signature", List.of(signature)), body);
    }

    @Test
    void should_place_a_call_and_complete_it_from_the_signed_post_call_webhook() throws Exception {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson(Fixtures.text("send-call-response-success.json"))));
        VoiceCall placed = service.initiate(CallTarget.of("lead-1", "broker-1", "+15555550142"));
        byte[] report = postCallReport("webhook-completed-human.json", placed.externalCallId(), placed.callId());
        // when
        WebhookEvent event = deliver(report);
        Optional<VoiceCall> after = service.handle(event);
        Optional<VoiceCall> replayed = service.handle(deliver(report));
        // then
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(placed.externalCallId()).isEqualTo("3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10");
        assertThat(after).get().satisfies(call -> {
            assertThat(call.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(call.transcript()).startsWith("User: Hello?");
            assertThat(call.duration()).isEqualTo(Duration.ofSeconds(147));
        });
        assertThat(replayed).get().extracting(VoiceCall::version).isEqualTo(after.get().version());
    }

    @Test
    void should_not_redial_after_a_500_and_settle_the_call_from_the_webhook() throws Exception {
        // given Bland answers 500 but did queue the call
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(500)));
        VoiceCall call = service.initiate(CallTarget.of("lead-2", "broker-1", "+15555550177"));
        byte[] report = postCallReport("webhook-voicemail.json", "8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2", call.callId());
        // when
        Optional<VoiceCall> after = service.handle(deliver(report));
        // then
        assertThat(bland.findAll(postRequestedFor(urlEqualTo("/v1/calls")))).hasSize(1);
        assertThat(call.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(call.unconfirmed()).isTrue();
        assertThat(after).get().satisfies(c -> {
            assertThat(c.status()).isEqualTo(CallStatus.VOICEMAIL);
            assertThat(c.externalCallId()).isEqualTo("8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2");
        });
    }
}
