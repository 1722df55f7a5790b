package io.inmo.voice;

import io.inmo.voice.internal.PhoneNumbers;
import org.slf4j.Logger;

/**
 * How the collaborators log a step that failed. An expected failure (a {@link VoiceException}: the provider
 * refused or was unavailable, the number was invalid, the call is in progress) is one WARN line with its class
 * and message, because a campaign produces many of them and their stack traces say nothing new. Anything else is
 * a bug or an outage nobody planned for: ERROR with the stack trace.
 */
final class FailureLog {

    private FailureLog() {
    }

    /**
     * @param log the collaborator's logger
     * @param what what failed, e.g. {@code "call to ********1222 could not be placed"}; never a whole number
     * @param e the failure
     * @param phoneNumber the number the step dialed, masked wherever the message quotes it; may be {@code null}
     */
    static void failed(Logger log, String what, Throwable e, String phoneNumber) {
        String message = PhoneNumbers.maskIn(e.getMessage(), phoneNumber);
        if (e instanceof VoiceException) {
            log.warn("{}: {}: {}", what, e.getClass().getSimpleName(), message);
        } else {
            log.error("{}: {}: {}", what, e.getClass().getName(), message, e);
        }
    }

    /**
     * For a failure the step tolerates (a host's listener threw; the call goes on): always WARN, with the stack
     * trace only when it is not a {@link VoiceException}.
     *
     * @param log the collaborator's logger
     * @param what what failed and what happens now
     * @param e the failure
     */
    static void tolerated(Logger log, String what, Throwable e) {
        if (e instanceof VoiceException) {
            log.warn("{}: {}: {}", what, e.getClass().getSimpleName(), e.getMessage());
        } else {
            log.warn("{}", what, e);
        }
    }
}
