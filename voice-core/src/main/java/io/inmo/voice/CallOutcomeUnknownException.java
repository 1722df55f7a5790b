package io.inmo.voice;

/**
 * The request to place a call reached the provider, but we do not know whether the call was created:
 * the response timed out, the connection dropped after the request was sent, or the provider answered
 * with a 5xx. Neither VAPI nor Bland offers an idempotency key, so repeating the request could dial
 * the lead twice. It is never retried.
 *
 * <p>Providers throw it from {@link io.inmo.voice.spi.VoiceProvider#makeCall}. {@link VoiceCallService}
 * catches it, keeps the call {@link CallStatus#INITIATED} with {@link VoiceCall#unconfirmed()} set and
 * lets the provider's webhook (which carries our call id) or a reconciliation settle it. Hosts only see
 * it (HTTP 504) when they call a provider directly.
 */
public class CallOutcomeUnknownException extends VoiceException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    /**
     * @param provider the provider id
     * @param message what happened
     * @param cause the timeout or I/O error, or {@code null}
     */
    public CallOutcomeUnknownException(String provider, String message, Throwable cause) {
        super(504, "call_outcome_unknown", message, cause);
        this.provider = provider;
    }

    /** @return the provider id */
    public String provider() {
        return provider;
    }
}
