package io.inmo.voice.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A provider's HTTP response: status, headers and body bytes.
 *
 * @param status HTTP status
 * @param headers response headers as received (the JDK's map, read-only); read them with {@link #header},
 *        which ignores case
 * @param body response body, never {@code null}
 */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * Keeps the headers as given: they are read at most once (a 429's {@code Retry-After}), so a
     * case-insensitive copy of every response would be work for nothing.
     */
    public HttpResult {
        headers = headers == null ? Map.of() : headers;
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
     * Reads only the named top-level fields of a JSON object body, skipping everything else without building
     * it: what a provider needs from a large success answer (VAPI's {@code POST /call} returns the whole call;
     * the SDK keeps its id and status). Same answers as {@code json().path(name)} for every named field: the
     * whole body is still checked, a malformed or non-object body gives a missing node, and of duplicate
     * fields the last wins; what follows the object is not read, as {@code readTree} does not.
     *
     * @param names the top-level fields to keep
     * @return an object with those of them the body has, or a missing node when it is not a JSON object
     */
    public JsonNode json(String... names) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try (JsonParser parser = Json.mapper().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return MissingNode.getInstance();
            }
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                parser.nextToken();
                if (isOneOf(field, names)) {
                    kept.set(field, Json.mapper().readTree(parser));
                } else {
                    parser.skipChildren();
                }
            }
            return kept;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static boolean isOneOf(String field, String[] names) {
        for (String name : names) {
            if (name.equals(field)) {
                return true;
            }
        }
        return false;
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
