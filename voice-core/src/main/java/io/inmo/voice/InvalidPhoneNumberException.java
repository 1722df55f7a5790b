package io.inmo.voice;

/**
 * The lead's phone number is not a valid E.164 number (HTTP 400), either by the SDK's own check
 * before anything is stored or dialed, or because the provider refused the number.
 * The message shows only the last four digits of the number.
 */
public class InvalidPhoneNumberException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the number (masked) and what form is expected
     */
    public InvalidPhoneNumberException(String message) {
        super("invalid_phone_number", message, null);
    }

    /**
     * @param message what is wrong with the number (masked) and what form is expected
     * @param cause the provider error that reported it
     */
    public InvalidPhoneNumberException(String message, Throwable cause) {
        super("invalid_phone_number", message, cause);
    }
}
