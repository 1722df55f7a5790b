package io.inmo.voice.vapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.webhook.WebhookEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook path and {@code GET /call/{id}} read a call with the same reader: the same fields in a report and
 * in a call object give the same transcript, recording, duration, cost, summary and outcome.
 */
class VapiOneReaderTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final VapiProvider provider = VapiProvider.builder().sleeper(d -> { }).build();

    private ProviderConfig config() {
        return VapiConfig.builder().apiKey("sk-test").assistantId("asst-1").phoneNumberId("pn-1")
                .baseUrl(wm.baseUrl()).requestTimeout(Duration.ofSeconds(5)).maxAttempts(1).build();
    }

    /** Call fields that once were read by one path and not the other, and a few that always were. */
    private static final List<String> CALL_FIELDS = List.of(
            "\"durationMs\":61500",
            "\"stereoRecordingUrl\":\"https://storage.vapi.ai/c1-stereo.wav\"",
            "\"messages\":[{\"role\":\"bot\",\"message\":\"Hola\"},{\"role\":\"user\",\"message\":\"Si, digame\"}]",
            "\"artifact\":{\"transcript\":\"AI: Hola\\nUser: Si\",\"recording\":{\"mono\":{\"combinedUrl\":\"https://r/m.wav\"}}}",
            "\"analysis\":{\"summary\":\"Quiere visitar el piso.\"},\"cost\":\"0.31\"",
            "\"startedAt\":\"2026-03-10T16:00:00Z\",\"endedAt\":\"2026-03-10T16:01:35.250+00:00\"");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void should_read_a_call_the_same_from_a_webhook_and_from_get_call(int field) {
        // given the same fields in an end-of-call report and in VAPI's answer to GET /call/{id}
        String fields = CALL_FIELDS.get(field);
        String report = "{\"message\":{\"type\":\"end-of-call-report\",\"endedReason\":\"customer-ended-call\","
                + fields + ",\"call\":{\"id\":\"c1\"}}}";
        wm.stubFor(get(urlEqualTo("/call/c1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c1\",\"status\":\"ended\",\"endedReason\":\"customer-ended-call\"," + fields + "}")));

        // when
        WebhookEvent event = provider.parseWebhook(Fixtures.webhook(report));
        CallSnapshot snapshot = provider.fetchCall("c1", config()).orElseThrow();

        // then
        assertThat(snapshot.status()).isEqualTo(event.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(snapshot.transcript()).isEqualTo(event.transcript());
        assertThat(snapshot.recordingUrl()).isEqualTo(event.recordingUrl());
        assertThat(snapshot.duration()).isEqualTo(event.duration());
        assertThat(snapshot.cost()).isEqualTo(event.cost());
        assertThat(snapshot.summary()).isEqualTo(event.summary());
        assertThat(java.util.Arrays.asList(event.transcript(), event.recordingUrl(), event.duration(), event.summary()))
                .as("the field was read").anyMatch(java.util.Objects::nonNull);
    }

    @Test
    void should_read_the_message_level_stereo_recording_and_duration_in_ms_on_get_call() {
        // given the two fields GET /call used to drop
        wm.stubFor(get(urlEqualTo("/call/c2")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"c2\",\"status\":\"ended\",\"endedReason\":\"customer-ended-call\","
                        + "\"durationMs\":61500,\"stereoRecordingUrl\":\"https://storage.vapi.ai/c2-stereo.wav\"}")));

        // when
        CallSnapshot snapshot = provider.fetchCall("c2", config()).orElseThrow();

        // then
        assertThat(snapshot.duration()).isEqualTo(Duration.ofMillis(61_500));
        assertThat(snapshot.recordingUrl()).isEqualTo("https://storage.vapi.ai/c2-stereo.wav");
    }

    @Test
    void should_report_a_get_call_answer_that_is_not_a_call_as_unavailable() {
        // given
        wm.stubFor(get(urlEqualTo("/call/c3")).willReturn(aResponse().withStatus(200).withBody("<html>oops</html>")));

        // when / then
        assertThatThrownBy(() -> provider.fetchCall("c3", config())).isInstanceOf(ProviderUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"assistantOverrides\":{\"metadata\":{\"callId\":\"ours\"}}",
            "\"metadata\":{\"callId\":\"ours\"}",
            "\"metadata\":{\"callId\":\"old\"},\"assistantOverrides\":{\"metadata\":{\"callId\":\"ours\"}}",
            "\"assistantOverrides\":{\"metadata\":{\"callId\":\" \"}},\"metadata\":{\"callId\":\"ours\"}"})
    void should_find_our_call_id_in_a_listed_call_where_a_webhook_finds_it(String fields) throws Exception {
        // given the same call as message.call of a webhook and as one element of GET /call's list
        String call = "{\"id\":\"c1\"," + fields + "}";
        JsonFactory json = new JsonFactory();

        // when
        String fromWebhook;
        try (JsonParser p = json.createParser("{\"message\":{\"type\":\"status-update\",\"call\":" + call + "}}")) {
            fromWebhook = VapiPayload.message(p).ourCallId();
        }
        String fromList = VapiPayload.ourCallId(new ObjectMapper().readTree(call));

        // then
        assertThat(fromWebhook).isEqualTo("ours");
        assertThat(fromList).isEqualTo(fromWebhook);
    }

    @Test
    void should_skip_a_listed_call_of_an_odd_shape() throws Exception {
        // given elements of GET /call's list that are no call object or carry a non-string id
        ObjectMapper mapper = new ObjectMapper();

        // when / then
        assertThat(VapiPayload.ourCallId(mapper.readTree("\"c1\""))).isNull();
        assertThat(VapiPayload.ourCallId(mapper.readTree("{\"id\":{\"x\":1},\"metadata\":{\"callId\":\"ours\"}}")))
                .isNull();
        assertThat(VapiPayload.ourCallId(mapper.readTree("{\"id\":\"c1\"}"))).isNull();
    }
}
