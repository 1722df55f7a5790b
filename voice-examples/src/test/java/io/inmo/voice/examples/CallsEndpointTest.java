package io.inmo.voice.examples;

import static io.inmo.voice.examples.TestServer.get;
import static io.inmo.voice.examples.TestServer.initiate;
import static io.inmo.voice.examples.TestServer.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.fake.FakeOutcome;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallsEndpointTest {

    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_answer_201_with_the_call_and_then_serve_it_ended_with_transcript_summary_and_score() throws Exception {
        // given the demo server, whose fake answers lead-1's number
        server = TestServer.server().build().start();

        // when lead-1 is called
        TestServer.Answer created = initiate(server, "lead-1");

        // then the call is created and queued at the fake
        assertThat(created.status()).isEqualTo(201);
        String callId = created.json().path("call_id").asText();
        assertThat(created.json().path("provider").asText()).isEqualTo("fake");
        assertThat(created.json().path("external_call_id").asText()).startsWith("fake-call-");
        assertThat(created.json().path("status").asText()).isIn("QUEUED", "RINGING", "IN_PROGRESS", "COMPLETED");
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/v1/calls/" + callId);

        // and GET serves it ended, with everything the webhooks and the summary hook added
        JsonNode call = TestServer.awaitCall(server, callId, TestServer::finished);
        assertThat(call.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(call.path("transcript").asText()).contains("User: Yes, sure. I'm very interested");
        assertThat(call.path("summary").asText())
                .isEqualTo("The lead is interested and asked for a visit on Saturday morning.");
        assertThat(call.path("summary_state").asText()).isEqualTo("DONE");
        assertThat(call.path("duration_seconds").asLong()).isEqualTo(95);
        assertThat(call.path("provider_reason").asText()).isEqualTo("customer-ended-call");
        assertThat(call.path("lead_score").asInt()).isEqualTo(70);
    }

    @Test
    void should_answer_400_invalid_json_for_a_body_that_is_not_json() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when the body is not JSON
        TestServer.Answer answer = post(server, "/api/v1/calls/initiate", "{\"lead_id\": ");

        // then 400
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_json");
        assertThat(answer.json().path("message").asText()).isNotBlank();
    }

    @Test
    void should_answer_400_invalid_request_without_a_lead_id() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when the body has no lead_id, or one that is not a string, or is not an object
        List<TestServer.Answer> answers = List.of(
                post(server, "/api/v1/calls/initiate", "{}"),
                post(server, "/api/v1/calls/initiate", "{\"lead_id\": 42}"),
                post(server, "/api/v1/calls/initiate", "{\"lead_id\": \"  \"}"),
                post(server, "/api/v1/calls/initiate", "[\"lead-1\"]"),
                post(server, "/api/v1/calls/initiate", ""));

        // then each is 400 invalid_request
        assertThat(answers).extracting(TestServer.Answer::status).containsOnly(400);
        assertThat(answers).extracting(TestServer.Answer::error).containsOnly("invalid_request");
    }

    @Test
    void should_answer_404_for_an_unknown_lead() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when a lead that does not exist is called
        TestServer.Answer answer = initiate(server, "lead-404");

        // then 404 lead_not_found
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("lead_not_found");
    }

    @Test
    void should_answer_400_for_an_invalid_phone_number_and_store_no_call() throws Exception {
        // given the server, with lead-6 whose number is not E.164
        server = TestServer.server().build().start();

        // when lead-6 is called
        TestServer.Answer answer = initiate(server, "lead-6");

        // then 400 invalid_phone_number, the number masked, nothing in the timeline
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_phone_number");
        assertThat(answer.json().path("message").asText()).doesNotContain("612 34 56 78");
        assertThat(server.timeline().entries()).isEmpty();
    }

    @Test
    void should_answer_400_for_a_lead_without_a_number() throws Exception {
        // given the vapi lead, which has no number when DEMO_CALL_TO is not set
        server = TestServer.server().build().start();

        // when it is called
        TestServer.Answer answer = initiate(server, "lead-8");

        // then 400 invalid_phone_number, before any provider is looked at
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_phone_number");
    }

    @Test
    void should_answer_409_while_the_lead_is_already_on_a_call() throws Exception {
        // given a server whose fake holds its webhooks, so lead-1's first call stays QUEUED
        TestServer.HeldExecutor webhooks = new TestServer.HeldExecutor();
        server = TestServer.server().fakeWebhookExecutor(webhooks).build().start();
        TestServer.Answer first = initiate(server, "lead-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("status").asText()).isEqualTo("QUEUED");

        // when lead-1 is called again
        TestServer.Answer second = initiate(server, "lead-1");

        // then 409 call_in_progress naming the active call
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.error()).isEqualTo("call_in_progress");
        assertThat(second.json().path("message").asText()).contains(first.json().path("call_id").asText());

        // and once the webhooks arrive the call ends and the lead can be called again
        webhooks.release();
        TestServer.awaitCall(server, first.json().path("call_id").asText(), TestServer::finished);
        assertThat(initiate(server, "lead-1").status()).isEqualTo(201);
    }

    @Test
    void should_answer_503_when_the_broker_has_no_voice_provider() throws Exception {
        // given lead-7, whose broker has no provider configured
        server = TestServer.server().build().start();

        // when it is called
        TestServer.Answer answer = initiate(server, "lead-7");

        // then 503 provider_unavailable
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.error()).isEqualTo("provider_unavailable");
        assertThat(answer.json().path("message").asText()).contains("sin-voz");
    }

    @Test
    void should_answer_503_for_the_vapi_lead_when_vapi_is_not_configured() throws Exception {
        // given a number for the vapi lead but no (or blank) VAPI_* variables
        server = TestServer.server().environment(new ProviderEnvironment(Map.of(
                "FAKE_WEBHOOK_SECRET", TestServer.SECRET, "DEMO_CALL_TO", "+34600000099",
                "BLAND_API_KEY", "", "VAPI_API_KEY", ""))).build().start();

        // when the vapi lead is called without VAPI_* variables
        TestServer.Answer answer = initiate(server, "lead-8");

        // then 503 provider_unavailable: broker vapi has no configuration
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.error()).isEqualTo("provider_unavailable");
    }

    @Test
    void should_answer_503_and_store_the_call_failed_when_the_provider_is_down() throws Exception {
        // given a fake that is down for lead-1's number
        server = TestServer.server().fakeOutcomes(Map.of("+34612345001", FakeOutcome.PROVIDER_DOWN)).build().start();

        // when lead-1 is called
        TestServer.Answer answer = initiate(server, "lead-1");

        // then 503, and the timeline shows the failed initiation
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.error()).isEqualTo("provider_unavailable");
        assertThat(server.timeline().entries()).extracting(e -> e.type().name())
                .containsExactly("INITIATED", "INITIATION_FAILED");
    }

    @Test
    void should_answer_404_for_an_unknown_call_id() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when an unknown call is asked for
        TestServer.Answer answer = get(server, "/api/v1/calls/does-not-exist");

        // then 404 call_not_found
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("call_not_found");
    }

    @Test
    void should_answer_405_for_the_wrong_method() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when initiate is called with GET and a call is POSTed to
        TestServer.Answer getInitiate = get(server, "/api/v1/calls/initiate");
        TestServer.Answer postCall = post(server, "/api/v1/calls/some-id", "{}");
        TestServer.Answer deleteCall = TestServer.send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/v1/calls/some-id")).DELETE());

        // then 405 with the allowed method
        assertThat(getInitiate.status()).isEqualTo(405);
        assertThat(getInitiate.raw().headers().firstValue("Allow")).contains("POST");
        assertThat(postCall.status()).isEqualTo(405);
        assertThat(postCall.raw().headers().firstValue("Allow")).contains("GET");
        assertThat(deleteCall.status()).isEqualTo(405);
        assertThat(List.of(getInitiate, postCall, deleteCall)).extracting(TestServer.Answer::error)
                .containsOnly("method_not_allowed");
    }

    @Test
    void should_answer_413_for_an_oversized_initiate_body() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when the body is larger than the limit
        TestServer.Answer answer = post(server, "/api/v1/calls/initiate",
                "{\"lead_id\": \"" + "x".repeat(DemoServer.MAX_REQUEST_BYTES) + "\"}");

        // then 413 payload_too_large
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.error()).isEqualTo("payload_too_large");
    }

    @Test
    void should_answer_404_for_unknown_paths() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when paths outside the API are asked for
        List<TestServer.Answer> answers = List.of(get(server, "/"), get(server, "/api/v1/callsX"),
                get(server, "/api/v1/calls/a/b"), get(server, "/api/v1/calls"));

        // then 404 with a JSON error
        assertThat(answers).extracting(TestServer.Answer::status).containsOnly(404);
        assertThat(answers).extracting(TestServer.Answer::error).doesNotContainNull();
    }

    @Test
    void should_list_the_seeded_leads_with_their_scores() throws Exception {
        // given the server
        server = TestServer.server().build().start();

        // when the leads are listed
        TestServer.Answer answer = get(server, "/api/v1/leads");

        // then every seeded lead is there, with a Spanish E.164 number except the invalid one
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).hasSize(9);
        assertThat(answer.json().get(0).path("name").asText()).isEqualTo("María García López");
        assertThat(answer.json().get(0).path("phone_number").asText()).startsWith("+346");
        assertThat(get(server, "/api/v1/leads/lead-1").json().path("score").asInt()).isEqualTo(50);
        assertThat(get(server, "/api/v1/leads/nobody").status()).isEqualTo(404);
    }
}
