package io.inmo.voice;

import io.inmo.voice.internal.Observers;
import java.util.List;
import java.util.Objects;

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

    /**
     * Several listeners as one (for example the host's activity log and a notifier): each gets every activity,
     * in order, and one that throws is logged without stopping the others.
     *
     * @param listeners the listeners
     * @return the combined listener
     */
    static CallListener composite(CallListener... listeners) {
        Objects.requireNonNull(listeners, "listeners");
        return composite(List.of(listeners));
    }

    /**
     * Several listeners as one; see {@link #composite(CallListener...)}.
     *
     * @param listeners the listeners, none {@code null}
     * @return the combined listener
     */
    static CallListener composite(List<? extends CallListener> listeners) {
        return Observers.listeners(listeners);
    }
}
