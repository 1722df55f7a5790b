package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStateMachine.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every stored status against every observation (a status change or an end report, with every status) in two
 * tables: the status the call ends up in, or {@code -} when the observation changes nothing.
 */
class CallStateMachineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:05:00Z");
    private static final Instant CREATED = Instant.parse("2026-11-27T10:00:00Z");

    private static final Map<String, CallStatus> CODES = Map.ofEntries(
            Map.entry("INI", CallStatus.INITIATED), Map.entry("QUE", CallStatus.QUEUED),
            Map.entry("RIN", CallStatus.RINGING), Map.entry("INP", CallStatus.IN_PROGRESS),
            Map.entry("COM", CallStatus.COMPLETED), Map.entry("NOA", CallStatus.NO_ANSWER),
            Map.entry("BUS", CallStatus.BUSY), Map.entry("VOI", CallStatus.VOICEMAIL),
            Map.entry("FAI", CallStatus.FAILED), Map.entry("CAN", CallStatus.CANCELED),
            Map.entry("UNK", CallStatus.UNKNOWN));

    /** Rows: the stored status. Columns: the status a status change reports. Forward only; outcomes absorb. */
    private static final String STATUS_CHANGES = """
                  INI QUE RIN INP COM NOA BUS VOI FAI CAN UNK
            INI    -  QUE RIN INP COM NOA BUS VOI FAI CAN  -
            QUE    -   -  RIN INP COM NOA BUS VOI FAI CAN  -
            RIN    -   -   -  INP COM NOA BUS VOI FAI CAN  -
            INP    -   -   -   -  COM NOA BUS VOI FAI CAN  -
            COM    -   -   -   -   -   -   -   -   -   -   -
            NOA    -   -   -   -   -   -   -   -   -   -   -
            BUS    -   -   -   -   -   -   -   -   -   -   -
            VOI    -   -   -   -   -   -   -   -   -   -   -
            FAI    -   -   -   -   -   -   -   -   -   -   -
            CAN    -   -   -   -   -   -   -   -   -   -   -
            """;

    /**
     * Rows: the stored status. Columns: the status an end report carries. A stored outcome stays; a reported
     * outcome wins over a live status; anything else is decided from the report's own evidence, never from the
     * stored status: this report has 42 s of talk time, so COMPLETED.
     */
    private static final String END_REPORTS = """
                  INI QUE RIN INP COM NOA BUS VOI FAI CAN UNK
            INI   COM COM COM COM COM NOA BUS VOI FAI CAN COM
            QUE   COM COM COM COM COM NOA BUS VOI FAI CAN COM
            RIN   COM COM COM COM COM NOA BUS VOI FAI CAN COM
            INP   COM COM COM COM COM NOA BUS VOI FAI CAN COM
            COM   COM COM COM COM COM COM COM COM COM COM COM
            NOA   NOA NOA NOA NOA NOA NOA NOA NOA NOA NOA NOA
            BUS   BUS BUS BUS BUS BUS BUS BUS BUS BUS BUS BUS
            VOI   VOI VOI VOI VOI VOI VOI VOI VOI VOI VOI VOI
            FAI   FAI FAI FAI FAI FAI FAI FAI FAI FAI FAI FAI
            CAN   CAN CAN CAN CAN CAN CAN CAN CAN CAN CAN CAN
            """;

    /** The same, for a report without evidence of a conversation (no talk time, no customer words): FAILED. */
    private static final String END_REPORTS_WITHOUT_EVIDENCE = """
                  INI QUE RIN INP COM NOA BUS VOI FAI CAN UNK
            INI   FAI FAI FAI FAI COM NOA BUS VOI FAI CAN FAI
            QUE   FAI FAI FAI FAI COM NOA BUS VOI FAI CAN FAI
            RIN   FAI FAI FAI FAI COM NOA BUS VOI FAI CAN FAI
            INP   FAI FAI FAI FAI COM NOA BUS VOI FAI CAN FAI
            COM   COM COM COM COM COM COM COM COM COM COM COM
            NOA   NOA NOA NOA NOA NOA NOA NOA NOA NOA NOA NOA
            BUS   BUS BUS BUS BUS BUS BUS BUS BUS BUS BUS BUS
            VOI   VOI VOI VOI VOI VOI VOI VOI VOI VOI VOI VOI
            FAI   FAI FAI FAI FAI FAI FAI FAI FAI FAI FAI FAI
            CAN   CAN CAN CAN CAN CAN CAN CAN CAN CAN CAN CAN
            """;

    static Stream<Arguments> endReportsWithoutEvidence() {
        return cells(END_REPORTS_WITHOUT_EVIDENCE);
    }

    @ParameterizedTest(name = "stored {0}, end report with {1} and no evidence -> {2}")
    @MethodSource("endReportsWithoutEvidence")
    void should_decide_an_unmapped_end_report_without_evidence_as_failed_whatever_was_stored(CallStatus stored,
                                                                                            CallStatus reported,
                                                                                            CallStatus expected) {
        // given a report with no talk time and only the agent speaking
        VoiceCall call = stored(stored, SummaryState.NONE);
        CallObservation report = new CallObservation(CallObservation.Kind.ENDED, "test", "ext-1", reported, "reason",
                NOW.minusSeconds(5), Duration.ZERO, "AI: hello?\nUser:  ", null, null, null);

        // when
        Transition t = CallStateMachine.apply(call, report, NOW);

        // then
        assertThat(t.updated().status()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AI: Hi\nUser: yes, tell me", "User: hola", "AI: Hi\nUser: ok\nAI: bye"})
    void should_count_the_customers_words_as_evidence_of_a_conversation(String transcript) {
        // given
        CallObservation report = new CallObservation(CallObservation.Kind.ENDED, "test", "ext-1", CallStatus.UNKNOWN,
                null, null, null, transcript, null, null, null);

        // when / then
        assertThat(CallStateMachine.showsConversation(report)).isTrue();
        assertThat(CallStateMachine.showsConversation(new CallObservation(CallObservation.Kind.ENDED, "test",
                "ext-1", CallStatus.UNKNOWN, null, null, null, "AI: " + transcript, null, null, null)))
                .as("only the agent spoke").isEqualTo(transcript.contains("\nUser: "));
    }

    static Stream<Arguments> statusChanges() {
        return cells(STATUS_CHANGES);
    }

    static Stream<Arguments> endReports() {
        return cells(END_REPORTS);
    }

    @ParameterizedTest(name = "stored {0}, status change to {1} -> {2}")
    @MethodSource("statusChanges")
    void should_move_a_stored_status_only_forward_on_a_status_change(CallStatus stored, CallStatus reported,
                                                                        CallStatus expected) {
        // given
        VoiceCall call = stored(stored, SummaryState.NONE);
        CallObservation change = observation(CallObservation.Kind.STATUS, reported);

        // when
        Transition t = CallStateMachine.apply(call, change, NOW);

        // then
        if (expected == null) {
            assertThat(t.changes()).isFalse();
            assertThat(t.activities()).isEmpty();
            return;
        }
        VoiceCall after = t.updated();
        assertThat(after.status()).isEqualTo(expected);
        assertThat(after.version()).isEqualTo(call.version() + 1);
        assertThat(after.updatedAt()).isEqualTo(NOW);
        assertThat(after.externalCallId()).isEqualTo("ext-1");
        assertThat(after.summaryState()).isEqualTo(SummaryState.NONE);
        assertThat(after.endedAt()).isEqualTo(expected.isTerminal() ? NOW.minusSeconds(5) : null);
        assertThat(after.providerReason()).isEqualTo(expected.isTerminal() ? "reason" : null);
        assertThat(t.activities()).extracting(CallActivity::type).containsExactly(CallActivity.Type.STATUS_CHANGED);
        assertThat(t.activities().get(0).previousStatus()).isEqualTo(stored);
    }

    @ParameterizedTest(name = "stored {0}, end report with {1} -> {2}")
    @MethodSource("endReports")
    void should_end_a_call_once_with_its_report_whatever_status_it_was_stored_in(CallStatus stored,
                                                                                 CallStatus reported,
                                                                                 CallStatus expected) {
        // given
        VoiceCall call = stored(stored, SummaryState.NONE);
        CallObservation report = observation(CallObservation.Kind.ENDED, reported);

        // when
        Transition t = CallStateMachine.apply(call, report, NOW);

        // then the outcome is as in the table, the report's details are stored and the summary is due
        VoiceCall after = t.updated();
        assertThat(after.status()).isEqualTo(expected);
        assertThat(after.summaryState()).isEqualTo(SummaryState.PENDING);
        assertThat(after.version()).isEqualTo(call.version() + 1);
        assertThat(after.transcript()).isEqualTo("Agent: hola");
        assertThat(after.duration()).isEqualTo(Duration.ofSeconds(42));
        assertThat(after.recordingUrl()).isEqualTo("https://rec.example/1.mp3");
        assertThat(after.providerReason()).isEqualTo("reason");
        assertThat(after.endedAt()).isEqualTo(stored.isTerminal() ? call.endedAt() : NOW.minusSeconds(5));
        List<CallActivity.Type> expectedActivities = new ArrayList<>();
        if (expected != stored) {
            expectedActivities.add(CallActivity.Type.STATUS_CHANGED);
        }
        expectedActivities.add(CallActivity.Type.CALL_ENDED);
        assertThat(t.activities()).extracting(CallActivity::type).containsExactlyElementsOf(expectedActivities);
    }

    @ParameterizedTest(name = "stored {0}: a second end report changes nothing")
    @EnumSource(value = CallStatus.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void should_ignore_an_end_report_once_one_was_applied(CallStatus stored) {
        for (SummaryState state : List.of(SummaryState.PENDING, SummaryState.RUNNING, SummaryState.DONE,
                SummaryState.FAILED)) {
            for (CallStatus reported : CallStatus.values()) {
                // given
                VoiceCall call = stored(stored, state);

                // when
                Transition t = CallStateMachine.apply(call, observation(CallObservation.Kind.ENDED, reported), NOW);

                // then
                assertThat(t.changes()).as("%s %s, report %s", stored, state, reported).isFalse();
            }
        }
    }

    @Test
    void should_adopt_the_providers_call_id_and_settle_an_unconfirmed_call() {
        // given an unconfirmed call without the provider's id
        VoiceCall call = stored(CallStatus.INITIATED, SummaryState.NONE).toBuilder().externalCallId(null)
                .unconfirmed(true).build();

        // when
        Transition t = CallStateMachine.apply(call, new CallObservation(CallObservation.Kind.STATUS, "test",
                "ext-9", CallStatus.RINGING, null, null, null, null, null, null, null), NOW);

        // then
        assertThat(t.updated().externalCallId()).isEqualTo("ext-9");
        assertThat(t.updated().unconfirmed()).isFalse();
        assertThat(t.updated().status()).isEqualTo(CallStatus.RINGING);
    }

    private static VoiceCall stored(CallStatus status, SummaryState summaryState) {
        return VoiceCall.builder().callId("call-1").leadId("lead-1").brokerId("broker-1").provider("fake")
                .externalCallId("ext-1").status(status).summaryState(summaryState).createdAt(CREATED)
                .updatedAt(CREATED).endedAt(status.isTerminal() ? CREATED.plusSeconds(1) : null).version(3)
                .build();
    }

    private static CallObservation observation(CallObservation.Kind kind, CallStatus status) {
        return new CallObservation(kind, "test", "ext-1", status, "reason", NOW.minusSeconds(5),
                Duration.ofSeconds(42), "Agent: hola", null, "https://rec.example/1.mp3", null);
    }

    private static Stream<Arguments> cells(String table) {
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        List<CallStatus> columns = Arrays.stream(lines.get(0).trim().split("\\s+")).map(CODES::get).toList();
        assertThat(columns).containsExactlyInAnyOrder(CallStatus.values());
        List<Arguments> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.trim().split("\\s+");
            assertThat(row).hasSize(columns.size() + 1);
            for (int i = 0; i < columns.size(); i++) {
                String cell = row[i + 1];
                cells.add(Arguments.of(CODES.get(row[0]), columns.get(i), cell.equals("-") ? null : CODES.get(cell)));
            }
        }
        List<CallStatus> rows = cells.stream().map(a -> (CallStatus) a.get()[0]).distinct().toList();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(Arrays.stream(CallStatus.values())
                .filter(s -> s != CallStatus.UNKNOWN).collect(Collectors.toList()));
        return cells.stream();
    }
}
