package io.inmo.voice.bland;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision table of docs/providers/bland.md §3, one line per row and variant; NULL stands for an absent field. */
class BlandOutcomesTest {

    @ParameterizedTest(name = "[{index}] status={0} answered_by={1} queue_status={2} error={3} tag={4} completed={5} -> {6}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            # row 1: canceled
            canceled   | NULL      | complete        | NULL                                                   | NULL     | true  | CANCELED
            cancelled  | NULL      | NULL            | NULL                                                   | CANCELED | true  | CANCELED
            CANCELED   | human     | complete        | NULL                                                   | NULL     | true  | CANCELED
            # row 2: busy by status, by disposition tag, by error message
            busy       | NULL      | complete        | Call failed. The number you dialed is busy. Please try again later. | BUSY | true | BUSY
            failed     | NULL      | call_error      | Call failed. The number you dialed is busy. Please try again later. | NULL | true | BUSY
            completed  | NULL      | complete        | NULL                                                   | BUSY     | true  | BUSY
            # row 3: no answer by status, by answered_by, by tag, spelling variants
            no-answer  | no-answer | complete        | NULL                                                   | NO_ANSWER | true | NO_ANSWER
            no_answer  | NULL      | complete        | NULL                                                   | NULL     | true  | NO_ANSWER
            completed  | no-answer | complete        | NULL                                                   | NULL     | true  | NO_ANSWER
            NULL       | NULL      | complete        | NULL                                                   | NO_ANSWER | true | NO_ANSWER
            # row 4: failed by status or by queue error; error_message is the reason
            failed     | NULL      | call_error      | Call failed. The number you dialed is not found.       | FAILED   | true  | FAILED
            failed     | NULL      | NULL            | NULL                                                   | NULL     | NULL  | FAILED
            NULL       | NULL      | call_error      | Call failed.                                           | NULL     | NULL  | FAILED
            NULL       | NULL      | queue_error     | A database error occurred. Please contact support.     | NULL     | true  | FAILED
            NULL       | NULL      | pre_queue_error | Unable to start call.                                  | NULL     | true  | FAILED
            # row 5: completed + voicemail
            completed  | voicemail | complete        | NULL                                                   | NO_CONTACT_MADE | true | VOICEMAIL
            COMPLETED  | VOICEMAIL | completed       | NULL                                                   | NULL     | true  | VOICEMAIL
            # row 6: completed + human / unknown / absent (a non-null error_message alone is not a failure)
            completed  | human     | complete        | NULL                                                   | consult_booked | true | COMPLETED
            completed  | unknown   | complete        | NULL                                                   | NULL     | true  | COMPLETED
            completed  | NULL      | complete        | NULL                                                   | NO_CONTACT_MADE | true | COMPLETED
            completed  | human     | complete_error  | Account not allowed to call +15555550142               | NULL     | true  | COMPLETED
            # row 7: not finished (should not appear in a post-call webhook; Call Details may show it)
            NULL       | NULL      | queued          | NULL                                                   | NULL     | false | QUEUED
            NULL       | NULL      | new             | NULL                                                   | NULL     | NULL  | QUEUED
            NULL       | NULL      | allocated       | NULL                                                   | NULL     | false | QUEUED
            NULL       | NULL      | started         | NULL                                                   | NULL     | false | IN_PROGRESS
            NULL       | NULL      | started         | NULL                                                   | NULL     | NULL  | IN_PROGRESS
            NULL       | NULL      | NULL            | NULL                                                   | NULL     | false | IN_PROGRESS
            # row 8: anything else is UNKNOWN (raw kept by the caller), never an exception
            unknown    | NULL      | complete        | NULL                                                   | NULL     | true  | UNKNOWN
            completed  | machine   | complete        | NULL                                                   | NULL     | true  | UNKNOWN
            NULL       | NULL      | complete_error  | NULL                                                   | NULL     | true  | UNKNOWN
            NULL       | NULL      | NULL            | NULL                                                   | NULL     | NULL  | UNKNOWN
            something  | sometimes | weird           | whatever                                               | ODD      | true  | UNKNOWN
            NULL       | NULL      | started         | NULL                                                   | NULL     | true  | UNKNOWN
            """)
    void should_classify_every_row_of_the_decision_table(String status, String answeredBy, String queueStatus,
                                                         String errorMessage, String dispositionTag, Boolean completed,
                                                         CallStatus expected) {
        // given the raw Bland fields (above)
        // when
        CallStatus actual = BlandOutcomes.classify(status, answeredBy, queueStatus, errorMessage, dispositionTag,
                completed);
        // then
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            Call enqueued                         | QUEUED
            Call queued                           | QUEUED
            Call is ringing                       | RINGING
            Ringing                               | RINGING
            Call connected                        | IN_PROGRESS
            call answered                         | IN_PROGRESS
            Call disconnected                     | NULL
            Call not connected                    | NULL
            Call failed to connect                | NULL
            Agent speech: you are connected now   | NULL
            Handling user speech: it is ringing   | NULL
            Sending first sentence: Hi, is this Dana? | NULL
            TTS: 218ms                            | NULL
            Webhook Response: 200 | NULL
            NULL                                  | NULL
            """)
    void should_read_only_status_lines_from_the_event_stream(String message, CallStatus expected) {
        // given a webhook_events message
        // when
        CallStatus actual = BlandOutcomes.streamStatus(message);
        // then
        assertThat(actual).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void should_keep_the_raw_combination_as_reason() {
        // given / when
        String reason = BlandOutcomes.rawCombination("completed", "human", "complete", null);
        // then
        assertThat(reason).isEqualTo("status=completed, answered_by=human, queue_status=complete");
        assertThat(BlandOutcomes.rawCombination(null, null, null, null)).isNull();
    }
}
