package io.inmo.voice;

import java.util.Objects;

/**
 * Root of every exception the SDK throws on purpose. Unchecked, and carrying what a host needs to
 * answer its own caller in one line: an HTTP status and a stable machine-readable code.
 *
 * <pre>{@code
 * try {
 *     service.initiate(target);
 * } catch (VoiceException e) {
 *     return ResponseEntity.status(e.httpStatus()).body(Map.of("error", e.code(), "message", e.getMessage()));
 * }
 * }</pre>
 *
 * <p>Messages say what went wrong and what to fix; they never contain secrets or full phone numbers.
 */
public class VoiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String code;

    /**
     * Creates an exception.
     *
     * @param httpStatus the HTTP status a host should answer with
     * @param code a stable, lower-case, machine-readable code such as {@code "invalid_phone_number"}
     * @param message what went wrong and what to do about it
     * @param cause the underlying cause, or {@code null}
     */
    public VoiceException(int httpStatus, String code, String message, Throwable cause) {
        super(message, cause);
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be a 4xx or 5xx status, got " + httpStatus);
        }
        this.httpStatus = httpStatus;
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * Creates an exception without a cause.
     *
     * @param httpStatus the HTTP status a host should answer with
     * @param code a stable machine-readable code
     * @param message what went wrong and what to do about it
     */
    public VoiceException(int httpStatus, String code, String message) {
        this(httpStatus, code, message, null);
    }

    /** @return the HTTP status a host should answer with (400, 401, 404, 409, 413, 422, 503, ...) */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return a stable machine-readable code, for example {@code "call_in_progress"} */
    public String code() {
        return code;
    }
}
