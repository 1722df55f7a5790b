package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStatus;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleBasedSummaryHookTest {

    private final LeadStore leads = new LeadStore(List.of(
            new Lead("lead-1", "María García López", "+34612345001", "demo", "piso", 50)));
    private final RuleBasedSummaryHook hook = new RuleBasedSummaryHook(leads);

    private static VoiceCall ended(String callId, CallStatus status, String transcript, String providerSummary) {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        return VoiceCall.builder().callId(callId).leadId("lead-1").brokerId("demo").provider("fake").status(status)
                .transcript(transcript).summary(providerSummary).summaryState(SummaryState.RUNNING)
                .createdAt(now).updatedAt(now).endedAt(now).build();
    }

    @ParameterizedTest
    @CsvSource({
            "COMPLETED, true, 70",
            "COMPLETED, false, 60",
            "VOICEMAIL, false, 48",
            "NO_ANSWER, false, 45",
            "BUSY, false, 47",
            "FAILED, false, 50",
            "CANCELED, false, 50"})
    void should_change_the_score_by_outcome(CallStatus status, boolean interested, int expectedScore)
            throws Exception {
        // given an ended call, with or without interest from the lead
        String transcript = interested ? "AI: Hola\nUser: Me interesa, ¿puedo visitarlo?" : "AI: Hola\nUser: Ya veré";

        // when the hook runs
        hook.summarize(ended("call-1", status, transcript, null));

        // then the score moved by the outcome's points
        assertThat(leads.score("lead-1")).isEqualTo(expectedScore);
    }

    @Test
    void should_change_the_score_once_per_call_even_when_run_twice() throws Exception {
        // given an answered call with interest
        VoiceCall call = ended("call-1", CallStatus.COMPLETED, "User: I'm very interested", null);

        // when the hook runs twice for it (a re-run after a crash) and once for another call
        hook.summarize(call);
        hook.summarize(call);
        hook.summarize(ended("call-2", CallStatus.NO_ANSWER, null, null));

        // then the first call counted once
        assertThat(leads.score("lead-1")).isEqualTo(50 + 20 - 5);
    }

    @Test
    void should_keep_the_providers_summary_and_write_one_otherwise() throws Exception {
        // given calls with and without a provider summary
        // when the hook summarizes them
        String kept = hook.summarize(ended("c1", CallStatus.COMPLETED, "User: yes", "Provider says hi")).text();
        String written = hook.summarize(ended("c2", CallStatus.COMPLETED, "User: I am interested", null)).text();
        String busy = hook.summarize(ended("c3", CallStatus.BUSY, null, null)).text();

        // then the provider's is kept and the others come from the rules
        assertThat(kept).isEqualTo("Provider says hi");
        assertThat(written).isEqualTo("Answered and interested; follow up to book a visit.");
        assertThat(busy).isEqualTo("Line busy; retry later today.");
    }

    @Test
    void should_count_only_the_leads_own_words_as_interest() {
        // given transcripts where only the agent, or the lead, talks of interest
        // when interest is detected
        // then the agent's pitch does not count, and a refusal wins
        assertThat(RuleBasedSummaryHook.interested("AI: Are you interested in a visit?\nUser: No.")).isFalse();
        assertThat(RuleBasedSummaryHook.interested("AI: Hi\nUser: Yes, I'm very interested")).isTrue();
        assertThat(RuleBasedSummaryHook.interested("User: I'm interested\nUser: actually, not interested"))
                .isFalse();
        assertThat(RuleBasedSummaryHook.interested(null)).isFalse();
    }
}
