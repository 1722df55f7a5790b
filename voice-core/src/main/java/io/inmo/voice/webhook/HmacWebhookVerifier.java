package io.inmo.voice.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Signatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Verifies, and for tests signs, webhooks authenticated with an HMAC of the raw body: the one HMAC engine of the
 * SDK. The provider modules' verifiers are presets of it ({@code VapiWebhookVerifier.hmac()},
 * {@code BlandWebhookVerifier.hmacSha256(...)}, {@code FakeVoiceProvider.verifier(...)}); build one directly for
 * any other sender.
 *
 * <pre>{@code
 * HmacWebhookVerifier verifier = HmacWebhookVerifier.builder()
 *         .provider("acme")
 *         .signatureHeader("X-Acme-Signature")
 *         .timestampHeader("X-Acme-Timestamp")           // signed as "{timestamp}.{body}", checked against now
 *         .secrets(currentSecret, previousSecret)         // several during a rotation
 *         .build();
 *
 * // in a host's own endpoint test: the headers the sender would put on this body
 * Map<String, List<String>> headers = verifier.sign(body);
 * }</pre>
 *
 * <p>What it checks, in order: the signature header is present and decodes (hex either case, or base64) to a MAC
 * of the algorithm's length after the prefix; the timestamp header, when timestamps are on, reads as epoch
 * seconds, epoch milliseconds or an ISO-8601 instant; one of the secrets signs the configured payload (every
 * secret is tried, in constant time, so the timing tells nothing); and the timestamp lies within the tolerance of
 * the clock. The signed content is the raw bytes as received: a body that a framework parsed and re-wrote does
 * not verify, unless the sender itself signs a re-serialization and {@link Builder#reserializedJsonFallback} is
 * on. Failures are {@link WebhookVerificationException}s with a {@link Reason}; messages never contain secrets or
 * signatures.
 *
 * <p>Immutable and thread-safe. Each secret is keyed once, when the verifier is built.
 */
public final class HmacWebhookVerifier implements WebhookVerifier {

    /** Epoch values at or above this are milliseconds (year 5138 in seconds), below it seconds. */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    /** HMAC hash functions. */
    public enum Algorithm {
        /** HMAC-SHA256. */
        SHA256("HmacSHA256", 32),
        /** HMAC-SHA512. */
        SHA512("HmacSHA512", 64),
        /** HMAC-SHA1 (weak; only if the sender offers nothing else). */
        SHA1("HmacSHA1", 20);

        private final String jca;
        private final int length;

        Algorithm(String jca, int length) {
            this.jca = jca;
            this.length = length;
        }
    }

    /** How the signature header writes the MAC. */
    public enum Encoding {
        /** Hexadecimal; read in either case, written in lower case. */
        HEX,
        /** Base64; read in the standard or URL-safe alphabet, written in the standard one. */
        BASE64
    }

    /** Placeholders of the payload format. */
    private enum Part {
        BODY("{body}"), TIMESTAMP("{timestamp}"), METHOD("{method}"), URL("{url}"), MESSAGE_ID("{svix-id}");

        private final String token;

        Part(String token) {
            this.token = token;
        }
    }

    /** One prepared Mac per secret, current first: no provider lookup or key set-up per webhook. */
    private final List<Signatures.HmacKey> keys;
    /** The payload format: literal byte arrays and {@link Part}s, in order. */
    private final List<Object> parts;
    private final String provider;
    private final Algorithm algorithm;
    private final String signatureHeader;
    private final String timestampHeader;
    private final String messageIdHeader;
    private final Encoding encoding;
    private final String prefix;
    private final boolean prefixRequired;
    private final boolean reserializedJsonFallback;
    private final Duration tolerance;
    private final Clock clock;
    private final byte[] method;
    private final byte[] url;

    private HmacWebhookVerifier(Builder b, List<byte[]> keys, List<Object> parts) {
        List<Signatures.HmacKey> prepared = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            prepared.add(Signatures.HmacKey.of(b.algorithm.jca, key));
        }
        this.keys = List.copyOf(prepared);
        this.parts = parts;
        this.provider = b.provider;
        this.algorithm = b.algorithm;
        this.signatureHeader = b.signatureHeader;
        this.timestampHeader = b.includeTimestamp ? b.timestampHeader : null;
        this.messageIdHeader = b.messageIdHeader;
        this.encoding = b.encoding;
        this.prefix = b.prefix;
        this.prefixRequired = b.prefixRequired;
        this.reserializedJsonFallback = b.reserializedJsonFallback;
        this.tolerance = b.tolerance;
        this.clock = b.clock;
        this.method = Signatures.utf8(b.method);
        this.url = b.url == null ? null : Signatures.utf8(b.url);
    }

    /** @return a builder: HMAC-SHA256, hex, no timestamp, payload {@code {body}}; secrets and header required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param headers the request headers (names in any case)
     * @param body the raw body, exactly as received
     * @throws WebhookVerificationException MISSING_HEADER, MALFORMED_HEADER, NO_MATCHING_SIGNATURE,
     *         TIMESTAMP_TOO_OLD or TIMESTAMP_TOO_NEW
     */
    @Override
    public void verify(Map<String, List<String>> headers, byte[] body) {
        byte[] received = receivedSignature(headers);
        String timestamp = null;
        Instant at = null;
        if (timestampHeader != null) {
            timestamp = require(headers, timestampHeader).trim();
            at = parseTimestamp(timestamp);
        }
        String messageId = messageIdHeader == null ? null : require(headers, messageIdHeader);
        byte[] raw = body == null ? new byte[0] : body;
        if (!Signatures.matchesAny(keys, received, payload(raw, timestamp, messageId)) && !reserializedMatches(
                received, raw, timestamp, messageId)) {
            throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, provider + " webhook signature in "
                    + signatureHeader + " matches none of the " + keys.size() + " configured secret(s) (wrong "
                    + "secret, or the body was altered or re-serialized before verification)");
        }
        if (at != null) {
            Instant now = clock.instant();
            if (at.isBefore(now.minus(tolerance))) {
                throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_OLD, provider + " webhook timestamp is "
                        + Duration.between(at, now).toSeconds() + " s old, more than the " + tolerance.toSeconds()
                        + " s tolerance");
            }
            if (at.isAfter(now.plus(tolerance))) {
                throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_NEW, provider + " webhook timestamp is "
                        + Duration.between(now, at).toSeconds() + " s in the future, more than the "
                        + tolerance.toSeconds() + " s tolerance");
            }
        }
    }

    /**
     * Signs a body as the sender would, with the first (current) secret and the clock's time: for tests of a
     * host's own webhook endpoint, and for senders such as the fake provider.
     *
     * @param body the exact bytes that will be sent
     * @return the headers to send with it: the signature, and the timestamp and message id when the payload has them
     */
    public Map<String, List<String>> sign(byte[] body) {
        return sign(body, clock.instant());
    }

    /**
     * Signs a body as the sender would at a given time (e.g. outside the tolerance, to test that a replay is
     * refused), with the first (current) secret. The timestamp is written in epoch milliseconds.
     *
     * @param body the exact bytes that will be sent
     * @param timestamp the time to sign with; ignored when timestamps are off
     * @return the headers to send with it (names as configured), in a new mutable map
     */
    public Map<String, List<String>> sign(byte[] body, Instant timestamp) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timestamp, "timestamp");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String ts = null;
        if (timestampHeader != null) {
            ts = Long.toString(timestamp.toEpochMilli());
            headers.put(timestampHeader, List.of(ts));
        }
        String messageId = null;
        if (messageIdHeader != null) {
            messageId = "msg_" + UUID.randomUUID();
            headers.put(messageIdHeader, List.of(messageId));
        }
        byte[] mac = keys.get(0).mac(payload(body, ts, messageId));
        String encoded = encoding == Encoding.HEX ? Signatures.hex(mac) : Base64.getEncoder().encodeToString(mac);
        headers.put(signatureHeader, List.of(prefixRequired ? prefix + encoded : encoded));
        return headers;
    }

    private byte[] receivedSignature(Map<String, List<String>> headers) {
        String value = require(headers, signatureHeader).trim();
        if (!prefix.isEmpty()) {
            boolean present = value.regionMatches(true, 0, prefix, 0, prefix.length());
            if (!present && prefixRequired) {
                throw new WebhookVerificationException(Reason.MALFORMED_HEADER, signatureHeader
                        + " does not start with the configured prefix");
            }
            value = present ? value.substring(prefix.length()) : value;
        }
        byte[] received = encoding == Encoding.HEX ? Signatures.fromHex(value, signatureHeader)
                : Signatures.fromBase64(value, signatureHeader);
        if (received.length != algorithm.length) {
            throw new WebhookVerificationException(Reason.MALFORMED_HEADER, signatureHeader + " is not an "
                    + algorithm.jca + " signature (expected " + algorithm.length + " bytes, " + encoding + ")");
        }
        return received;
    }

    private String require(Map<String, List<String>> headers, String name) {
        String value = Headers.first(headers, name);
        if (value == null || value.isBlank()) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, provider + " webhook has no " + name
                    + " header; check that the sender signs its webhooks with the configured secret");
        }
        return value;
    }

    /** The sender signed a compact re-serialization of the JSON (e.g. {@code JSON.stringify}), not the bytes. */
    private boolean reserializedMatches(byte[] received, byte[] raw, String timestamp, String messageId) {
        if (!reserializedJsonFallback) {
            return false;
        }
        byte[] compact = compact(raw);
        return compact != null && !Arrays.equals(compact, raw)
                && Signatures.matchesAny(keys, received, payload(compact, timestamp, messageId));
    }

    /** @return the compact re-serialization, as {@code JSON.stringify} would produce it, or null if not JSON */
    private static byte[] compact(byte[] body) {
        try {
            JsonNode tree = Json.defaultWebhookMapper().readTree(body);
            if (tree == null || tree.isMissingNode()) {
                return null;
            }
            return Json.mapper().writeValueAsBytes(tree);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private byte[][] payload(byte[] body, String timestamp, String messageId) {
        byte[][] out = new byte[parts.size()][];
        for (int i = 0; i < out.length; i++) {
            Object part = parts.get(i);
            if (part instanceof byte[]) {
                out[i] = (byte[]) part;
                continue;
            }
            switch ((Part) part) {
                case BODY:
                    out[i] = body;
                    break;
                case TIMESTAMP:
                    out[i] = Signatures.utf8(timestamp);
                    break;
                case METHOD:
                    out[i] = method;
                    break;
                case URL:
                    out[i] = url;
                    break;
                default:
                    out[i] = Signatures.utf8(messageId);
            }
        }
        return out;
    }

    /** Epoch seconds or milliseconds (senders differ and rarely say which), or an ISO-8601 instant. */
    private Instant parseTimestamp(String value) {
        try {
            long n = Long.parseLong(value);
            return n >= MILLIS_THRESHOLD || n <= -MILLIS_THRESHOLD ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        } catch (NumberFormatException notInteger) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notIso) {
                throw new WebhookVerificationException(Reason.MALFORMED_HEADER, timestampHeader
                        + " is neither epoch seconds, epoch milliseconds nor an ISO-8601 instant");
            }
        }
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "HmacWebhookVerifier[" + provider + ", " + algorithm.jca + ", " + signatureHeader + ", " + keys.size()
                + " secret(s)]";
    }

    /** Builder for {@link HmacWebhookVerifier}. Not thread-safe; the verifier it builds is. */
    public static final class Builder {
        private String provider = "webhook";
        private List<String> secrets;
        private boolean base64Secrets;
        private Algorithm algorithm = Algorithm.SHA256;
        private String signatureHeader;
        private String timestampHeader;
        private boolean includeTimestamp;
        private String messageIdHeader;
        private String payloadFormat;
        private Encoding encoding = Encoding.HEX;
        private String prefix = "";
        private boolean prefixRequired = true;
        private boolean reserializedJsonFallback;
        private Duration tolerance = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private String method = "POST";
        private String url;

        private Builder() {
        }

        /**
         * @param provider names the sender in error messages (e.g. {@code "vapi"}); default {@code "webhook"}
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = requireText(provider, "provider");
            return this;
        }

        /**
         * @param secrets the accepted secrets, current first (the signer uses the first); several during a
         *        rotation (required)
         * @return this builder
         * @throws IllegalArgumentException when none is given or one is blank
         */
        public Builder secrets(String... secrets) {
            this.secrets = Signatures.requireSecrets(secrets);
            return this;
        }

        /**
         * @param base64 {@code true} when the secrets are base64 text of the key bytes; default {@code false}
         *        (the secret's UTF-8 bytes are the key)
         * @return this builder
         */
        public Builder base64Secrets(boolean base64) {
            this.base64Secrets = base64;
            return this;
        }

        /** @param algorithm the hash function, default SHA-256 @return this builder */
        public Builder algorithm(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** @param header the header carrying the signature (required) @return this builder */
        public Builder signatureHeader(String header) {
            this.signatureHeader = requireText(header, "signatureHeader");
            return this;
        }

        /**
         * Turns timestamps on: the sender puts the time in this header and signs it with the body.
         *
         * @param header the header carrying the timestamp
         * @return this builder
         */
        public Builder timestampHeader(String header) {
            this.timestampHeader = requireText(header, "timestampHeader");
            this.includeTimestamp = true;
            return this;
        }

        /**
         * @param include whether the sender sends and signs a timestamp (on once a timestamp header is set);
         *        without one no replay window is enforced and the default payload is {@code {body}}
         * @return this builder
         */
        public Builder includeTimestamp(boolean include) {
            this.includeTimestamp = include;
            return this;
        }

        /** @param header the header carrying a message id, for a payload with {@code {svix-id}} @return this */
        public Builder messageIdHeader(String header) {
            this.messageIdHeader = requireText(header, "messageIdHeader");
            return this;
        }

        /**
         * @param format what is signed, with placeholders {@code {body}} (the raw bytes, required),
         *        {@code {timestamp}}, {@code {method}}, {@code {url}} and {@code {svix-id}}; default
         *        {@code {timestamp}.{body}} with timestamps, {@code {body}} without
         * @return this builder
         */
        public Builder payloadFormat(String format) {
            this.payloadFormat = requireText(format, "payloadFormat");
            return this;
        }

        /** @param encoding how the signature is written, default {@link Encoding#HEX} @return this builder */
        public Builder encoding(Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /**
         * @param prefix text that must come before the signature in the header (any case), e.g. {@code sha256=};
         *        written by {@link #sign}; none by default
         * @return this builder
         */
        public Builder prefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            this.prefixRequired = true;
            return this;
        }

        /**
         * @param prefix text the sender may put before the signature, removed when present (any case); not
         *        written by {@link #sign}
         * @return this builder
         */
        public Builder optionalPrefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            this.prefixRequired = false;
            return this;
        }

        /**
         * For senders that sign a re-serialization of the JSON rather than the bytes they send (Bland's own
         * example signs {@code JSON.stringify(body)}): when the raw bytes do not verify, the body is parsed (with
         * the webhook read constraints) and its compact form is checked too. Off by default: the raw bytes are
         * what the sender sent, and a second parse costs time on every forged webhook.
         *
         * @param fallback whether to try the compact JSON form after the raw bytes
         * @return this builder
         */
        public Builder reserializedJsonFallback(boolean fallback) {
            this.reserializedJsonFallback = fallback;
            return this;
        }

        /** @param tolerance how far a timestamp may be from now, either way; default 5 minutes @return this */
        public Builder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("tolerance must not be negative");
            }
            this.tolerance = tolerance;
            return this;
        }

        /** @param clock what timestamps are checked against and signed with; default UTC system clock @return this */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param method the HTTP method substituted for {@code {method}}, default {@code POST} @return this */
        public Builder method(String method) {
            this.method = requireText(method, "method");
            return this;
        }

        /** @param url the webhook URL exactly as the sender knows it, for {@code {url}} @return this builder */
        public Builder url(String url) {
            this.url = requireText(url, "url");
            return this;
        }

        /**
         * @return the verifier
         * @throws IllegalArgumentException naming what is missing: no secret, no signature header, a base64 secret
         *         that is not base64, a payload format without {@code {body}} or with a placeholder whose value is
         *         not configured
         */
        public HmacWebhookVerifier build() {
            if (secrets == null) {
                throw new IllegalArgumentException(provider + " HMAC verifier needs at least one secret: call "
                        + "secrets(...)");
            }
            if (signatureHeader == null) {
                throw new IllegalArgumentException(provider + " HMAC verifier needs the signature header: call "
                        + "signatureHeader(...)");
            }
            List<byte[]> keys = new ArrayList<>(secrets.size());
            for (String s : secrets) {
                keys.add(base64Secrets ? decodeBase64(s) : s.getBytes(StandardCharsets.UTF_8));
            }
            String format = payloadFormat != null ? payloadFormat : includeTimestamp ? "{timestamp}.{body}" : "{body}";
            List<Object> parts = compile(format);
            if (parts.contains(Part.TIMESTAMP) && (!includeTimestamp || timestampHeader == null)) {
                throw new IllegalArgumentException("payloadFormat uses {timestamp}: set timestampHeader(...) and "
                        + "leave includeTimestamp on");
            }
            if (includeTimestamp && timestampHeader == null) {
                throw new IllegalArgumentException("includeTimestamp needs the header: call timestampHeader(...)");
            }
            if (parts.contains(Part.URL) && url == null) {
                throw new IllegalArgumentException("payloadFormat uses {url}: configure the webhook URL with url(...)");
            }
            if (parts.contains(Part.MESSAGE_ID) && messageIdHeader == null) {
                throw new IllegalArgumentException("payloadFormat uses {svix-id}: configure messageIdHeader(...)");
            }
            return new HmacWebhookVerifier(this, keys, parts);
        }

        private byte[] decodeBase64(String secret) {
            try {
                return Base64.getDecoder().decode(secret.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a " + provider + " webhook secret is not valid base64");
            }
        }

        private static List<Object> compile(String format) {
            List<Object> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < format.length()) {
                Part placeholder = null;
                for (Part p : Part.values()) {
                    if (format.startsWith(p.token, i)) {
                        placeholder = p;
                        break;
                    }
                }
                if (placeholder == null) {
                    literal.append(format.charAt(i++));
                    continue;
                }
                if (literal.length() > 0) {
                    parts.add(Signatures.utf8(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(placeholder);
                i += placeholder.token.length();
            }
            if (literal.length() > 0) {
                parts.add(Signatures.utf8(literal.toString()));
            }
            if (!parts.contains(Part.BODY)) {
                throw new IllegalArgumentException("payloadFormat must contain {body}");
            }
            return List.copyOf(parts);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
