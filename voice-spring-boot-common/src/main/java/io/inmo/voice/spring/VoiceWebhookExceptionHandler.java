package io.inmo.voice.spring;

import io.inmo.voice.VoiceException;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every {@link VoiceException} thrown by the webhook endpoint into its HTTP status with an RFC 9457 problem
 * body: {@code type} ({@code urn:inmo-voice:problem:<code>}), {@code title}, {@code status}, {@code detail} (the
 * exception's message, which never contains secrets) and {@code code} ({@link VoiceException#code()}).
 *
 * <p>Scoped to {@link VoiceWebhookController} only: the application's own error handling is left alone.
 */
@RestControllerAdvice(assignableTypes = VoiceWebhookController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class VoiceWebhookExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(VoiceWebhookExceptionHandler.class);

    /** Prefix of the problem {@code type}: a URN, as these types have no page to dereference. */
    static final String TYPE_PREFIX = "urn:inmo-voice:problem:";

    @ExceptionHandler(VoiceException.class)
    ResponseEntity<ProblemDetail> handle(VoiceException e) {
        // 401s and 413s are what an attacker or a misconfigured provider sends: INFO, without a stack trace.
        log.info("webhook refused with {} {}: {}", e.httpStatus(), e.code(), e.getMessage());
        return ResponseEntity.status(e.httpStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(e));
    }

    static ProblemDetail problem(VoiceException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(e.httpStatus()),
                e.getMessage());
        problem.setType(URI.create(TYPE_PREFIX + e.code()));
        problem.setTitle(title(e.code()));
        problem.setProperty("code", e.code());
        return problem;
    }

    /** {@code webhook_verification_failed} -> {@code Webhook verification failed}: one title per problem type. */
    static String title(String code) {
        String words = code.replace('_', ' ').trim();
        return words.isEmpty() ? "Voice error" : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
