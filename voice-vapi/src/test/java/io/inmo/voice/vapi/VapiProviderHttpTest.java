package io.inmo.voice.vapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.ProviderUnavailableException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VapiProviderHttpTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-private-test-key";

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final VapiProvider provider = VapiProvider.builder()
            .sleeper(sleeps::add)
            .clock(Clock.fixed(Instant.parse("2026-03-10T16:00:00Z"), ZoneOffset.UTC))
            .build();

    private ProviderConfig config() {
        return configBuilder().build();
    }

    private VapiConfig.Builder configBuilder() {
        return VapiConfig.builder().apiKey(KEY).assistantId("asst-1").phoneNumberId("pn-1")
                .baseUrl(wm.baseUrl()).requestTimeout(Duration.ofSeconds(5));
    }

    private static MakeCallRequest request() {
        return MakeCallRequest.builder().callId("call-42").phoneNumber("+15555550142").customerName("Dana Whitfield")
                .build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("create-call-response-201.json"));
    }

    @Test
    void should_place_call_and_send_expected_body() {
        // given
        wm.stubFor(post("/call").willReturn(created()));
        MakeCallRequest request = MakeCallRequest.builder()
                .callId("call-42")
                .phoneNumber("+15555550142")
                .customerName("Maria Fernanda de los Angeles Gutierrez Villanueva")
                .variable("leadFirstName", "Maria")
                .metadata("leadId", "lead-7")
                .metadata("callId", "spoofed")
                .providerOption("assistantOverrides", Map.of("maxDurationSeconds", 300,
                        "metadata", Map.of("campaign", "q2")))
                .providerOption("name", "lead-7 attempt 1")
                .build();

        // when
        PlacedCall placed = provider.makeCall(request, configBuilder().serverUrl("https://crm.example/hooks/vapi")
                .build());

        // then
        assertThat(placed.externalCallId()).isEqualTo("3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35");
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(placed.providerStatus()).isEqualTo("queued");
        wm.verify(1, postRequestedFor(urlEqualTo("/call"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "assistantId": "asst-1",
                          "phoneNumberId": "pn-1",
                          "customer": {"number": "+15555550142", "name": "Maria Fernanda de los Angeles Gutierrez"},
                          "assistantOverrides": {
                            "variableValues": {"leadFirstName": "Maria"},
                            "metadata": {"leadId": "lead-7", "callId": "call-42", "campaign": "q2"},
                            "server": {"url": "https://crm.example/hooks/vapi"},
                            "maxDurationSeconds": 300
                          },
                          "name": "lead-7 attempt 1"
                        }
                        """)));
    }

    @Test
    void should_keep_our_call_id_when_options_put_something_else_than_an_object_in_the_metadata() {
        // given
        wm.stubFor(post("/call").willReturn(created()));
        MakeCallRequest request = MakeCallRequest.builder().callId("call-42").phoneNumber("+15555550142")
                .providerOption("assistantOverrides", Map.of("metadata", "not an object"))
                .build();

        // when
        provider.makeCall(request, config());

        // then
        wm.verify(1, postRequestedFor(urlEqualTo("/call")).withRequestBody(equalToJson("""
                {"assistantOverrides": {"metadata": {"callId": "call-42"}}}""", true, true)));
    }

    @Test
    void should_leave_the_callers_options_as_they_were() {
        // given: mutable nested options, the kind a host builds up
        wm.stubFor(post("/call").willReturn(created()));
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("campaign", "q2"));
        Map<String, Object> overrides = new LinkedHashMap<>(Map.of("metadata", metadata));
        MakeCallRequest request = MakeCallRequest.builder().callId("call-42").phoneNumber("+15555550142")
                .metadata("leadId", "lead-7")
                .providerOption("assistantOverrides", overrides)
                .build();

        // when
        provider.makeCall(request, config());
        provider.makeCall(request, config());

        // then
        assertThat(metadata).containsExactly(Map.entry("campaign", "q2"));
        assertThat(overrides).containsOnlyKeys("metadata");
        wm.verify(2, postRequestedFor(urlEqualTo("/call")).withRequestBody(equalToJson("""
                {"assistantOverrides": {"metadata": {"leadId": "lead-7", "callId": "call-42", "campaign": "q2"}}}""",
                true, true)));
    }

    @Test
    void should_cut_customer_name_to_forty_characters_and_omit_absent_parts() {
        // given
        wm.stubFor(post("/call").willReturn(created()));
        String name = "A".repeat(39) + "\uD83D\uDE00tail";

        // when
        provider.makeCall(MakeCallRequest.builder().callId("c").phoneNumber("+15555550142").customerName(name)
                .build(), config());

        // then: the emoji would straddle the limit, so it is dropped whole
        wm.verify(1, postRequestedFor(urlEqualTo("/call")).withRequestBody(equalToJson("""
                {"assistantId":"asst-1","phoneNumberId":"pn-1",
                 "customer":{"number":"+15555550142","name":"%s"},
                 "assistantOverrides":{"metadata":{"callId":"c"}}}
                """.formatted("A".repeat(39)))));
    }

    @Test
    void should_map_400_about_customer_number_to_invalid_phone_number() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(400)
                .withBody(Fixtures.text("create-call-error-400-validation.json"))));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("customer.number must be a valid phone number")
                .hasMessageNotContaining("+15555550142");
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_mask_the_dialed_number_when_vapi_echoes_it() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(400)
                .withBody("{\"message\":[\"customer.number +15555550142 is not reachable\"]}")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .hasMessageContaining("********0142 is not reachable")
                .hasMessageNotContaining("+15555550142");
    }

    @Test
    void should_map_other_400_to_provider_rejected_with_vapi_messages() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(400).withBody("""
                {"message":["assistantId must be a UUID","property foo should not exist"],
                 "error":"Bad Request","statusCode":400}""")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOfSatisfying(ProviderRejectedException.class, e -> {
                    assertThat(e.providerHttpStatus()).isEqualTo(400);
                    assertThat(e.providerMessage())
                            .isEqualTo("assistantId must be a UUID; property foo should not exist");
                });
    }

    @Test
    void should_map_400_with_string_message() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(400)
                .withBody("{\"message\":\"Couldn't Get Assistant.\",\"error\":\"Bad Request\"}")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOfSatisfying(ProviderRejectedException.class,
                        e -> assertThat(e.providerMessage()).isEqualTo("Couldn't Get Assistant."));
    }

    @Test
    void should_map_401_to_unavailable_saying_the_key_is_wrong() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(401)
                .withBody(Fixtures.text("create-call-error-401-invalid-key.json"))));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("API key").contains("Invalid Key").doesNotContain(KEY);
                });
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_map_403_to_unavailable() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Forbidden\"}")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("API key");
    }

    @Test
    void should_not_retry_after_500() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(500).withBody("{\"message\":\"boom\"}")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOf(CallOutcomeUnknownException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void should_not_retry_after_502() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(502)));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOfSatisfying(CallOutcomeUnknownException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(504));
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_not_retry_after_read_timeout() {
        // given: the response comes after the request timeout
        wm.stubFor(post("/call").willReturn(created().withFixedDelay(1000)));
        ProviderConfig config = configBuilder().requestTimeout(Duration.ofMillis(200)).build();

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config))
                .isInstanceOf(CallOutcomeUnknownException.class).hasMessageContaining("not retried");
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void should_not_retry_after_connection_reset_once_sent() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOf(CallOutcomeUnknownException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_retry_429_after_retry_after_and_place_the_call_once() {
        // given
        wm.stubFor(post("/call").inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"message\":\"Rate limit exceeded\"}"))
                .willSetStateTo("open"));
        wm.stubFor(post("/call").inScenario("rate").whenScenarioStateIs("open").willReturn(created()));

        // when
        PlacedCall placed = provider.makeCall(request(), config());

        // then
        assertThat(placed.externalCallId()).isEqualTo("3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        wm.verify(2, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_give_up_on_persistent_429_with_503() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"message\":\"Rate limit exceeded\"}")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), configBuilder().maxAttempts(3).build()))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        e -> assertThat(e.getMessage()).contains("429"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        wm.verify(3, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_not_wait_longer_than_max_retry_wait_for_429() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), configBuilder().maxRetryWait(Duration.ofSeconds(30))
                .build())).isInstanceOf(ProviderUnavailableException.class);
        assertThat(sleeps).isEmpty();
        wm.verify(1, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_retry_refused_connection_then_report_unavailable() throws IOException {
        // given: a port nobody listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderConfig config = configBuilder().baseUrl("http://127.0.0.1:" + closedPort).maxAttempts(3).build();

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        e -> assertThat(e.getMessage()).contains("could not reach").contains("3 attempt"));
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void should_treat_2xx_without_call_id_as_unknown_outcome() {
        // given
        wm.stubFor(post("/call").willReturn(aResponse().withStatus(201).withBody("{}")));

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), config()))
                .isInstanceOf(CallOutcomeUnknownException.class);
    }

    @Test
    void should_refuse_config_without_required_settings_before_dialing() {
        // given
        ProviderConfig incomplete = ProviderConfig.builder("vapi").apiKey(KEY).baseUrl(wm.baseUrl())
                .setting(VapiConfig.ASSISTANT_ID, "a").build();

        // when / then
        assertThatThrownBy(() -> provider.makeCall(request(), incomplete))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("phoneNumberId");
        wm.verify(0, postRequestedFor(urlEqualTo("/call")));
    }

    @Test
    void should_fetch_ended_call() {
        // given
        wm.stubFor(get("/call/ext-1").willReturn(aResponse().withStatus(200).withBody("""
                {"id":"ext-1","status":"ended","endedReason":"customer-ended-call",
                 "startedAt":"2026-03-10T16:02:19.604Z","endedAt":"2026-03-10T16:04:03.221Z","cost":0.1551,
                 "artifact":{"messages":[{"role":"bot","message":"Hi"},{"role":"user","message":"Hello"}],
                             "recordingUrl":"https://storage.vapi.ai/r.wav"},
                 "analysis":{"summary":"Interested"}}""")));

        // when
        CallSnapshot snapshot = provider.fetchCall("ext-1", config()).orElseThrow();

        // then
        assertThat(snapshot.externalCallId()).isEqualTo("ext-1");
        assertThat(snapshot.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(snapshot.providerStatus()).isEqualTo("ended");
        assertThat(snapshot.providerReason()).isEqualTo("customer-ended-call");
        assertThat(snapshot.transcript()).isEqualTo("AI: Hi\nUser: Hello");
        assertThat(snapshot.recordingUrl()).isEqualTo("https://storage.vapi.ai/r.wav");
        assertThat(snapshot.duration()).isEqualTo(Duration.ofMillis(103_617));
        assertThat(snapshot.cost()).isEqualByComparingTo(new BigDecimal("0.1551"));
        assertThat(snapshot.summary()).isEqualTo("Interested");
        assertThat(snapshot.endedAt()).isEqualTo(Instant.parse("2026-03-10T16:04:03.221Z"));
        wm.verify(getRequestedFor(urlEqualTo("/call/ext-1")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void should_fetch_queued_call() {
        // given
        wm.stubFor(get("/call/3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35").willReturn(created().withStatus(200)));

        // when
        CallSnapshot snapshot = provider.fetchCall("3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35", config()).orElseThrow();

        // then
        assertThat(snapshot.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(snapshot.transcript()).isNull();
        assertThat(snapshot.duration()).isNull();
    }

    @Test
    void should_return_empty_for_unknown_call() {
        // given
        wm.stubFor(get("/call/missing").willReturn(aResponse().withStatus(404)
                .withBody("{\"message\":\"Not Found\",\"statusCode\":404}")));

        // when / then
        assertThat(provider.fetchCall("missing", config())).isEmpty();
    }

    @Test
    void should_retry_fetch_after_5xx_because_get_is_safe() {
        // given
        wm.stubFor(get("/call/ext-2").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(get("/call/ext-2").inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"ext-2\",\"status\":\"ringing\"}")));

        // when
        CallSnapshot snapshot = provider.fetchCall("ext-2", config()).orElseThrow();

        // then
        assertThat(snapshot.status()).isEqualTo(CallStatus.RINGING);
        assertThat(sleeps).hasSize(1);
        wm.verify(2, getRequestedFor(urlEqualTo("/call/ext-2")));
    }

    @Test
    void should_map_fetch_with_wrong_key_to_unavailable() {
        // given
        wm.stubFor(get("/call/ext-3").willReturn(aResponse().withStatus(401)
                .withBody(Fixtures.text("create-call-error-401-invalid-key.json"))));

        // when / then
        assertThatThrownBy(() -> provider.fetchCall("ext-3", config()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("API key");
    }
}
