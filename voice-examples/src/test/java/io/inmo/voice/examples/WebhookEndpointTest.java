package io.inmo.voice.examples;

import static io.inmo.voice.examples.TestServer.SECRET;
import static io.inmo.voice.examples.TestServer.get;
import static io.inmo.voice.examples.TestServer.post;
import static io.inmo.voice.examples.TestServer.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.fake.FakeVoiceProvider;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookEndpointTest {

    private static final String FAKE = "/webhooks/voice/fake";

    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private TestServer.Answer postSigned(String path, byte[] body) {
        return post(server, path, body, "Content-Type", "application/json",
                FakeVoiceProvider.SIGNATURE_HEADER, sign(body, SECRET));
    }

    @Test
    void should_answer_200_handled_for_a_signed_webhook_of_a_known_call() throws Exception {
        // given a call whose fake webhooks are held back
        TestServer.HeldExecutor held = new TestServer.HeldExecutor();
        server = TestServer.server().fakeWebhookExecutor(held).build().start();
        JsonNode call = TestServer.initiate(server, "lead-1").json();

        // when a correctly signed status update for it is posted, as the provider would
        byte[] body = bytes("{\"type\": \"status-update\", \"event_id\": \"evt-1\", \"status\": \"ringing\", "
                + "\"call_id\": \"" + call.path("external_call_id").asText() + "\"}");
        TestServer.Answer answer = postSigned(FAKE, body);

        // then it is applied
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("result").asText()).isEqualTo("handled");
        assertThat(answer.json().path("status").asText()).isEqualTo("RINGING");
        assertThat(get(server, "/api/v1/calls/" + call.path("call_id").asText()).json().path("status").asText())
                .isEqualTo("RINGING");
    }

    @Test
    void should_answer_401_for_a_bad_or_missing_signature_and_change_nothing() throws Exception {
        // given a call that is QUEUED
        TestServer.HeldExecutor held = new TestServer.HeldExecutor();
        server = TestServer.server().fakeWebhookExecutor(held).build().start();
        JsonNode call = TestServer.initiate(server, "lead-1").json();
        byte[] body = bytes("{\"type\": \"call-ended\", \"status\": \"completed\", \"call_id\": \""
                + call.path("external_call_id").asText() + "\"}");

        // when the webhook is signed with another secret, or not signed
        TestServer.Answer wrongSecret = post(server, FAKE, body, FakeVoiceProvider.SIGNATURE_HEADER,
                sign(body, "someone-else"));
        TestServer.Answer unsigned = post(server, FAKE, body);

        // then both are 401 and the call is still QUEUED
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.error()).isEqualTo("webhook_verification_failed");
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(get(server, "/api/v1/calls/" + call.path("call_id").asText()).json().path("status").asText())
                .isEqualTo("QUEUED");
    }

    @Test
    void should_answer_413_for_an_oversized_body() throws Exception {
        // given a server that accepts webhooks of up to 1 KiB
        server = TestServer.server().maxWebhookBytes(1024).build().start();
        byte[] body = new byte[4096];
        Arrays.fill(body, (byte) ' ');

        // when a larger body is posted, with and without Content-Length
        TestServer.Answer declared = postSigned(FAKE, body);
        TestServer.Answer streamed = TestServer.send(HttpRequest.newBuilder(server.baseUri().resolve(FAKE))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        // then 413 payload_too_large, before the signature is even looked at
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.error()).isEqualTo("payload_too_large");
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.error()).isEqualTo("payload_too_large");
    }

    @Test
    void should_answer_404_for_an_unknown_provider() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when a webhook names a provider that does not exist
        TestServer.Answer answer = postSigned("/webhooks/voice/twilio", bytes("{}"));

        // then 404 unknown_provider, listing the known ones
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("unknown_provider");
        assertThat(answer.json().path("message").asText()).contains("fake");
    }

    @Test
    void should_answer_400_for_a_malformed_webhook() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when correctly signed bodies are not JSON, have no type, or name no call
        TestServer.Answer notJson = postSigned(FAKE, bytes("this is not json"));
        TestServer.Answer noType = postSigned(FAKE, bytes("{\"call_id\": \"fake-call-1\"}"));
        TestServer.Answer noCall = postSigned(FAKE, bytes("{\"type\": \"status-update\", \"status\": \"ringing\"}"));

        // then 400 malformed_webhook
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.error()).isEqualTo("malformed_webhook");
        assertThat(noType.status()).isEqualTo(400);
        assertThat(noCall.status()).isEqualTo(400);
    }

    @Test
    void should_answer_200_ignored_for_a_message_type_the_sdk_does_not_use() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when a signed webhook of an unused type arrives
        TestServer.Answer answer = postSigned(FAKE,
                bytes("{\"type\": \"transcript-update\", \"call_id\": \"fake-call-9\"}"));

        // then 200, ignored
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("result").asText()).isEqualTo("ignored");
    }

    @Test
    void should_answer_200_unknown_call_for_a_valid_webhook_of_a_call_we_never_placed() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when a signed status update names a call nobody placed
        TestServer.Answer answer = postSigned(FAKE,
                bytes("{\"type\": \"status-update\", \"status\": \"ringing\", \"call_id\": \"fake-call-404\"}"));

        // then 200 (the provider must not retry it) and nothing is stored
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("result").asText()).isEqualTo("unknown_call");
        assertThat(server.timeline().entries()).isEmpty();
    }

    @Test
    void should_answer_405_for_a_webhook_that_is_not_a_post() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when the webhook endpoint is read with GET
        TestServer.Answer answer = get(server, FAKE);

        // then 405, POST allowed
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.raw().headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void should_verify_vapi_and_bland_webhooks_with_the_secrets_from_the_environment() throws Exception {
        // given secrets for both providers in the environment
        server = TestServer.server().environment(new ProviderEnvironment(java.util.Map.of(
                "FAKE_WEBHOOK_SECRET", SECRET, "VAPI_WEBHOOK_SECRET", "v", "BLAND_WEBHOOK_SECRET", "b")))
                .build().start();

        // when webhooks arrive with a wrong secret and signature
        TestServer.Answer vapi = post(server, "/webhooks/voice/vapi",
                bytes("{\"message\": {\"type\": \"speech-update\"}}"), "x-vapi-secret", "wrong");
        TestServer.Answer bland = post(server, "/webhooks/voice/bland", bytes("{\"call_id\": \"c1\"}"),
                "X-Webhook-Signature", "0".repeat(64));
        // and a VAPI one with the right secret
        TestServer.Answer vapiOk = post(server, "/webhooks/voice/vapi",
                bytes("{\"message\": {\"type\": \"speech-update\"}}"), "x-vapi-secret", "v");

        // then the wrong ones are refused and the right one accepted (ignored: a type the SDK does not use)
        assertThat(vapi.status()).isEqualTo(401);
        assertThat(bland.status()).isEqualTo(401);
        assertThat(vapiOk.status()).isEqualTo(200);
    }

    @Test
    void should_refuse_vapi_and_bland_webhooks_when_no_secret_is_configured() throws Exception {
        // given no provider secrets
        server = TestServer.server().environment(new ProviderEnvironment(java.util.Map.of(
                "FAKE_WEBHOOK_SECRET", SECRET))).build().start();

        for (String provider : new String[] {"vapi", "bland"}) {
            // when
            TestServer.Answer answer = post(server, "/webhooks/voice/" + provider,
                    bytes("{\"message\": {\"type\": \"status-update\"}}"), "x-vapi-secret", "v");

            // then it fails closed
            assertThat(answer.status()).as(provider).isEqualTo(401);
            assertThat(answer.json().path("message").asText()).contains("no webhook verifier configured");
        }
    }
}
