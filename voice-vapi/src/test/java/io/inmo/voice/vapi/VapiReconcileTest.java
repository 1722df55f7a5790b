package io.inmo.voice.vapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code reconcile} against VAPI stubbed with WireMock: an unconfirmed call looked up in {@code GET /call}
 * (found, not listed, VAPI down), and a call that ended by a status update whose end-of-call report was lost.
 */
class VapiReconcileTest {

    @RegisterExtension
    static WireMockExtension vapi = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Duration QUIET = Duration.ofMinutes(10);
    private static final String ENDED_CALL = """
            {"id":"%s","status":"ended","endedReason":"customer-ended-call","createdAt":"2026-03-10T16:02:05.000Z",
             "startedAt":"2026-03-10T16:02:19.604Z","endedAt":"2026-03-10T16:04:03.221Z","cost":0.1551,
             "assistantOverrides":{"metadata":{"callId":"%s"}},
             "artifact":{"messages":[{"role":"bot","message":"Hola"},{"role":"user","message":"Sí, me interesa"}],
                         "recordingUrl":"https://storage.vapi.ai/r.wav"},
             "analysis":{"summary":"Interested"}}""";

    private final MutableClock clock = MutableClock.at("2026-03-10T16:02:00Z");
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ManualExecutor summaries = new ManualExecutor();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false)
            .register(VapiProvider.builder().sleeper(sleeper).clock(clock).build()).build();
    private final VoiceCallService service = VoiceCallService.builder()
            .providerFactory(providers)
            .brokerConfigs(broker -> Optional.of(config()))
            .executor(summaries)
            .sleeper(sleeper)
            .clock(clock)
            .callIds(() -> "our-call-1")
            .build();

    private static ProviderConfig config() {
        return VapiConfig.builder().apiKey("key-1").assistantId("asst-1").phoneNumberId("pn-1")
                .baseUrl(vapi.baseUrl()).requestTimeout(Duration.ofSeconds(5)).maxAttempts(1).build();
    }

    @AfterEach
    void close() {
        service.close();
    }

    private VoiceCall initiateWithLostAnswer() {
        vapi.stubFor(post("/call").willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Internal\"}")));
        VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+15555550142", "Dana", Map.of()));
        assertThat(call.unconfirmed()).isTrue();
        clock.advance(QUIET.plusMinutes(1));
        return call;
    }

    private VoiceCall stored() {
        return service.find("our-call-1").orElseThrow();
    }

    @Test
    void should_adopt_the_call_vapi_lists_with_our_call_id_and_store_its_outcome() {
        // given a lost answer, and VAPI listing another call and ours around that time
        VoiceCall call = initiateWithLostAnswer();
        vapi.stubFor(get(urlPathEqualTo("/call")).willReturn(okJson("[" + ENDED_CALL.formatted("vapi-other",
                "someone-else") + "," + ENDED_CALL.formatted("vapi-ours", call.callId()) + "]")));
        vapi.stubFor(get("/call/vapi-ours").willReturn(okJson(ENDED_CALL.formatted("vapi-ours", call.callId()))));

        // when
        int changed = service.reconcile(QUIET);

        // then VAPI was asked for the broker's calls created around ours, and ours was adopted and ended
        VoiceCall settled = stored();
        assertThat(changed).isEqualTo(1);
        vapi.verify(getRequestedFor(urlPathEqualTo("/call"))
                .withQueryParam("assistantId", equalTo("asst-1"))
                .withQueryParam("phoneNumberId", equalTo("pn-1"))
                .withQueryParam("createdAtGe", equalTo("2026-03-10T16:00:00Z"))
                .withQueryParam("createdAtLe", equalTo("2026-03-10T16:12:00Z"))
                .withHeader("Authorization", equalTo("Bearer key-1")));
        assertThat(settled.externalCallId()).isEqualTo("vapi-ours");
        assertThat(settled.unconfirmed()).isFalse();
        assertThat(settled.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(settled.transcript()).contains("me interesa");
        assertThat(settled.summaryState()).isEqualTo(SummaryState.PENDING);
    }

    @Test
    void should_fail_the_call_when_vapi_lists_no_call_carrying_our_call_id() {
        // given VAPI lists only someone else's call
        initiateWithLostAnswer();
        vapi.stubFor(get(urlPathEqualTo("/call")).willReturn(okJson("[" + ENDED_CALL.formatted("vapi-other",
                "someone-else") + "]")));

        // when
        int changed = service.reconcile(QUIET);

        // then it was not placed: FAILED and the lead free
        VoiceCall failed = stored();
        assertThat(changed).isEqualTo(1);
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.externalCallId()).isNull();
        assertThat(failed.providerReason()).contains("lists no call");
    }

    @Test
    void should_leave_the_unconfirmed_call_for_the_next_run_when_vapi_is_down() {
        // given
        VoiceCall call = initiateWithLostAnswer();
        vapi.stubFor(get(urlPathEqualTo("/call")).willReturn(aResponse().withStatus(503)));

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
    void should_fetch_the_report_of_a_call_that_ended_by_a_status_update_and_make_its_summary_due() {
        // given a placed call ended by VAPI's status-update "ended", whose end-of-call report was lost
        vapi.stubFor(post("/call").willReturn(aResponse().withStatus(201).withHeader("Content-Type",
                "application/json").withBody("{\"id\":\"vapi-7\",\"status\":\"queued\"}")));
        VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+15555550142", "Dana", Map.of()));
        service.handle(WebhookEvent.builder().provider("vapi").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("vapi:vapi-7:status:ended").externalCallId("vapi-7").callId(call.callId())
                .status(CallStatus.COMPLETED).providerStatus("ended").providerReason("customer-ended-call").build());
        vapi.stubFor(get("/call/vapi-7").willReturn(okJson(ENDED_CALL.formatted("vapi-7", call.callId()))));
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then
        VoiceCall finished = stored();
        assertThat(changed).isEqualTo(1);
        assertThat(finished.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(finished.transcript()).contains("me interesa");
        assertThat(finished.recordingUrl()).isEqualTo("https://storage.vapi.ai/r.wav");
        assertThat(finished.duration()).isPositive();
        assertThat(finished.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(summaries.runAll()).isEqualTo(1);
        assertThat(stored().summaryState()).isEqualTo(SummaryState.DONE);
    }

    @Test
    void should_leave_a_status_ended_call_for_the_next_run_when_vapi_is_down() {
        // given
        vapi.stubFor(post("/call").willReturn(aResponse().withStatus(201).withHeader("Content-Type",
                "application/json").withBody("{\"id\":\"vapi-8\",\"status\":\"queued\"}")));
        VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+15555550142", "Dana", Map.of()));
        service.handle(WebhookEvent.builder().provider("vapi").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("vapi:vapi-8:status:ended").externalCallId("vapi-8").callId(call.callId())
                .status(CallStatus.NO_ANSWER).providerStatus("ended").build());
        vapi.stubFor(get("/call/vapi-8").willReturn(aResponse().withStatus(503)));
        clock.advance(QUIET.plusMinutes(1));

        // when
        int changed = service.reconcile(QUIET);

        // then
        assertThat(changed).isZero();
        assertThat(stored().summaryState()).isEqualTo(SummaryState.NONE);
    }
}
