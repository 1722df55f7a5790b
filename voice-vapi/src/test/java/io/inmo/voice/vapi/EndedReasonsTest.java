package io.inmo.voice.vapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.CallStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EndedReasonsTest {

    private static JsonNode reference() throws Exception {
        return new ObjectMapper().readTree(Fixtures.bytes("ended-reasons.json"));
    }

    @Test
    void should_recognise_every_current_ended_reason() throws Exception {
        // given
        JsonNode current = reference().path("current");
        List<String> unmapped = new ArrayList<>();

        // when
        for (JsonNode v : current) {
            if (EndedReasons.classify(v.asText()) == null) {
                unmapped.add(v.asText());
            }
        }

        // then
        assertThat(current.size()).isEqualTo(595);
        assertThat(unmapped).isEmpty();
    }

    @Test
    void should_recognise_every_removed_ended_reason_too() throws Exception {
        // given
        List<String> unmapped = new ArrayList<>();

        // when
        for (JsonNode v : reference().path("removedSinceOct2024")) {
            if (EndedReasons.classify(v.asText()) == null) {
                unmapped.add(v.asText());
            }
        }

        // then: old payloads replayed or reconciled late still classify
        assertThat(unmapped).isEmpty();
    }

    @Test
    void should_agree_with_the_research_buckets() throws Exception {
        // given
        JsonNode buckets = reference().path("suggestedOutcome");

        // when / then
        buckets.fields().forEachRemaining(bucket -> {
            for (JsonNode v : bucket.getValue()) {
                EndedReasons.Outcome outcome = EndedReasons.classify(v.asText());
                String expected = switch (bucket.getKey()) {
                    case "HOOK_OR_FORWARDING" -> "DEPENDS_ON_EVIDENCE";
                    case "INVALID_NUMBER" -> "FAILED";
                    default -> bucket.getKey();
                };
                assertThat(outcome).as(v.asText()).isNotNull();
                assertThat(outcome.name()).as(v.asText()).isEqualTo(expected);
            }
        });
    }

    @Test
    void should_classify_everything_outside_the_buckets_as_failed() throws Exception {
        // given
        JsonNode ref = reference();
        java.util.Set<String> bucketed = new java.util.HashSet<>();
        ref.path("suggestedOutcome").forEach(list -> list.forEach(v -> bucketed.add(v.asText())));
        int failed = 0;

        // when
        for (JsonNode v : ref.path("current")) {
            if (!bucketed.contains(v.asText())) {
                assertThat(EndedReasons.classify(v.asText())).as(v.asText()).isEqualTo(EndedReasons.Outcome.FAILED);
                failed++;
            }
        }

        // then
        assertThat(failed).isEqualTo(ref.path("suggestedOutcomeFailedCount").asInt());
    }

    @ParameterizedTest
    @CsvSource({
        "customer-ended-call, COMPLETED",
        "assistant-ended-call, COMPLETED",
        "assistant-ended-call-after-message-spoken, COMPLETED",
        "assistant-ended-call-with-hangup-task, COMPLETED",
        "assistant-said-end-call-phrase, COMPLETED",
        "assistant-forwarded-call, COMPLETED",
        "exceeded-max-duration, COMPLETED",
        "silence-timed-out, COMPLETED",
        "call.in-progress.twilio-completed-call, COMPLETED",
        "call.in-progress.sip-completed-call, COMPLETED",
        "vonage-completed, COMPLETED",
        "customer-ended-call-during-transfer, COMPLETED",
        "customer-ended-call-before-warm-transfer, COMPLETED",
        "hangup, COMPLETED",
        "customer-ended-call-some-future-variant, COMPLETED",
        "call.in-progress.telnyx-completed-call, COMPLETED",
        "customer-did-not-answer, NO_ANSWER",
        "call.in-progress.error-providerfault-outbound-sip-408-request-timeout, NO_ANSWER",
        "call.in-progress.error-providerfault-outbound-sip-480-temporarily-unavailable, NO_ANSWER",
        "customer-busy, BUSY",
        "call.in-progress.error-providerfault-outbound-sip-486-busy-here, BUSY",
        "voicemail, VOICEMAIL",
        "manually-canceled, CANCELED",
        "scheduled-call-deleted, CANCELED",
        "call-deleted, CANCELED",
        "twilio-reported-customer-misdialed, FAILED",
        "twilio-failed-to-connect-call, FAILED",
        "vonage-failed-to-connect-call, FAILED",
        "vonage-rejected, FAILED",
        "vonage-disconnected, FAILED",
        "call.start.error-subscription-insufficient-credits, FAILED",
        "call.start.error-subscription-concurrency-limit-reached, FAILED",
        "call.start.error-fraud-check-failed, FAILED",
        "call.start.error-vapi-number-international, FAILED",
        "call.start.assistant-version-error-validation, FAILED",
        "call-start-error-neither-assistant-nor-server-set, FAILED",
        "call.in-progress.error-sip-outbound-call-failed-to-connect, FAILED",
        "call.in-progress.error-providerfault-outbound-sip-403-forbidden, FAILED",
        "call.in-progress.error-providerfault-outbound-sip-503-service-unavailable, FAILED",
        "call.in-progress.error-transfer-failed, FAILED",
        "call.in-progress.error-warm-transfer-assistant-cancelled, FAILED",
        "pipeline-error-openai-llm-failed, FAILED",
        "pipeline-error-custom-llm-llm-failed, FAILED",
        "pipeline-error-microsoft-voice-request-canceled, FAILED",
        "phone-call-provider-closed-websocket, FAILED",
        "worker-shutdown, FAILED",
        "assistant-not-found, FAILED",
        "assistant-join-timed-out, FAILED",
        "assistant-request-returned-invalid-assistant, FAILED",
        "call.ringing.error-sip-inbound-call-failed-to-connect, FAILED",
        "unknown-error, FAILED",
        "vapifault-transport-never-connected, FAILED",
        "some-new-provider-failed-to-connect-call, FAILED",
        "call.ringing.hook-executed-say, DEPENDS_ON_EVIDENCE",
        "call.ending.hook-executed-transfer, DEPENDS_ON_EVIDENCE",
        "call.forwarding.operator-busy, DEPENDS_ON_EVIDENCE",
        "call.forwarding.no-answer, DEPENDS_ON_EVIDENCE",
    })
    void should_classify_chosen_values(String reason, EndedReasons.Outcome expected) {
        // when
        EndedReasons.Outcome outcome = EndedReasons.classify(reason);

        // then
        assertThat(outcome).isEqualTo(expected);
        assertThat(EndedReasons.status(reason)).isEqualTo(expected.status());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"something-brand-new", "assistantDidSomething", "   ", "call.in-progress.new-thing"})
    void should_leave_unrecognised_values_unknown_without_throwing(String reason) {
        // when / then
        assertThat(EndedReasons.classify(reason)).isNull();
        assertThat(EndedReasons.status(reason)).isEqualTo(CallStatus.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource({
        "scheduled, QUEUED", "queued, QUEUED", "ringing, RINGING", "in-progress, IN_PROGRESS",
        "forwarding, IN_PROGRESS", "not-found, UNKNOWN", "deletion-failed, UNKNOWN", "weird, UNKNOWN",
    })
    void should_map_call_statuses(String status, CallStatus expected) {
        // when / then
        assertThat(EndedReasons.callStatus(status, null)).isEqualTo(expected);
    }

    @Test
    void should_map_ended_status_through_the_reason() {
        // when / then
        assertThat(EndedReasons.callStatus("ended", "customer-busy")).isEqualTo(CallStatus.BUSY);
        assertThat(EndedReasons.callStatus("ended", "never-seen-before")).isEqualTo(CallStatus.UNKNOWN);
        assertThat(EndedReasons.callStatus(null, "customer-busy")).isEqualTo(CallStatus.UNKNOWN);
    }

    @org.junit.jupiter.api.Test
    void should_never_shadow_a_prefix_rule_with_an_earlier_more_general_one() {
        // given the rules in order
        java.util.List<EndedReasons.PrefixRule> rules = EndedReasons.PREFIX_RULES;
        // when / then: a rule whose prefix starts with an earlier rule's prefix could never match
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                assertThat(rules.get(j).prefix()).as("rule %d shadowed by rule %d", j, i)
                        .doesNotStartWith(rules.get(i).prefix());
            }
            assertThat(EndedReasons.classify(rules.get(i).prefix() + "x")).as(rules.get(i).prefix())
                    .isEqualTo(rules.get(i).outcome());
        }
    }
}
