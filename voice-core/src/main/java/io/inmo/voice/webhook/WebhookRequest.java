package io.inmo.voice.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Signatures;
import java.io.IOException;
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
    /** The headers as received, read in place until someone asks for the whole map; {@code null} once copied. */
    private final Map<String, List<String>> received;
    /** The case-insensitive copy, made on the first {@link #headers()} call (parsers rarely need it). */
    private volatile Map<String, List<String>> headers;
    private final byte[] body;
    private final ObjectMapper mapper;

    /**
     * @param copyNow {@code true} to copy the headers at once ({@link #of}: the request may outlive the
     *        caller's map); {@code false} when the request lives only for the duration of one
     *        {@link WebhookNormalizer#normalize} call over a map the host does not change meanwhile, so the
     *        per-request copy is skipped unless {@link #headers()} is called
     */
    WebhookRequest(String provider, Map<String, List<String>> headers, byte[] body, ObjectMapper mapper,
                   boolean copyNow) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.body = Objects.requireNonNull(body, "body");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (copyNow || headers == null) {
            this.headers = Headers.caseInsensitiveCopy(headers);
            this.received = null;
        } else {
            this.received = headers;
        }
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
        return new WebhookRequest(provider, headers, body, Json.defaultWebhookMapper(), true);
    }

    /** @return the provider id the webhook was addressed to */
    public String provider() {
        return provider;
    }

    /** @return the headers, as an unmodifiable map whose lookups ignore case */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> copy = headers;
        if (copy == null) {
            copy = Headers.caseInsensitiveCopy(received);
            headers = copy; // idempotent: a racing second copy is equal
        }
        return copy;
    }

    /**
     * @param name header name, any case
     * @return its first value, if present
     */
    public Optional<String> header(String name) {
        // Reads the received map as its copy would be read, without copying it for one header.
        Map<String, List<String>> copy = headers;
        return Optional.ofNullable(Headers.first(copy != null ? copy : received, name));
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
        return HexFormat.of().formatHex(Signatures.sha256(body));
    }
}
