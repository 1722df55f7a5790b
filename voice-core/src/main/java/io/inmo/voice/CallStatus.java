package io.inmo.voice;

/**
 * Where a call stands, in one provider-neutral vocabulary.
 *
 * <p>A call moves forward only: {@code INITIATED < QUEUED < RINGING < IN_PROGRESS < (terminal)}. The six
 * terminal values are outcomes; once a call has one, later status events do not change it.
 * {@link #UNKNOWN} appears only on a {@link io.inmo.voice.webhook.WebhookEvent} whose provider value could
 * not be mapped; it is never stored over a known status.
 */
public enum CallStatus {
    /** The SDK created the record and is asking the provider to place the call. */
    INITIATED,
    /** The provider accepted the call and has not started dialing. */
    QUEUED,
    /** The lead's phone is ringing. */
    RINGING,
    /** The call was answered and the AI agent is talking. */
    IN_PROGRESS,
    /** The call was answered and ended normally. */
    COMPLETED,
    /** The lead did not answer. */
    NO_ANSWER,
    /** The line was busy. */
    BUSY,
    /** An answering machine or voicemail picked up. */
    VOICEMAIL,
    /** The call could not be placed or connected; the provider's reason is kept on the call. */
    FAILED,
    /** The call was canceled before it was answered. */
    CANCELED,
    /** A provider value that could not be mapped (events only, never stored). */
    UNKNOWN;

    /**
     * @return {@code true} for the six outcomes: COMPLETED, NO_ANSWER, BUSY, VOICEMAIL, FAILED, CANCELED
     */
    public boolean isTerminal() {
        switch (this) {
            case COMPLETED:
            case NO_ANSWER:
            case BUSY:
            case VOICEMAIL:
            case FAILED:
            case CANCELED:
                return true;
            default:
                return false;
        }
    }
}
