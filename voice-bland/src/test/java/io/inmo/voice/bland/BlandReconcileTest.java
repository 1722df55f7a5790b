package io.inmo.voice.bland;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code reconcile} against Bland stubbed with WireMock: an unconfirmed call looked up in {@code GET /v1/calls}
 * (found, not listed, Bland down), and a call that ended by a status update whose post-call report was lost.
 */
class BlandReconcileTest {

    @RegisterExtension
    static WireMockExtension bland = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration QUIET = Duration.ofMinutes(10);
    private static final String LIST = "/v1/calls?ascending=false&sort_by=created_at&limit=100&from=0&to=100";

    /** A minute before the fixture's {@code created_at} (2026-03-04T15:02:11.482+00:00). */
    private final MutableClock clock = MutableClock.at("2026-03-04T15:01:50Z");
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ManualExecutor summaries = new ManualExecutor();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false)
            .register(BlandProvider.builder().sleeper(sleeper).clock(clock).build()).build();
    private final VoiceCallService service = VoiceCallService.builder()
            .providerFactory(providers)
            .brokerConfigs(broker -> Optional.of(config()))
            .executor(summaries)
            .sleeper(sleeper)
            .clock(clock)
            .callIds(() -> "our-call-1")
            .build();

    private static ProviderConfig config() {
        return BlandConfig.builder().apiKey("sk-reconcile").task("Ask about the flat").baseUrl(bland.baseUrl())
                .requestTimeout(Duration.ofSeconds(5)).maxAttempts(1).build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    /** Call Details of the completed fixture, as Bland's id {@code externalId} carrying our {@code ourCallId}. */
    private static String details(String externalId, String ourCallId) throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(Fixtures.bytes("webhook-completed-human.json"));
        tree.put("call_id", externalId);
        tree.put("c_id", externalId);
        ((ObjectNode) tree.get("metadata")).put("callId", ourCallId);
        return MAPPER.writeValueAsString(tree);
    }

    /** A list entry as Bland's documented example shows it: no metadata, no transcript. */
    private static ObjectNode listed(String externalId, String createdAt) {
        return MAPPER.createObjectNode().put("call_id", externalId).put("created_at", createdAt)
                .put("call_length", 1.2).put("to", "5551234567").put("completed", true)
                .put("queue_status", "complete");
    }

    private static String list(ObjectNode... calls) {
        ObjectNode body = MAPPER.createObjectNode().put("count", calls.length);
        ArrayNode array = body.putArray("calls");
        for (ObjectNode c : calls) {
            array.add(c);
        }
        return body.toString();
    }

    private VoiceCall initiateWithLostAnswer() {
        bland.stubFor(post("/v1/calls").willReturn(aResponse().withStatus(502).withBody("Bad Gateway")));
        VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+15555550142", "Dana", Map.of()));
        assertThat(call.unconfirmed()).isTrue();
        clock.advance(QUIET.plusMinutes(1));
        return call;
    }

    private VoiceCall stored() {
        return service.find("our-call-1").orElseThrow();
    }

    @Test
    void should_adopt_the_call_bland_lists_with_our_call_id_and_store_its_outcome() throws Exception {
        // given a lost answer, and Bland listing a newer call, ours (no metadata in the list) and an older one
        VoiceCall call = initiateWithLostAnswer();
        bland.stubFor(get(urlEqualTo(LIST)).willReturn(okJson(list(
                listed("bl-newer", "2026-03-04T15:40:00.000+00:00"),
                listed("bl-ours", "2026-03-04T15:02:11.482+00:00"),
                listed("bl-older", "2026-03-04T14:00:00.000+00:00")))));
        bland.stubFor(get("/v1/calls/bl-ours").willReturn(okJson(details("bl-ours", call.callId()))));

        // when
        int changed = service.reconcile(QUIET);

        // then the call is Bland's, ended with its transcript, and its summary is due; the others were not read
        VoiceCall settled = stored();
        assertThat(changed).isEqualTo(1);
        assertThat(settled.externalCallId()).isEqualTo("bl-ours");
        assertThat(settled.unconfirmed()).isFalse();
        assertThat(settled.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(settled.transcript()).contains("Yes, speaking.");
        assertThat(settled.summaryState()).isEqualTo(SummaryState.PENDING);
        bland.verify(0, getRequestedFor(urlEqualTo("/v1/calls/bl-newer")));
        bland.verify(0, getRequestedFor(urlEqualTo("/v1/calls/bl-older")));
    }

    @Test
    void should_fail_the_call_when_bland_lists_no_call_carrying_our_call_id() throws Exception {
        // given Bland lists one call in the window, which belongs to someone else
        initiateWithLostAnswer();
        bland.stubFor(get(urlEqualTo(LIST)).willReturn(okJson(list(
                listed("bl-other", "2026-03-04T15:02:30.000+00:00"),
                listed("bl-older", "2026-03-04T14:00:00.000+00:00")))));
        bland.stubFor(get("/v1/calls/bl-other").willReturn(okJson(details("bl-other", "someone-elses-call"))));

        // when
        int changed = service.reconcile(QUIET);

        // then it was not placed: FAILED, the lead free, and nothing adopted
        VoiceCall failed = stored();
        assertThat(changed).isEqualTo(1);
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.externalCallId()).isNull();
        assertThat(failed.providerReason()).contains("lists no call");
        bland.verify(1, getRequestedFor(urlEqualTo("/v1/calls/bl-other")));
    }

    @Test
    void should_leave_the_unconfirmed_call_for_the_next_run_when_bland_is_down() {
        // given
        VoiceCall call = initiateWithLostAnswer();
        bland.stubFor(get(urlPathEqualTo("/v1/calls")).willReturn(aResponse().withStatus(503)));

        // when
        int changed = service.reconcile(QUIET);

        // then
        VoiceCall left = stored();
        assertThat(changed).isZero();
        assertThat(left.status()).isEqualTo(CallStatus.INITIATED);
        assertThat(left.unconfirmed()).isTrue();
        assertThat(left.version()).isEqualTo(call.version());
    }

    @Test
    void should_fetch_the_report_of_a_call_that_ended_by_a_status_update_and_make_its_summary_due()
            throws Exception {
        // given a placed call, ended by a status update, whose post-call webhook was lost
        bland.stubFor(post("/v1/calls").willReturn(okJson("{\"status\":\"success\",\"call_id\":\"bl-7\"}")));
        VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+15555550142", "Dana", Map.of()));
        service.handle(WebhookEvent.builder().provider("bland").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("bland:bl-7:status").externalCallId("bl-7").callId(call.callId())
                .status(CallStatus.COMPLETED).providerStatus("completed").build());
        bland.stubFor(get("/v1/calls/bl-7").willReturn(okJson(details("bl-7", call.callId()))));
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then
        VoiceCall finished = stored();
        assertThat(changed).isEqualTo(1);
        assertThat(finished.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(finished.transcript()).contains("Yes, speaking.");
        assertThat(finished.recordingUrl()).isNotBlank();
        assertThat(finished.duration()).isPositive();
        assertThat(finished.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(summaries.runAll()).isEqualTo(1);
        assertThat(stored().summaryState()).isEqualTo(SummaryState.DONE);
    }

    @Test
    void should_leave_a_status_ended_call_for_the_next_run_when_bland_is_down() {
        // given
        bland.stubFor(post("/v1/calls").willReturn(okJson("{\"status\":\"success\",\"call_id\":\"bl-8\"}")));
        VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+15555550142", "Dana", Map.of()));
        service.handle(WebhookEvent.builder().provider("bland").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("bland:bl-8:status").externalCallId("bl-8").callId(call.callId())
                .status(CallStatus.NO_ANSWER).providerStatus("no-answer").build());
        bland.stubFor(get("/v1/calls/bl-8").willReturn(aResponse().withStatus(503)));
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then
        assertThat(changed).isZero();
        assertThat(stored().summaryState()).isEqualTo(SummaryState.NONE);
        assertThat(stored().status()).isEqualTo(CallStatus.NO_ANSWER);
    }
}
