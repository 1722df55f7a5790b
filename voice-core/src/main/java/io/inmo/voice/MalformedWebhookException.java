package io.inmo.voice;

/**
 * A verified webhook body cannot be understood (HTTP 400): not JSON, nested too deep, a field of the
 * wrong type, or no call id at all on a status or end-of-call message. Nothing was applied.
 */
public class MalformedWebhookException extends VoiceException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the body
     */
    public MalformedWebhookException(String message) {
        super(400, "malformed_webhook", message);
    }

    /**
     * @param message what is wrong with the body
     * @param cause the parser error
     */
    public MalformedWebhookException(String message, Throwable cause) {
        super(400, "malformed_webhook", message, cause);
    }
}
