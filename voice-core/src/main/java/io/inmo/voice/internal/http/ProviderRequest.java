package io.inmo.voice.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.internal.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to a provider's REST API.
 *
 * @param provider provider id (for messages and logs)
 * @param method {@code GET} or {@code POST}
 * @param uri full URI
 * @param headers request headers, credentials included (never logged)
 * @param body body bytes, or {@code null}
 * @param safeToRepeat {@code true} when sending it twice does no harm (GET). A {@code false} request (a call
 *        creation) is repeated only when it provably was not processed: connect failure or a rate limit.
 * @param rateLimit how long to wait before repeating after a 429; empty means "do not repeat"
 */
public record ProviderRequest(String provider, String method, URI uri, Map<String, String> headers, byte[] body,
                              boolean safeToRepeat, RateLimitRule rateLimit) {

    /** Decides whether, and after how long, a rate-limited (429) response may be retried. */
    @FunctionalInterface
    public interface RateLimitRule {
        /**
         * @param response the 429 response
         * @param clock for {@code Retry-After} dates
         * @return the wait before retrying, or empty when the limit will not lift by retrying
         */
        Optional<Duration> waitBeforeRetry(HttpResult response, Clock clock);

        /**
         * The default: honour {@code Retry-After}, else a short backoff (decided by the client).
         *
         * @return the rule
         */
        static RateLimitRule retryAfterHeader() {
            return (response, clock) -> Optional.of(response.retryAfter(clock).orElse(Duration.ZERO));
        }
    }

    /** Validates and copies. */
    public ProviderRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        rateLimit = rateLimit == null ? RateLimitRule.retryAfterHeader() : rateLimit;
    }

    /**
     * A JSON POST that creates something and must not be repeated blindly.
     *
     * @param provider provider id
     * @param uri target
     * @param headers headers (auth)
     * @param body a Jackson-serializable body
     * @return the request
     */
    public static ProviderRequest createJson(String provider, URI uri, Map<String, String> headers, Object body) {
        try {
            return new ProviderRequest(provider, "POST", uri, headers, Json.mapper().writeValueAsBytes(body),
                    false, null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body for " + provider + " is not serializable", e);
        }
    }

    /**
     * A GET, safe to repeat.
     *
     * @param provider provider id
     * @param uri target
     * @param headers headers (auth)
     * @return the request
     */
    public static ProviderRequest get(String provider, URI uri, Map<String, String> headers) {
        return new ProviderRequest(provider, "GET", uri, headers, null, true, null);
    }

    /**
     * The URI of an API path under the broker's base URL (or the provider's public one), however many slashes
     * the configured base URL ends with.
     *
     * @param config the broker's settings
     * @param defaultBaseUrl the provider's public API base URL
     * @param path the path, starting with {@code /}; its variable parts encoded with {@link #pathSegment}
     * @return the URI
     */
    public static URI endpoint(ProviderConfig config, URI defaultBaseUrl, String path) {
        String base = config.baseUrlOr(defaultBaseUrl).toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(base.substring(0, end) + path);
    }

    /**
     * @param value a provider id or other variable part of a path
     * @return it encoded for use as one path segment
     */
    public static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * @param rule the provider's rate-limit rule
     * @return a copy with that rule
     */
    public ProviderRequest withRateLimit(RateLimitRule rule) {
        return new ProviderRequest(provider, method, uri, headers, body, safeToRepeat, rule);
    }

    /** Never prints headers (credentials) or the body (phone numbers). */
    @Override
    public String toString() {
        return method + " " + uri + " (" + provider + ")";
    }
}
