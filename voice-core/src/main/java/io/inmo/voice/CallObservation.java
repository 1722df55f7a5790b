package io.inmo.voice;

import io.inmo.voice.webhook.WebhookEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the SDK learned about a call, from wherever it learned it: a provider webhook, the provider's answer to
 * a lookup during reconciliation, or reconciliation's own conclusion. The {@link CallStateMachine}'s only input,
 * so the forward-only rules are the same whatever the source, and reconciliation never has to pretend it
 * received a webhook. Absent values are {@code null}.
 *
 * @param kind a status change, or the end-of-call report (outcome plus what was recorded)
 * @param source where it came from, for log lines (a webhook's event id, {@code "reconcile"})
 * @param externalCallId the provider's call id, or {@code null} when not known
 * @param status the mapped status ({@link CallStatus#UNKNOWN} when the provider's value could not be mapped)
 * @param providerReason the provider's raw reason, verbatim, or why reconciliation decided what it did
 * @param occurredAt when it happened according to the provider
 * @param duration talk time
 * @param transcript plain text, one {@code Speaker: text} line per turn
 * @param summary the provider's own summary
 * @param recordingUrl recording URL
 * @param cost cost in USD
 */
record CallObservation(Kind kind, String source, String externalCallId, CallStatus status, String providerReason,
                       Instant occurredAt, Duration duration, String transcript, String summary,
                       String recordingUrl, BigDecimal cost) {

    /** The two things that can be learned about a call. */
    enum Kind {
        /** The call's status moved (or is claimed to have moved). */
        STATUS,
        /** The call is over and this is everything known about it: the summary becomes due. */
        ENDED
    }

    static final String RECONCILE = "reconcile";

    CallObservation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
    }

    /**
     * @param event a normalized webhook
     * @return what it tells, or empty for an {@link WebhookEvent.Type#IGNORED} event
     */
    static Optional<CallObservation> of(WebhookEvent event) {
        Kind kind;
        switch (event.type()) {
            case STATUS_UPDATE:
                kind = Kind.STATUS;
                break;
            case CALL_ENDED:
                kind = Kind.ENDED;
                break;
            default:
                return Optional.empty();
        }
        return Optional.of(new CallObservation(kind, event.eventId(), event.externalCallId(), event.status(),
                event.providerReason(), event.occurredAt(), event.duration(), event.transcript(), event.summary(),
                event.recordingUrl(), event.cost()));
    }

    /**
     * @param snapshot the call as its provider reports it when asked
     * @return an end report when the provider says the call is over, a status change otherwise
     */
    static CallObservation of(CallSnapshot snapshot) {
        if (!snapshot.status().isTerminal()) {
            return status(snapshot.externalCallId(), snapshot.status(), snapshot.providerReason());
        }
        return report(snapshot);
    }

    /**
     * @param snapshot a call the provider listed as carrying our call id: it was placed, so it is at least
     *        {@code QUEUED} even when the provider's status says less or could not be mapped
     * @return what {@link #of(CallSnapshot)} makes of it, with that floor, so its id is always adopted
     */
    static CallObservation placed(CallSnapshot snapshot) {
        CallObservation seen = of(snapshot);
        if (seen.kind() == Kind.STATUS
                && CallStateMachine.rank(seen.status()) < CallStateMachine.rank(CallStatus.QUEUED)) {
            return status(snapshot.externalCallId(), CallStatus.QUEUED, snapshot.providerReason());
        }
        return seen;
    }

    /**
     * @param snapshot the call as its provider reports it, read because its end report never came
     * @return the end report it stands for, whatever status the provider gives (a stored outcome is kept)
     */
    static CallObservation report(CallSnapshot snapshot) {
        return new CallObservation(Kind.ENDED, RECONCILE, snapshot.externalCallId(), snapshot.status(),
                snapshot.providerReason(), snapshot.endedAt(), snapshot.duration(), snapshot.transcript(),
                snapshot.summary(), snapshot.recordingUrl(), snapshot.cost());
    }

    /**
     * @param externalCallId the provider's call id, or {@code null}
     * @param status the status reconciliation established
     * @param reason why, kept as the call's reason when the status is an outcome
     * @return a status change found by reconciliation
     */
    static CallObservation status(String externalCallId, CallStatus status, String reason) {
        return new CallObservation(Kind.STATUS, RECONCILE, externalCallId, status, reason, null, null, null, null,
                null, null);
    }

    /**
     * @return the end of a call whose outcome is already stored but whose report never came and whose provider
     *         has nothing more to tell: the summary runs with what is known
     */
    static CallObservation endedWithWhatIsKnown() {
        return new CallObservation(Kind.ENDED, RECONCILE, null, CallStatus.UNKNOWN, null, null, null, null, null,
                null, null);
    }
}
