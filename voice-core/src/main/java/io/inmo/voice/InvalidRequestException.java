package io.inmo.voice;

/**
 * A request to the SDK is incomplete or inconsistent (HTTP 400), for example a {@link CallTarget}
 * without a lead id. Nothing was stored and nothing was dialed.
 */
public class InvalidRequestException extends VoiceException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public InvalidRequestException(String message) {
        super(400, "invalid_request", message);
    }

    /**
     * For subclasses with a more specific code.
     *
     * @param code machine-readable code
     * @param message what is wrong and how to fix it
     * @param cause underlying cause or {@code null}
     */
    protected InvalidRequestException(String code, String message, Throwable cause) {
        super(400, code, message, cause);
    }
}
