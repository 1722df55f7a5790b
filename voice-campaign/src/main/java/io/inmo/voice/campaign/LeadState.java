package io.inmo.voice.campaign;

/** Where a campaign lead stands. The last five are final: the lead is never dialed again in that campaign. */
public enum LeadState {
    /** Not dialed yet; due at its next attempt time (the window's opening when it started closed). */
    PENDING,
    /** Was due while its calling window was closed; waits for the window's next opening. */
    WAITING_FOR_WINDOW,
    /** Claimed by a dialer; its call has not ended (a live or unconfirmed call counts against concurrency). */
    DIALING,
    /** Its last call ended with a retryable outcome (or it was on a call from elsewhere); due again later. */
    RETRY_SCHEDULED,
    /** Final: the last call's outcome is not retried (COMPLETED, or an outcome the policy does not retry). */
    DONE,
    /** Final: every attempt the retry policy allows was made. */
    EXHAUSTED,
    /** Final: the {@link DialGuard} refused it; never dialed. */
    REFUSED,
    /** Final: its time zone is not known and could not be told from the number; never dialed at a guess. */
    HELD,
    /** Final: the campaign was canceled before the lead was finished. */
    CANCELED;

    /** @return {@code true} for DONE, EXHAUSTED, REFUSED, HELD and CANCELED */
    public boolean isFinal() {
        return ordinal() >= DONE.ordinal();
    }

    /** @return {@code true} for the states a lead is dialed from (PENDING, WAITING_FOR_WINDOW, RETRY_SCHEDULED) */
    public boolean isDue() {
        return this == PENDING || this == WAITING_FOR_WINDOW || this == RETRY_SCHEDULED;
    }
}
