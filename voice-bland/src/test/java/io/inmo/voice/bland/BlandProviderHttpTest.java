package io.inmo.voice.bland;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.VoiceException;
import io.inmo.voice.testing.RecordingSleeper;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BlandProviderHttpTest {

    @RegisterExtension
    static WireMockExtension bland = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-test-bland-key";
    private static final String NUMBER = "+15555550142";
    private static final String SUCCESS = Fixtures.text("send-call-response-success.json");
    private static final String SAME_NUMBER = "{\"status\":\"error\",\"message\":\"Calls can only be sent every 10 "
            + "seconds to the same number. Please try again in a few seconds.\"}";

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);
    private final BlandProvider provider = BlandProvider.builder().sleeper(sleeper).clock(clock).build();

    private BlandConfig.Builder config() {
        return BlandConfig.builder().apiKey(KEY).task("Ask {{first_name}} about the flat").baseUrl(bland.baseUrl());
    }

    private static MakeCallRequest request() {
        return MakeCallRequest.builder().callId("call-42").phoneNumber(NUMBER).customerName("Dana")
                .variable("first_name", "Dana").metadata("leadId", "lead-7").build();
    }

    private Throwable placeFailing(ProviderConfig config) {
        return catchThrowable(() -> provider.makeCall(request(), config));
    }

    private int posts() {
        return bland.findAll(postRequestedFor(urlEqualTo("/v1/calls"))).size();
    }

    @Test
    void should_place_call_with_the_expected_body_and_raw_key() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson(SUCCESS)));
        ProviderConfig config = config().voice("maya").firstSentence("Hi, is this {{first_name}}?")
                .maxDuration(Duration.ofMinutes(8))
                .voicemail(BlandConfig.VoicemailAction.LEAVE_MESSAGE, "Call us back")
                .webhookUrl("https://crm.example.com/webhooks/voice/bland").build();
        MakeCallRequest request = MakeCallRequest.builder().callId("call-42").phoneNumber(NUMBER)
                .variable("first_name", "Dana").metadata("leadId", "lead-7")
                .providerOption("webhook_events", List.of("queue", "call"))
                .providerOption("voicemail", Map.of("sensitive", true))
                .providerOption("metadata", Map.of("campaign", "spring", "callId", "someone-else"))
                .build();
        // when
        PlacedCall placed = provider.makeCall(request, config);
        // then
        assertThat(placed.externalCallId()).isEqualTo("3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10");
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        bland.verify(1, postRequestedFor(urlEqualTo("/v1/calls"))
                .withHeader("authorization", equalTo(KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "phone_number": "+15555550142",
                          "task": "Ask {{first_name}} about the flat",
                          "voice": "maya",
                          "first_sentence": "Hi, is this {{first_name}}?",
                          "max_duration": 8,
                          "record": true,
                          "voicemail": {"action": "leave_message", "message": "Call us back", "sensitive": true},
                          "webhook": "https://crm.example.com/webhooks/voice/bland",
                          "request_data": {"first_name": "Dana"},
                          "metadata": {"leadId": "lead-7", "campaign": "spring", "callId": "call-42"},
                          "webhook_events": ["queue", "call"]
                        }
                        """)));
    }

    @Test
    void should_send_a_pathway_instead_of_a_task_and_omit_absent_settings() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson(SUCCESS)));
        ProviderConfig config = BlandConfig.builder().apiKey(KEY).pathwayId("pw-9").pathwayVersion("4").record(false)
                .baseUrl(bland.baseUrl() + "/").build();
        MakeCallRequest request = MakeCallRequest.builder().callId("call-1").phoneNumber(NUMBER).build();
        // when
        provider.makeCall(request, config);
        // then
        bland.verify(postRequestedFor(urlEqualTo("/v1/calls")).withRequestBody(equalToJson("""
                {"phone_number": "+15555550142", "pathway_id": "pw-9", "pathway_version": 4, "record": false,
                 "metadata": {"callId": "call-1"}}
                """)));
    }

    @Test
    void should_not_retry_after_500_and_report_unknown_outcome() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(500)
                .withBody("{\"status\":\"error\",\"message\":\"Error in creating Twilio connection.\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then exactly one POST: the call may exist
        assertThat(thrown).isInstanceOf(CallOutcomeUnknownException.class)
                .hasMessageContaining("500").hasMessageContaining("not retried");
        assertThat(posts()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void should_not_retry_after_502() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(CallOutcomeUnknownException.class);
        assertThat(((VoiceException) thrown).httpStatus()).isEqualTo(504);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_not_retry_after_a_read_timeout() {
        // given Bland answers after the request timeout
        bland.stubFor(post("/v1/calls").willReturn(okJson(SUCCESS).withFixedDelay(1000)));
        // when
        Throwable thrown = placeFailing(config().requestTimeout(Duration.ofMillis(200)).build());
        // then
        assertThat(thrown).isInstanceOf(CallOutcomeUnknownException.class).hasMessageContaining("timed out");
        assertThat(posts()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void should_retry_an_account_rate_limit_once_then_place_the_call() {
        // given
        bland.stubFor(post("/v1/calls").inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                        .withBody("{\"status\":\"error\",\"message\":\"Rate limit exceeded\"}"))
                .willSetStateTo("lifted"));
        bland.stubFor(post("/v1/calls").inScenario("rate").whenScenarioStateIs("lifted").willReturn(okJson(SUCCESS)));
        // when
        PlacedCall placed = provider.makeCall(request(), config().build());
        // then
        assertThat(placed.externalCallId()).isEqualTo("3f1c2a9e-7b4d-4e21-9c55-0a8e6d2b1f10");
        assertThat(posts()).isEqualTo(2);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void should_wait_ten_seconds_after_the_same_number_rule_then_place_the_call_once() {
        // given
        bland.stubFor(post("/v1/calls").inScenario("same").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withBody(SAME_NUMBER)).willSetStateTo("later"));
        bland.stubFor(post("/v1/calls").inScenario("same").whenScenarioStateIs("later").willReturn(okJson(SUCCESS)));
        // when
        PlacedCall placed = provider.makeCall(request(), config().build());
        // then
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(10));
        assertThat(posts()).isEqualTo(2);
    }

    @Test
    void should_give_up_with_503_when_the_same_number_rule_persists() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(429).withBody(SAME_NUMBER)));
        // when
        Throwable thrown = placeFailing(config().maxAttempts(3).build());
        // then
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("10 seconds");
        assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(posts()).isEqualTo(3);
    }

    @Test
    void should_not_wait_longer_than_max_retry_wait() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(429).withBody(SAME_NUMBER)));
        // when
        Throwable thrown = placeFailing(config().maxRetryWait(Duration.ofSeconds(5)).build());
        // then
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class);
        assertThat(((VoiceException) thrown).httpStatus()).isEqualTo(503);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_reject_a_blacklisted_number_without_retrying() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(429)
                .withBody("{\"status\":\"error\",\"message\":\"This number is blacklisted.\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(ProviderRejectedException.class).hasMessageContaining("blacklisted");
        assertThat(((ProviderRejectedException) thrown).providerHttpStatus()).isEqualTo(429);
        assertThat(posts()).isEqualTo(1);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void should_report_insufficient_balance_as_unavailable() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(402)
                .withBody("{\"status\":\"error\",\"message\":\"Insufficient balance.\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("Insufficient balance")
                .hasMessageNotContaining("..");
        assertThat(((VoiceException) thrown).httpStatus()).isEqualTo(503);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_report_a_refused_key_as_unavailable_without_printing_it() {
        // given the odd 401 shape
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(401)
                .withBody(Fixtures.text("send-call-error-401-unauthorized.json"))));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("API key")
                .hasMessageContaining("Unauthorized").hasMessageNotContaining(KEY);
        assertThat(((VoiceException) thrown).httpStatus()).isEqualTo(503);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_report_a_flagged_account_as_unavailable() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(403)
                .withBody("{\"status\":\"error\",\"message\":\"We have flagged your account for security purposes.\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("flagged");
    }

    @Test
    void should_map_an_invalid_phone_number_and_mask_it() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(400)
                .withBody(Fixtures.text("send-call-error-400-invalid-phone.json"))));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("Invalid phone number").hasMessageContaining("0142")
                .hasMessageNotContaining(NUMBER);
        assertThat(((VoiceException) thrown).httpStatus()).isEqualTo(400);
    }

    @Test
    void should_map_the_other_invalid_phone_shapes_and_never_echo_the_number() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(400).withBody(
                "{\"status\":\"error\",\"message\":\"Invalid phone number. `+15555550142` has these validation errors: "
                        + "[too short]\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(InvalidPhoneNumberException.class).hasMessageNotContaining(NUMBER)
                .hasMessageNotContaining("15555550142");

        // given the bare {"error": ...} shape
        bland.resetAll();
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"Invalid phone number format\"}")));
        // when / then
        assertThat(placeFailing(config().build())).isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("Invalid phone number format");
    }

    @Test
    void should_reject_a_do_not_call_number_with_blands_message() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"DNC Error\",\"message\":\"Number found in DNC list.\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(ProviderRejectedException.class);
        assertThat(((ProviderRejectedException) thrown).providerMessage()).isEqualTo("Number found in DNC list.");
        assertThat(((ProviderRejectedException) thrown).providerHttpStatus()).isEqualTo(400);
    }

    @Test
    void should_join_validation_errors_into_the_message() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(400).withBody("{\"status\":\"error\","
                + "\"message\":\"Invalid parameters.\",\"errors\":[\"Record must be a boolean\"]}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(((ProviderRejectedException) thrown).providerMessage())
                .isEqualTo("Invalid parameters.; Record must be a boolean");
    }

    @Test
    void should_treat_a_200_with_status_error_as_a_refusal_not_a_call() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson("{\"status\":\"error\",\"message\":\"Unable to queue call.\"}")));
        // when
        Throwable thrown = placeFailing(config().build());
        // then
        assertThat(thrown).isInstanceOf(ProviderRejectedException.class).hasMessageContaining("Unable to queue call.");
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_treat_a_200_with_an_invalid_phone_error_as_invalid_phone() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson(Fixtures.text("send-call-error-400-invalid-phone.json"))));
        // when / then
        assertThat(placeFailing(config().build())).isInstanceOf(InvalidPhoneNumberException.class);
    }

    @Test
    void should_report_unknown_outcome_for_a_success_without_call_id() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson("{\"status\":\"success\"}")));
        // when / then
        assertThat(placeFailing(config().build())).isInstanceOf(CallOutcomeUnknownException.class);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_retry_connect_failures_then_report_unavailable() throws Exception {
        // given a base URL on a local port where nothing listens
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderConfig config = config().baseUrl("http://127.0.0.1:" + closedPort).maxAttempts(3)
                .connectTimeout(Duration.ofSeconds(2)).build();
        // when
        Throwable thrown = placeFailing(config);
        // then two backoff waits between three attempts
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("3 attempt");
        assertThat(sleeper.sleeps()).hasSize(2).allSatisfy(w -> assertThat(w).isPositive());
    }

    @Test
    void should_refuse_a_config_for_another_provider_or_without_key() {
        // given
        ProviderConfig vapi = ProviderConfig.builder("vapi").apiKey("k").build();
        ProviderConfig noKey = ProviderConfig.builder("bland").setting("task", "t").build();
        // when / then
        assertThat(placeFailing(vapi)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("vapi");
        assertThat(placeFailing(noKey)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("apiKey");
        assertThat(posts()).isZero();
    }

    @Test
    void should_fetch_a_call_for_reconciliation() {
        // given Call Details has the post-call webhook's shape
        bland.stubFor(get("/v1/calls/8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2")
                .willReturn(okJson(Fixtures.text("webhook-voicemail.json"))));
        // when
        Optional<CallSnapshot> snapshot = provider.fetchCall("8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2", config().build());
        // then
        assertThat(snapshot).hasValueSatisfying(s -> {
            assertThat(s.externalCallId()).isEqualTo("8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2");
            assertThat(s.status()).isEqualTo(CallStatus.VOICEMAIL);
            assertThat(s.providerStatus()).isEqualTo("completed");
            assertThat(s.duration()).isEqualTo(Duration.ofSeconds(38));
            assertThat(s.cost()).isEqualByComparingTo(new BigDecimal("0.089"));
            assertThat(s.transcript()).startsWith("User: You've reached Sam.");
            assertThat(s.recordingUrl()).endsWith(".mp3");
            assertThat(s.summary()).startsWith("The call reached a voicemail greeting.");
            assertThat(s.endedAt()).isEqualTo(Instant.parse("2026-03-04T15:10:41Z"));
        });
        bland.verify(getRequestedFor(urlEqualTo("/v1/calls/8d27b0f4-19c3-4a6e-b2d1-5e9f03c7a8b2"))
                .withHeader("authorization", equalTo(KEY)));
    }

    @Test
    void should_fetch_an_ongoing_call_as_in_progress() {
        // given
        bland.stubFor(get("/v1/calls/c-1").willReturn(okJson(
                "{\"call_id\":\"c-1\",\"completed\":false,\"queue_status\":\"started\",\"status\":null}")));
        // when / then
        assertThat(provider.fetchCall("c-1", config().build())).get().extracting(CallSnapshot::status)
                .isEqualTo(CallStatus.IN_PROGRESS);
    }

    @Test
    void should_return_empty_for_an_unknown_call() {
        // given
        bland.stubFor(get("/v1/calls/nope").willReturn(aResponse().withStatus(404)
                .withBody("{\"status\":\"error\",\"message\":\"Call not found\"}")));
        // when / then
        assertThat(provider.fetchCall("nope", config().build())).isEmpty();
    }

    @Test
    void should_report_a_refused_key_on_fetch_as_unavailable() {
        // given
        bland.stubFor(get("/v1/calls/c-2").willReturn(aResponse().withStatus(401)
                .withBody(Fixtures.text("send-call-error-401-unauthorized.json"))));
        // when
        Throwable thrown = catchThrowable(() -> provider.fetchCall("c-2", config().build()));
        // then
        assertThat(thrown).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("API key");
    }

    @Test
    void should_retry_a_fetch_after_a_server_error() {
        // given GET is safe to repeat
        bland.stubFor(get("/v1/calls/c-3").inScenario("get").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        bland.stubFor(get("/v1/calls/c-3").inScenario("get").whenScenarioStateIs("up")
                .willReturn(okJson(Fixtures.text("webhook-busy.json"))));
        // when
        Optional<CallSnapshot> snapshot = provider.fetchCall("c-3", config().build());
        // then
        assertThat(snapshot).get().extracting(CallSnapshot::status).isEqualTo(CallStatus.BUSY);
        assertThat(bland.findAll(getRequestedFor(urlEqualTo("/v1/calls/c-3")))).hasSize(2);
        assertThat(sleeper.sleeps()).hasSize(1);
    }

    @Test
    void should_keep_our_call_id_in_metadata_even_without_request_metadata() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson(SUCCESS)));
        // when
        provider.makeCall(MakeCallRequest.builder().callId("only-id").phoneNumber(NUMBER).build(), config().build());
        // then
        bland.verify(postRequestedFor(urlEqualTo("/v1/calls"))
                .withRequestBody(matchingJsonPath("$.metadata.callId", equalTo("only-id"))));
    }
}
