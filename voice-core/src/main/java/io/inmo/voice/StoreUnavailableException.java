package io.inmo.voice;

/**
 * The call store could not be read or written (HTTP 503): the database is down or unreachable, a connection
 * broke, a statement timed out or was refused. Thrown by {@link io.inmo.voice.spi.CallRepository}
 * implementations that talk to a shared store (the JDBC one), and so by {@link VoiceCallService#handle} (answer
 * the provider with a 5xx so it sends the webhook again) and {@link VoiceCallService#initiate}. Nothing was
 * half-written: every repository operation is atomic. Retrying later is safe.
 *
 * <p>During {@code initiate} the store is written before the provider is asked, so a store that is down gives
 * this exception with nothing dialed. If the store fails after the provider accepted the call (while storing
 * its call id), {@code initiate} throws it too, but the call was placed: it stays stored {@code INITIATED},
 * a retry gets {@link CallInProgressException} (the lead is never dialed twice), and the provider's webhooks,
 * which carry our call id, or {@link VoiceCallService#reconcile} settle it.
 */
public class StoreUnavailableException extends VoiceException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed (which operation, which call) and what to check
     * @param cause the store's own error, or {@code null}
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(503, "store_unavailable", message, cause);
    }
}
