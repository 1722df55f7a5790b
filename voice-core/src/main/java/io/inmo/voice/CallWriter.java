package io.inmo.voice;

import io.inmo.voice.CallStateMachine.Transition;
import io.inmo.voice.spi.CallRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a stored call changes: a compare-and-set loop on {@link VoiceCall#version()} that re-reads and
 * re-applies a change until it is stored or no longer applies, then tells the {@link CallListener} (shielded:
 * a throwing listener never affects the call) and schedules the summary when the change made it due.
 *
 * <p>Every step that changes a call (initiation outcomes, webhooks, reconciliation, summary claims and results)
 * goes through {@link #update}, so concurrent steps on one call never lose an update (rule 3 in
 * docs/architecture.md).
 */
final class CallWriter {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);
    private static final int MAX_CAS_ATTEMPTS = 1_000;

    /** A change to one call, computed from the call as stored. */
    @FunctionalInterface
    interface Change {
        /**
         * @param current the call as stored now
         * @param now the service clock's time
         * @return the call to store (version + 1, {@code updatedAt} now) and what to report, or
         *         {@link Transition#NONE} to leave the call as it is
         */
        Transition apply(VoiceCall current, Instant now);
    }

    /**
     * @param call the call as stored after the update
     * @param changed whether this update stored it ({@code false}: the change no longer applied)
     */
    record Result(VoiceCall call, boolean changed) {
    }

    private final CallRepository repository;
    private final Clock clock;
    private final CallListener listener;
    private final Consumer<String> summaryDue;
    private final VoiceObserver observer;

    /**
     * @param summaryDue called with the call id when a stored change made the call's summary due
     * @param observer told when a stored change ends a call (guarded: it never throws)
     */
    CallWriter(CallRepository repository, Clock clock, CallListener listener, Consumer<String> summaryDue,
               VoiceObserver observer) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.summaryDue = Objects.requireNonNull(summaryDue, "summaryDue");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Applies a change to the stored call, starting from a fresh read.
     *
     * @throws IllegalStateException when the call is not stored, or changed more than a thousand times under us
     */
    Result update(String callId, Change change) {
        return update(reread(callId), change);
    }

    /** Applies a change starting from {@code current} as read by the caller (re-read when it is stale). */
    Result update(VoiceCall current, Change change) {
        VoiceCall call = current;
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            Transition t = change.apply(call, clock.instant());
            if (!t.changes()) {
                return new Result(call, false);
            }
            if (repository.compareAndSet(call.version(), t.updated())) {
                if (t.updated().isTerminal() && !call.isTerminal()) {
                    // Here, where every change is stored, each call is counted as ended exactly once.
                    observer.callEnded(t.updated().provider(), t.updated().status(), t.updated().duration());
                }
                t.activities().forEach(this::report);
                if (t.updated().summaryState() == SummaryState.PENDING && call.summaryState() != SummaryState.PENDING) {
                    summaryDue.accept(t.updated().callId());
                }
                return new Result(t.updated(), true);
            }
            call = reread(call.callId());
        }
        throw new IllegalStateException("call " + call.callId() + " kept changing; gave up updating it");
    }

    /**
     * Applies what was learned about a call through the {@link CallStateMachine}.
     *
     * @return the call afterwards (unchanged for duplicate and late observations)
     */
    VoiceCall observe(VoiceCall call, CallObservation observation) {
        return apply(call, observation).call();
    }

    /**
     * Applies what was learned about a call through the {@link CallStateMachine}.
     *
     * @return the call afterwards, and whether this observation changed it
     */
    Result apply(VoiceCall call, CallObservation observation) {
        Result result = update(call, (current, now) -> CallStateMachine.apply(current, observation, now));
        if (!result.changed()) {
            log.debug("{} {} changes nothing (status {}, observed {})", observation.kind(), observation.source(),
                    result.call().status(), observation.status());
            return result;
        }
        VoiceCall after = result.call();
        log.info("call {} -> {} ({} {})", call.status(), after.status(), observation.kind(), observation.source());
        if (after.status() == CallStatus.FAILED && call.status() != CallStatus.FAILED) {
            log.warn("call {} failed: {}", after.callId(), after.providerReason());
        }
        return result;
    }

    /**
     * A change that is not a state machine step: {@code next} stored with the next version at {@code now}.
     *
     * @param report what to tell the listener about the stored call, given the call before and after
     */
    static Transition transition(VoiceCall current, VoiceCall.Builder next, Instant now,
                                 BiFunction<VoiceCall, VoiceCall, List<CallActivity>> report) {
        VoiceCall updated = next.version(current.version() + 1).updatedAt(now).build();
        return new Transition(updated, report.apply(current, updated));
    }

    /** Tells the listener; a listener that throws is logged and never affects the call. */
    void report(CallActivity activity) {
        try {
            listener.onActivity(activity);
        } catch (RuntimeException e) {
            FailureLog.tolerated(log, "CallListener failed on " + activity.type() + " of call "
                    + activity.call().callId() + "; the call is unaffected", e);
        }
    }

    private VoiceCall reread(String callId) {
        return repository.findById(callId)
                .orElseThrow(() -> new IllegalStateException("call " + callId + " disappeared from the repository"));
    }
}
