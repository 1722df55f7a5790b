package io.inmo.voice;

import java.util.Objects;

/**
 * A webhook failed signature verification (HTTP 401). Nothing in it was parsed or applied.
 * The {@link #reason()} tells why, so a host can tell a misconfigured secret from a replayed message.
 * The message never contains a secret or a signature.
 */
public class WebhookVerificationException extends VoiceException {

    private static final long serialVersionUID = 1L;

    /** Why a webhook was rejected. */
    public enum Reason {
        /** No verifier is configured for the provider, and the host did not choose {@code WebhookVerifier.none()}. */
        NOT_CONFIGURED,
        /** The signature (or secret, or timestamp) header is absent. */
        MISSING_HEADER,
        /** A header is present but cannot be read (bad hex or base64, non-numeric timestamp). */
        MALFORMED_HEADER,
        /** The timestamp is older than the replay tolerance. */
        TIMESTAMP_TOO_OLD,
        /** The timestamp is further in the future than the replay tolerance. */
        TIMESTAMP_TOO_NEW,
        /** No configured secret produces the signature that was sent. */
        NO_MATCHING_SIGNATURE
    }

    private final Reason reason;

    /**
     * @param reason why verification failed
     * @param message a human explanation (no secrets)
     */
    public WebhookVerificationException(Reason reason, String message) {
        super(401, "webhook_verification_failed", message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why verification failed */
    public Reason reason() {
        return reason;
    }
}
