package io.inmo.voice;

/**
 * Receives every {@link CallActivity} of every call, so the host can write its activity log.
 *
 * <p>Called synchronously on the thread that caused the step (the caller of
 * {@link VoiceCallService#initiate}, the webhook thread, or the summary executor), after the change was
 * stored. Keep it fast. An exception thrown here is logged and swallowed: it never undoes or blocks the
 * call's progress. Must be thread-safe.
 */
@FunctionalInterface
public interface CallListener {

    /**
     * @param activity what happened
     */
    void onActivity(CallActivity activity);

    /** @return a listener that ignores everything */
    static CallListener noop() {
        return activity -> { };
    }
}
