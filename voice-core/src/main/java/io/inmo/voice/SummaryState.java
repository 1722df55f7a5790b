package io.inmo.voice;

/**
 * Progress of the post-call summary of a {@link VoiceCall}. The repository is the outbox: a call whose
 * state is {@link #PENDING} (or {@link #RUNNING} for longer than the claim lease, after a crash) is due.
 */
public enum SummaryState {
    /** The call has not ended yet (no end-of-call report received). */
    NONE,
    /** The call ended; the summary hook has to run. */
    PENDING,
    /** A worker claimed the summary and is running the hook. */
    RUNNING,
    /** The hook succeeded; its summary is stored on the call. */
    DONE,
    /** The hook failed on every attempt; the last error is kept in {@link VoiceCall#summaryError()}. */
    FAILED
}
