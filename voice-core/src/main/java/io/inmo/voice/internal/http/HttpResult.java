package io.inmo.voice.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A provider's HTTP response: status, headers (case-insensitive) and body bytes.
 *
 * @param status HTTP status
 * @param headers response headers
 * @param body response body, never {@code null}
 */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {

    /** Copies headers into a case-insensitive map. */
    public HttpResult {
        headers = Headers.caseInsensitiveCopy(headers);
        body = body == null ? new byte[0] : body;
    }

    /** @return {@code true} for 2xx */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** @return the body as UTF-8 text */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** @return the body as JSON, or a missing node when it is empty or not JSON (error bodies vary) */
    public JsonNode json() {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * @param name header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(Headers.first(headers, name));
    }

    /**
     * Reads {@code Retry-After}: delta-seconds or an HTTP date.
     *
     * @param clock the clock to measure an HTTP date against
     * @return the wait it asks for, if the header is present and readable
     */
    public Optional<Duration> retryAfter(Clock clock) {
        return header("Retry-After").map(String::trim).flatMap(value -> {
            try {
                long seconds = Long.parseLong(value);
                return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(clock.instant(), at.toInstant());
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
    }
}
