package io.inmo.voice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward-only status rules (docs/architecture.md, rule 3), as a pure function of the stored call and one
 * {@link CallObservation} (from a webhook or from reconciliation). No I/O, no clock of its own: the
 * {@link CallWriter} stores the result with compare-and-set and re-applies the observation to the fresh call
 * when another update won the race.
 */
final class CallStateMachine {

    /** How every provider adapter labels the customer's turns in a transcript. */
    private static final String CUSTOMER_LABEL = "User:";

    private CallStateMachine() {
    }

    /**
     * What an event does to a call.
     *
     * @param updated the call to store (version + 1), or {@code null} when the event changes nothing
     * @param activities what to report once stored, in order
     */
    record Transition(VoiceCall updated, List<CallActivity> activities) {
        static final Transition NONE = new Transition(null, List.of());

        Transition {
            activities = List.copyOf(activities);
        }

        boolean changes() {
            return updated != null;
        }
    }

    /**
     * @param current the stored call
     * @param event what was learned about it, already matched to the call
     * @param now the service clock's time
     * @return the transition
     */
    static Transition apply(VoiceCall current, CallObservation event, Instant now) {
        return event.kind() == CallObservation.Kind.ENDED ? callEnded(current, event, now)
                : statusUpdate(current, event, now);
    }

    /**
     * Rank in the forward-only order: INITIATED &lt; QUEUED &lt; RINGING &lt; IN_PROGRESS &lt; every outcome.
     * UNKNOWN ranks below everything so that it never moves a call.
     */
    static int rank(CallStatus status) {
        switch (status) {
            case UNKNOWN:
                return -1;
            case INITIATED:
                return 0;
            case QUEUED:
                return 1;
            case RINGING:
                return 2;
            case IN_PROGRESS:
                return 3;
            default:
                return 4;
        }
    }

    private static Transition statusUpdate(VoiceCall current, CallObservation event, Instant now) {
        if (current.isTerminal() || rank(event.status()) <= rank(current.status())) {
            return Transition.NONE; // duplicate, late or unmappable: statuses never move back
        }
        VoiceCall.Builder next = advance(current, event, now).status(event.status());
        if (event.status().isTerminal()) {
            next.endedAt(endedAt(current, event, now));
            if (event.providerReason() != null) {
                next.providerReason(event.providerReason());
            }
        }
        VoiceCall updated = next.build();
        return new Transition(updated, List.of(activity(CallActivity.Type.STATUS_CHANGED, updated, current,
                event.providerReason(), now)));
    }

    /**
     * The end-of-call report is applied once (its summary state leaves NONE in the same update). A call
     * already in an outcome keeps it; otherwise the report's outcome wins, and an outcome the provider
     * could not map is decided from the report's own evidence ({@link #showsConversation}): COMPLETED when it
     * shows that someone talked, FAILED when not. Never from the stored status: whether the in-progress update
     * arrived before the report must not change the outcome (rule 4 in docs/architecture.md).
     */
    private static Transition callEnded(VoiceCall current, CallObservation event, Instant now) {
        if (current.summaryState() != SummaryState.NONE) {
            return Transition.NONE; // the report was already applied
        }
        CallStatus outcome = current.isTerminal() ? current.status()
                : event.status().isTerminal() ? event.status()
                : showsConversation(event) ? CallStatus.COMPLETED
                : CallStatus.FAILED;
        VoiceCall.Builder next = advance(current, event, now)
                .status(outcome)
                .endedAt(endedAt(current, event, now))
                .summaryState(SummaryState.PENDING);
        if (event.providerReason() != null) {
            next.providerReason(event.providerReason());
        }
        if (event.transcript() != null) {
            next.transcript(event.transcript());
        }
        if (event.recordingUrl() != null) {
            next.recordingUrl(event.recordingUrl());
        }
        if (event.duration() != null) {
            next.duration(event.duration());
        }
        if (event.cost() != null) {
            next.cost(event.cost());
        }
        if (event.summary() != null) {
            next.summary(event.summary());
        }
        VoiceCall updated = next.build();
        List<CallActivity> activities = new ArrayList<>(2);
        if (outcome != current.status()) {
            activities.add(activity(CallActivity.Type.STATUS_CHANGED, updated, current, event.providerReason(), now));
        }
        activities.add(activity(CallActivity.Type.CALL_ENDED, updated, current, event.providerReason(), now));
        return new Transition(updated, activities);
    }

    /**
     * Whether an end report itself shows a conversation: a positive duration (providers compute it from the
     * answer time), or a transcript with a line the customer spoke ({@code User: ...}, the label every provider
     * adapter gives the callee).
     */
    static boolean showsConversation(CallObservation report) {
        Duration duration = report.duration();
        if (duration != null && !duration.isZero() && !duration.isNegative()) {
            return true;
        }
        String transcript = report.transcript();
        if (transcript == null) {
            return false;
        }
        int from = 0;
        while (from < transcript.length()) {
            int end = transcript.indexOf('\n', from);
            if (end < 0) {
                end = transcript.length();
            }
            if (transcript.startsWith(CUSTOMER_LABEL, from)
                    && !transcript.substring(from + CUSTOMER_LABEL.length(), end).isBlank()) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    /** The parts every stored change shares: version, time, and what the event tells us about a placed call. */
    private static VoiceCall.Builder advance(VoiceCall current, CallObservation event, Instant now) {
        VoiceCall.Builder next = current.toBuilder().version(current.version() + 1).updatedAt(now);
        if (current.externalCallId() == null && event.externalCallId() != null) {
            next.externalCallId(event.externalCallId());
        }
        // An event naming the provider's call proves the call was placed: an unconfirmed initiation is settled.
        return event.externalCallId() != null ? next.unconfirmed(false) : next;
    }

    private static Instant endedAt(VoiceCall current, CallObservation event, Instant now) {
        if (current.endedAt() != null) {
            return current.endedAt();
        }
        return event.occurredAt() != null ? event.occurredAt() : now;
    }

    private static CallActivity activity(CallActivity.Type type, VoiceCall updated, VoiceCall before, String detail,
                                         Instant now) {
        return new CallActivity(type, updated, before.status(), detail, now);
    }
}
