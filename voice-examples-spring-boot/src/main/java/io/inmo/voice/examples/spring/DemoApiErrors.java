package io.inmo.voice.examples.spring;

import io.inmo.voice.VoiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The seed's error body, {@code {"error": code, "message": ...}}, for {@link CallsController} only: a
 * {@link VoiceException} answers its own status and code (400 invalid number, 409 call in progress, 503 no
 * provider, ...). The starter's webhook endpoint keeps its RFC 9457 problem bodies.
 */
@RestControllerAdvice(assignableTypes = CallsController.class)
class DemoApiErrors {

    /** An error the demo answers itself (unknown lead or call, bad request body). */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    @ExceptionHandler(VoiceException.class)
    ResponseEntity<Map<String, Object>> voice(VoiceException e) {
        return error(e.httpStatus(), e.code(), e.getMessage());
    }

    @ExceptionHandler(ApiError.class)
    ResponseEntity<Map<String, Object>> api(ApiError e) {
        return error(e.status, e.code, e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(400, "invalid_json", "the body is not a JSON object");
    }

    private static ResponseEntity<Map<String, Object>> error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return ResponseEntity.status(status).body(body);
    }
}
