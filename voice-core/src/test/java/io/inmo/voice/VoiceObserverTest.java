package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.VoiceObserver.InitiationResult;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.VoiceObserver.RetryReason;
import io.inmo.voice.VoiceObserver.SummaryResult;
import io.inmo.voice.VoiceObserver.WebhookResult;
import io.inmo.voice.internal.Observers;
import io.inmo.voice.testing.RecordingObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VoiceObserverTest {

    /** Throws on every event and counts how often it was called. */
    private static final class Throwing implements VoiceObserver {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
            calls.incrementAndGet();
            throw new IllegalStateException("observer bug");
        }

        @Override
        public void callEnded(String provider, CallStatus status, Duration callDuration) {
            calls.incrementAndGet();
            throw new IllegalStateException("observer bug");
        }
    }

    private static void everyEvent(VoiceObserver o) {
        o.initiationFinished("fake", InitiationResult.PLACED, Duration.ofMillis(3));
        o.providerRequest("fake", ProviderOperation.CREATE, ProviderOutcome.SUCCESS, 1, Duration.ofMillis(2));
        o.retryWait("fake", Duration.ofSeconds(2), RetryReason.RATE_LIMITED);
        o.webhookFinished("fake", WebhookResult.APPLIED, Duration.ofMillis(1));
        o.callEnded("fake", CallStatus.COMPLETED, Duration.ofSeconds(95));
        o.summaryFinished(SummaryResult.DONE, 1, Duration.ofMillis(4));
        o.reconcileFinished(3, 1, Duration.ofMillis(5));
    }

    @Test
    void should_ignore_every_event_by_default() {
        // given
        VoiceObserver empty = new VoiceObserver() { };

        // when / then
        assertThatCode(() -> everyEvent(empty)).doesNotThrowAnyException();
        assertThatCode(() -> everyEvent(VoiceObserver.noop())).doesNotThrowAnyException();
    }

    @Test
    void should_call_every_observer_of_a_composite_in_order() {
        // given
        List<String> order = new ArrayList<>();
        RecordingObserver first = new RecordingObserver();
        RecordingObserver second = new RecordingObserver();
        VoiceObserver composite = VoiceObserver.composite(first, new VoiceObserver() {
            @Override
            public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
                order.add("middle saw " + first.events("webhook").size());
            }
        }, second);

        // when
        everyEvent(composite);

        // then
        List<String> expected = List.of("initiation fake placed", "request fake create 2xx #1",
                "retry fake 2000ms rate_limited", "webhook fake applied", "ended fake COMPLETED 95s",
                "summary done #1", "reconcile 3 checked 1 changed");
        assertThat(first.events()).containsExactlyElementsOf(expected);
        assertThat(second.events()).containsExactlyElementsOf(expected);
        assertThat(order).containsExactly("middle saw 1");
    }

    @Test
    void should_keep_calling_the_others_when_one_observer_throws() {
        // given
        Throwing throwing = new Throwing();
        RecordingObserver recording = new RecordingObserver();
        VoiceObserver composite = VoiceObserver.composite(throwing, recording);

        // when
        everyEvent(composite);
        everyEvent(composite);

        // then: the failures were swallowed (and logged once), the other observer saw everything
        assertThat(throwing.calls).hasValue(4);
        assertThat(recording.events()).hasSize(14);
    }

    @Test
    void should_swallow_what_a_guarded_observer_throws() {
        // given
        Throwing throwing = new Throwing();
        VoiceObserver guarded = Observers.guard(throwing);

        // when / then
        assertThatCode(() -> everyEvent(guarded)).doesNotThrowAnyException();
        assertThat(throwing.calls).hasValue(2);
        assertThat(Observers.guard(guarded)).isSameAs(guarded);
    }

    @Test
    void should_collapse_trivial_composites() {
        // given
        RecordingObserver only = new RecordingObserver();

        // when / then
        assertThat(VoiceObserver.composite()).isSameAs(VoiceObserver.noop());
        assertThat(VoiceObserver.composite(VoiceObserver.noop(), VoiceObserver.noop())).isSameAs(VoiceObserver.noop());
        assertThat(VoiceObserver.composite(only, VoiceObserver.noop()).toString()).isEqualTo(only.toString());
    }

    @Test
    void should_refuse_a_null_observer_in_a_composite() {
        // when / then
        assertThatThrownBy(() -> VoiceObserver.composite(new RecordingObserver(), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> CallListener.composite((CallListener) null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_give_every_listener_of_a_composite_every_activity_even_when_one_throws() {
        // given
        List<String> seen = new ArrayList<>();
        CallListener composite = CallListener.composite(
                a -> seen.add("first " + a.type()),
                a -> {
                    throw new IllegalStateException("listener bug");
                },
                a -> seen.add("third " + a.type()));
        VoiceCall call = VoiceCall.builder().callId("c-1").leadId("lead-1").brokerId("broker-1").provider("fake")
                .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build();

        // when
        composite.onActivity(new CallActivity(CallActivity.Type.INITIATED, call, CallStatus.INITIATED, null,
                Instant.EPOCH));

        // then
        assertThat(seen).containsExactly("first INITIATED", "third INITIATED");
    }

    @Test
    void should_give_results_lower_case_tag_values_from_fixed_sets() {
        // when
        List<String> values = Stream.of(InitiationResult.values(), ProviderOperation.values(),
                        ProviderOutcome.values(), RetryReason.values(), WebhookResult.values(), SummaryResult.values())
                .flatMap(Arrays::stream)
                .map(VoiceObserverTest::tagValue)
                .toList();

        // then
        assertThat(values).allMatch(v -> v.matches("[a-z0-9_]+"));
        assertThat(Arrays.stream(InitiationResult.values()).map(InitiationResult::tagValue))
                .containsExactly("placed", "unconfirmed", "rejected", "unavailable", "invalid_number", "in_progress");
        assertThat(Arrays.stream(ProviderOutcome.values()).map(ProviderOutcome::tagValue))
                .containsExactly("2xx", "4xx", "429", "5xx", "timeout", "io_error");
        assertThat(Arrays.stream(WebhookResult.values()).map(WebhookResult::tagValue))
                .containsExactly("applied", "duplicate", "ignored", "unknown_call", "unauthorized", "malformed",
                        "too_large", "unknown_provider");
        assertThat(Arrays.stream(SummaryResult.values()).map(SummaryResult::tagValue))
                .containsExactly("done", "failed", "retried");
    }

    @Test
    void should_class_http_statuses_into_outcomes() {
        // when / then
        assertThat(ProviderOutcome.ofStatus(200)).isEqualTo(ProviderOutcome.SUCCESS);
        assertThat(ProviderOutcome.ofStatus(201)).isEqualTo(ProviderOutcome.SUCCESS);
        assertThat(ProviderOutcome.ofStatus(302)).isEqualTo(ProviderOutcome.CLIENT_ERROR);
        assertThat(ProviderOutcome.ofStatus(404)).isEqualTo(ProviderOutcome.CLIENT_ERROR);
        assertThat(ProviderOutcome.ofStatus(429)).isEqualTo(ProviderOutcome.RATE_LIMITED);
        assertThat(ProviderOutcome.ofStatus(503)).isEqualTo(ProviderOutcome.SERVER_ERROR);
    }

    @Test
    void should_map_initiation_failures_to_results() {
        // when / then
        assertThat(Observers.initiationResult(new InvalidPhoneNumberException("bad number")))
                .isEqualTo(InitiationResult.INVALID_NUMBER);
        assertThat(Observers.initiationResult(new CallInProgressException("lead-1", "c-1")))
                .isEqualTo(InitiationResult.IN_PROGRESS);
        assertThat(Observers.initiationResult(new ProviderUnavailableException("fake", "down")))
                .isEqualTo(InitiationResult.UNAVAILABLE);
        assertThat(Observers.initiationResult(new CallOutcomeUnknownException("fake", "lost", null)))
                .isEqualTo(InitiationResult.UNCONFIRMED);
        assertThat(Observers.initiationResult(new ProviderRejectedException("fake", 422, "no")))
                .isEqualTo(InitiationResult.REJECTED);
        assertThat(Observers.initiationResult(new IllegalStateException("repository down")))
                .isEqualTo(InitiationResult.UNAVAILABLE);
    }

    private static String tagValue(Enum<?> e) {
        try {
            return (String) e.getClass().getMethod("tagValue").invoke(e);
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError(ex);
        }
    }
}
