package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

class FailureLogTest {

    private static final String PHONE = "+34600111222";

    private final Queue<SubstituteLoggingEvent> events = new ArrayDeque<>();
    private final EventRecordingLogger log =
            new EventRecordingLogger(new SubstituteLogger("test", events, false), events);

    @Test
    void should_log_a_provider_refusal_as_one_warn_line_without_stack_trace_and_with_the_number_masked() {
        // given a provider's 4xx refusal quoting the dialed number
        VoiceException refused = new ProviderRejectedException("vapi", 400, "number 34600111222 is blocked");

        // when
        FailureLog.failed(log, "call to ********1222 could not be placed", refused, PHONE);

        // then
        assertThat(events).hasSize(1);
        SubstituteLoggingEvent event = events.peek();
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getThrowable()).isNull();
        String line = text(event);
        assertThat(line).startsWith("call to ********1222 could not be placed: ProviderRejectedException: ")
                .doesNotContain("34600111222").doesNotContain("\n");
    }

    @Test
    void should_log_an_unavailable_provider_as_warn_without_stack_trace() {
        // given
        VoiceException unavailable = new ProviderUnavailableException("bland", "HTTP 503", null);

        // when
        FailureLog.failed(log, "call could not be placed", unavailable, PHONE);

        // then
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getThrowable()).isNull();
        });
    }

    @Test
    void should_keep_the_stack_trace_at_error_for_an_unexpected_exception() {
        // given a bug, not a provider answer
        IllegalStateException bug = new IllegalStateException("repository returned no row for +34600111222");

        // when
        FailureLog.failed(log, "call could not be placed", bug, PHONE);

        // then
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getThrowable()).isSameAs(bug);
            assertThat(text(event)).contains("java.lang.IllegalStateException").doesNotContain(PHONE);
        });
    }

    @Test
    void should_log_a_tolerated_failure_at_warn_with_the_stack_trace_only_when_unexpected() {
        // given a listener whose store is down, and a listener with a bug
        VoiceException storeDown = new StoreUnavailableException("call store: could not store INITIATED", null);
        IllegalStateException bug = new IllegalStateException("activity log is down");

        // when
        FailureLog.tolerated(log, "CallListener failed; the call is unaffected", storeDown);
        FailureLog.tolerated(log, "CallListener failed; the call is unaffected", bug);

        // then
        SubstituteLoggingEvent expected = events.poll();
        SubstituteLoggingEvent unexpected = events.poll();
        assertThat(expected.getLevel()).isEqualTo(Level.WARN);
        assertThat(expected.getThrowable()).isNull();
        assertThat(text(expected)).contains("StoreUnavailableException: call store: could not store INITIATED");
        assertThat(unexpected.getLevel()).isEqualTo(Level.WARN);
        assertThat(unexpected.getThrowable()).isSameAs(bug);
    }

    private static String text(SubstituteLoggingEvent event) {
        return MessageFormatter.arrayFormat(event.getMessage(), event.getArgumentArray()).getMessage();
    }
}
