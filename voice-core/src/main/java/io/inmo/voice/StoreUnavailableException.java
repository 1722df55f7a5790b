package io.inmo.voice;

/**
 * The call store could not be read or written (HTTP 503): the database is down or unreachable, a connection
 * broke, a statement timed out. Thrown by {@link io.inmo.voice.spi.CallRepository} implementations that talk to
 * a shared store (the JDBC one), and so by {@link VoiceCallService#initiate} (before anything is dialed: the
 * call is stored before the provider is asked) and {@link VoiceCallService#handle} (answer the provider with a
 * 5xx so it sends the webhook again). Nothing was half-written: every repository operation is atomic.
 * Retrying later is safe.
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
