package io.inmo.voice.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Json;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A raw webhook as a {@link io.inmo.voice.spi.VoiceProvider} parses it: the headers (looked up
 * case-insensitively), the exact body bytes, and JSON readers bound by the normalizer's read constraints
 * (nesting depth, string and number length), so a hostile body fails fast with
 * {@link MalformedWebhookException} instead of exhausting the stack or the heap.
 */
public final class WebhookRequest {

    private final String provider;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final ObjectMapper mapper;

    WebhookRequest(String provider, Map<String, List<String>> headers, byte[] body, ObjectMapper mapper) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.headers = Headers.caseInsensitiveCopy(headers);
        this.body = Objects.requireNonNull(body, "body");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /**
     * A request with the default read constraints, for tests and for hosts that call a provider's
     * parser directly.
     *
     * @param provider provider id
     * @param headers request headers (may be empty)
     * @param body raw body
     * @return the request
     */
    public static WebhookRequest of(String provider, Map<String, List<String>> headers, byte[] body) {
        return new WebhookRequest(provider, headers, body, Json.defaultWebhookMapper());
    }

    /** @return the provider id the webhook was addressed to */
    public String provider() {
        return provider;
    }

    /** @return the headers, as an unmodifiable map whose lookups ignore case */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name header name, any case
     * @return its first value, if present
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(Headers.first(headers, name));
    }

    /** @return the raw body; the same array on every call, do not modify it */
    public byte[] body() {
        return body;
    }

    /**
     * A streaming parser over the body, for providers that read only the fields they need.
     * The caller closes it. Jackson errors it throws can be turned into a 400 with {@link #malformed}.
     *
     * @return a new parser
     */
    public JsonParser parser() {
        try {
            return mapper.createParser(body);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * @return the whole body as a tree
     * @throws MalformedWebhookException when the body is not JSON or breaks the read constraints
     */
    public JsonNode readTree() {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedWebhookException(provider + " webhook body is empty");
            }
            return node;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * Turns a parser error into a 400 that says what was wrong, without echoing the body.
     *
     * @param e the Jackson or I/O error
     * @return the exception to throw
     */
    public MalformedWebhookException malformed(IOException e) {
        String what = e instanceof StreamConstraintsException ? "breaks the read limits (" + firstLine(e) + ")"
                : "is not valid JSON (" + firstLine(e) + ")";
        return new MalformedWebhookException(provider + " webhook body " + what, e);
    }

    private static String firstLine(IOException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** @return lowercase hex SHA-256 of the body, for deriving event ids when the provider sends none */
    public String bodySha256Hex() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
