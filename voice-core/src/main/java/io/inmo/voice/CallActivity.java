package io.inmo.voice;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a call's life, reported to the {@link CallListener} so the host can record it on the lead's
 * activity timeline.
 *
 * @param type what happened
 * @param call the call after the step
 * @param previousStatus the status before the step (equal to the current one when it did not change)
 * @param detail a human-readable detail (the provider reason, the error), or {@code null}
 * @param at when it happened (service clock)
 */
public record CallActivity(Type type, VoiceCall call, CallStatus previousStatus, String detail, Instant at) {

    /** Kinds of activity, in the order they normally happen. */
    public enum Type {
        /** The call record was created and the provider is being asked to dial. */
        INITIATED,
        /** The provider could not place the call; the call is FAILED. */
        INITIATION_FAILED,
        /** The provider may or may not have placed the call (timeout after sending); waiting for a webhook. */
        INITIATION_UNCONFIRMED,
        /** The status moved forward. */
        STATUS_CHANGED,
        /** The end-of-call report was stored (transcript, recording, duration); the summary is due. */
        CALL_ENDED,
        /** The summary hook succeeded. */
        SUMMARY_READY,
        /** The summary hook failed on every attempt. */
        SUMMARY_FAILED
    }

    /** Validates required fields. */
    public CallActivity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(previousStatus, "previousStatus");
        Objects.requireNonNull(at, "at");
    }
}
