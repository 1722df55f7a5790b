package io.inmo.voice.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallStatus;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FakeVoiceProviderTest {

    private static final String SECRET = "whsec-fake";
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final String PHONE = "+34600000001";

    private final RecordingSink sink = new RecordingSink();
    private final ProviderConfig config = ProviderConfig.builder(FakeVoiceProvider.ID).build();

    private FakeVoiceProvider fake(FakeOutcome outcome) {
        return FakeVoiceProvider.builder().sink(sink).signingSecret(SECRET).defaultOutcome(outcome)
                .clock(Clock.fixed(START, ZoneOffset.UTC)).build();
    }

    private static MakeCallRequest request(String callId) {
        return MakeCallRequest.builder().callId(callId).phoneNumber(PHONE).customerName("Ana")
                .metadata("leadId", "lead-7").build();
    }

    private List<WebhookEvent> parsed(FakeVoiceProvider fake) {
        List<WebhookEvent> events = new ArrayList<>();
        for (Delivery d : sink.deliveries) {
            events.add(fake.parseWebhook(WebhookRequest.of(FakeVoiceProvider.ID, d.headers, d.body)));
        }
        return events;
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(FakeOutcome.ANSWERED, List.of(CallStatus.QUEUED, CallStatus.RINGING,
                        CallStatus.IN_PROGRESS, CallStatus.COMPLETED), "customer-ended-call", 95, "0.21"),
                Arguments.of(FakeOutcome.VOICEMAIL, List.of(CallStatus.QUEUED, CallStatus.RINGING,
                        CallStatus.IN_PROGRESS, CallStatus.VOICEMAIL), "voicemail", 18, "0.05"),
                Arguments.of(FakeOutcome.NO_ANSWER, List.of(CallStatus.QUEUED, CallStatus.RINGING,
                        CallStatus.NO_ANSWER), "customer-did-not-answer", 0, "0.00"),
                Arguments.of(FakeOutcome.BUSY, List.of(CallStatus.QUEUED, CallStatus.RINGING,
                        CallStatus.BUSY), "customer-busy", 0, "0.00"),
                Arguments.of(FakeOutcome.FAILED, List.of(CallStatus.QUEUED, CallStatus.FAILED),
                        "carrier-error: SIP 503 Service Unavailable", 0, "0.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void should_deliver_the_webhooks_of_each_outcome_in_order(FakeOutcome outcome, List<CallStatus> statuses,
                                                              String reason, int durationSeconds, String cost) {
        // given
        FakeVoiceProvider fake = fake(outcome);

        // when
        PlacedCall placed = fake.makeCall(request("c-1"), config);

        // then
        assertThat(placed.status()).isEqualTo(CallStatus.QUEUED);
        List<WebhookEvent> events = parsed(fake);
        assertThat(events).extracting(WebhookEvent::status).containsExactlyElementsOf(statuses);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.provider()).isEqualTo(FakeVoiceProvider.ID);
            assertThat(e.externalCallId()).isEqualTo(placed.externalCallId());
            assertThat(e.callId()).isEqualTo("c-1");
        });
        assertThat(events).extracting(WebhookEvent::eventId).doesNotHaveDuplicates();
        assertThat(events).extracting(WebhookEvent::occurredAt).isSorted().allSatisfy(t -> assertThat(t)
                .isAfterOrEqualTo(START));
        assertThat(events.subList(0, events.size() - 1)).extracting(WebhookEvent::type)
                .containsOnly(WebhookEvent.Type.STATUS_UPDATE);

        WebhookEvent ended = events.get(events.size() - 1);
        assertThat(ended.type()).isEqualTo(WebhookEvent.Type.CALL_ENDED);
        assertThat(ended.providerReason()).isEqualTo(reason);
        assertThat(ended.duration()).isEqualTo(Duration.ofSeconds(durationSeconds));
        assertThat(ended.cost()).isEqualByComparingTo(new BigDecimal(cost));
        assertThat(fake.fetchCall(placed.externalCallId(), config)).hasValueSatisfying(
                snapshot -> assertThat(snapshot.status()).isEqualTo(statuses.get(statuses.size() - 1)));
    }

    @Test
    void should_deliver_a_transcript_recording_and_summary_for_an_answered_call() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.ANSWERED);

        // when
        PlacedCall placed = fake.makeCall(request("c-1"), config);

        // then
        WebhookEvent ended = parsed(fake).get(3);
        assertThat(ended.transcript()).startsWith("AI: Hi Ana,").contains("\nUser: ");
        assertThat(ended.transcript().lines()).allMatch(line -> line.startsWith("AI: ") || line.startsWith("User: "));
        assertThat(ended.recordingUrl()).endsWith(placed.externalCallId() + ".wav");
        assertThat(ended.summary()).isNotBlank();
        assertThat(ended.occurredAt()).isEqualTo(START.plusSeconds(105));
    }

    @Test
    void should_deliver_no_transcript_for_an_unanswered_call() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.NO_ANSWER);

        // when
        fake.makeCall(request("c-1"), config);

        // then
        WebhookEvent ended = parsed(fake).get(2);
        assertThat(ended.transcript()).isNull();
        assertThat(ended.recordingUrl()).isNull();
        assertThat(ended.summary()).isNull();
    }

    @Test
    void should_echo_the_request_metadata_and_our_call_id() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.BUSY);

        // when
        fake.makeCall(request("c-9"), config);

        // then
        String first = new String(sink.deliveries.get(0).body, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(first).contains("\"leadId\":\"lead-7\"").contains("\"callId\":\"c-9\"");
    }

    @Test
    void should_throw_unavailable_and_deliver_nothing_when_the_provider_is_down() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.PROVIDER_DOWN);

        // when / then
        assertThatThrownBy(() -> fake.makeCall(request("c-1"), config))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.provider()).isEqualTo("fake");
                });
        assertThat(sink.deliveries).isEmpty();
        assertThat(fake.requests()).extracting(MakeCallRequest::callId).containsExactly("c-1");
    }

    @Test
    void should_throw_outcome_unknown_yet_deliver_the_answered_webhooks() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.OUTCOME_UNKNOWN);

        // when / then
        assertThatThrownBy(() -> fake.makeCall(request("c-1"), config))
                .isInstanceOfSatisfying(CallOutcomeUnknownException.class,
                        e -> assertThat(e.provider()).isEqualTo("fake"));
        List<WebhookEvent> events = parsed(fake);
        assertThat(events).extracting(WebhookEvent::status).containsExactly(CallStatus.QUEUED, CallStatus.RINGING,
                CallStatus.IN_PROGRESS, CallStatus.COMPLETED);
        assertThat(events).extracting(WebhookEvent::callId).containsOnly("c-1");
        assertThat(events.get(3).transcript()).isNotBlank();
    }

    @Test
    void should_pick_the_outcome_by_provider_option_then_phone_then_config_then_default() {
        // given
        String scriptedPhone = "+34600000002";
        FakeVoiceProvider fake = FakeVoiceProvider.builder().sink(sink).defaultOutcome(FakeOutcome.NO_ANSWER)
                .outcomeFor(scriptedPhone, FakeOutcome.BUSY).build();
        ProviderConfig withSetting = ProviderConfig.builder("fake").setting("outcome", "voicemail").build();
        MakeCallRequest withOption = MakeCallRequest.builder().callId("c-1").phoneNumber(scriptedPhone)
                .providerOption(FakeVoiceProvider.OUTCOME_OPTION, "failed").build();
        MakeCallRequest scripted = MakeCallRequest.builder().callId("c-2").phoneNumber(scriptedPhone).build();
        MakeCallRequest other = MakeCallRequest.builder().callId("c-3").phoneNumber(PHONE).build();

        // when
        CallStatus byOption = finalStatus(fake, fake.makeCall(withOption, withSetting));
        CallStatus byPhone = finalStatus(fake, fake.makeCall(scripted, withSetting));
        CallStatus byConfig = finalStatus(fake, fake.makeCall(other, withSetting));
        CallStatus byDefault = finalStatus(fake, fake.makeCall(other, config));

        // then
        assertThat(byOption).isEqualTo(CallStatus.FAILED);
        assertThat(byPhone).isEqualTo(CallStatus.BUSY);
        assertThat(byConfig).isEqualTo(CallStatus.VOICEMAIL);
        assertThat(byDefault).isEqualTo(CallStatus.NO_ANSWER);
    }

    @Test
    void should_answer_by_default() {
        // given
        FakeVoiceProvider fake = FakeVoiceProvider.builder().build();

        // when
        PlacedCall placed = fake.makeCall(request("c-1"), config);

        // then
        assertThat(fake.fetchCall(placed.externalCallId(), config)).hasValueSatisfying(
                s -> assertThat(s.status()).isEqualTo(CallStatus.COMPLETED));
    }

    private static CallStatus finalStatus(FakeVoiceProvider fake, PlacedCall placed) {
        return fake.fetchCall(placed.externalCallId(), ProviderConfig.builder("fake").build()).orElseThrow().status();
    }

    @Test
    void should_give_each_call_its_own_external_id_and_record_every_request() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.ANSWERED);

        // when
        PlacedCall first = fake.makeCall(request("c-1"), config);
        PlacedCall second = fake.makeCall(request("c-2"), config);

        // then
        assertThat(first.externalCallId()).isNotEqualTo(second.externalCallId());
        assertThat(fake.requests()).extracting(MakeCallRequest::callId).containsExactly("c-1", "c-2");
        assertThat(fake.fetchCall("no-such-call", config)).isEmpty();
    }

    @Test
    void should_sign_every_webhook_so_that_the_fake_verifier_accepts_it() {
        // given
        FakeVoiceProvider fake = fake(FakeOutcome.ANSWERED);

        // when
        fake.makeCall(request("c-1"), config);

        // then
        assertThat(sink.deliveries).hasSize(4).allSatisfy(d -> {
            assertThat(Headers.first(d.headers, FakeVoiceProvider.SIGNATURE_HEADER)).matches("[0-9a-f]{64}");
            assertThatCode(() -> FakeVoiceProvider.verifier(SECRET).verify(d.headers, d.body))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> FakeVoiceProvider.verifier("another-secret").verify(d.headers, d.body))
                    .isInstanceOf(WebhookVerificationException.class);
        });
    }

    @Test
    void should_not_sign_without_a_signing_secret() {
        // given
        FakeVoiceProvider fake = FakeVoiceProvider.builder().sink(sink).build();

        // when
        fake.makeCall(request("c-1"), config);

        // then
        assertThat(sink.deliveries).isNotEmpty().allSatisfy(d ->
                assertThat(Headers.first(d.headers, FakeVoiceProvider.SIGNATURE_HEADER)).isNull());
    }

    @Test
    void should_go_on_with_the_next_webhook_when_a_delivery_fails() {
        // given
        List<byte[]> delivered = new CopyOnWriteArrayList<>();
        int[] attempts = {0};
        FakeWebhookSink flaky = (headers, body) -> {
            if (attempts[0]++ == 0) {
                throw new java.io.IOException("endpoint down");
            }
            delivered.add(body);
        };
        FakeVoiceProvider fake = FakeVoiceProvider.builder().sink(flaky).build();

        // when
        fake.makeCall(request("c-1"), config);

        // then
        assertThat(attempts[0]).isEqualTo(4);
        assertThat(delivered).hasSize(3);
    }

    @Test
    void should_deliver_on_the_given_executor() {
        // given
        List<Runnable> queued = new ArrayList<>();
        FakeVoiceProvider fake = FakeVoiceProvider.builder().sink(sink).executor(queued::add).build();

        // when
        fake.makeCall(request("c-1"), config);

        // then
        assertThat(sink.deliveries).isEmpty();
        assertThat(queued).hasSize(1);
        queued.get(0).run();
        assertThat(sink.deliveries).hasSize(4);
    }

    @Test
    void should_be_found_by_the_service_loader() {
        // given / when
        VoiceProviderFactory discovered = VoiceProviderFactory.discover();

        // then
        assertThat(discovered.providerIds()).contains("fake");
        assertThat(discovered.provider("fake")).containsInstanceOf(FakeVoiceProvider.class);
    }

    private record Delivery(Map<String, List<String>> headers, byte[] body) {
    }

    private static final class RecordingSink implements FakeWebhookSink {
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void deliver(Map<String, List<String>> headers, byte[] body) {
            deliveries.add(new Delivery(headers, body));
        }
    }
}
