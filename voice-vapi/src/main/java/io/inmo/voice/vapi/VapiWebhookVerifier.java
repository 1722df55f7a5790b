package io.inmo.voice.vapi;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifiers for VAPI webhooks, to register with the webhook normalizer under the provider id {@code vapi}.
 * Pick the one that matches the credential set on the assistant's (or organisation's) server URL:
 *
 * <ul>
 *   <li>{@link #hmac()}: VAPI's HMAC credential ({@code HMACAuthenticationPlan}, since 2025-06). The
 *       recommended choice: the signature covers the raw body and a timestamp, so a captured webhook can be
 *       neither altered nor replayed outside the tolerance window.</li>
 *   <li>{@link #secretHeader(String...)}: the legacy {@code x-vapi-secret} header (or a Bearer credential with
 *       {@code headerName: "X-Vapi-Secret"}, {@code bearerPrefixEnabled: false}). It only proves the sender knows
 *       the secret; it does not protect the body or stop replays.</li>
 * </ul>
 *
 * <pre>{@code
 * WebhookVerifier verifier = VapiWebhookVerifier.hmac()
 *         .secrets(System.getenv("VAPI_WEBHOOK_SECRET"))      // add the old one during a rotation
 *         .algorithm(VapiWebhookVerifier.Algorithm.SHA256)     // as chosen in the VAPI credential
 *         .build();
 * }</pre>
 *
 * <p>All verifiers look header names up case-insensitively, compare in constant time over bytes, accept any of
 * several secrets (rotation) and are immutable and thread-safe. Failures are
 * {@link WebhookVerificationException}s whose {@link WebhookVerificationException#reason() reason} tells a
 * misconfiguration from a forgery or a replay; messages never contain secrets or signatures.
 */
public final class VapiWebhookVerifier {

    /** The legacy shared-secret header VAPI sends. */
    public static final String SECRET_HEADER = "x-vapi-secret";

    private VapiWebhookVerifier() {
    }

    /**
     * A verifier of the legacy {@code x-vapi-secret} header.
     *
     * @param secrets the accepted secrets, current first; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when no secret is given or one is blank
     */
    public static WebhookVerifier secretHeader(String... secrets) {
        return new TokenHeaderVerifier(SECRET_HEADER, false, Signatures.requireSecrets(secrets),
                "VapiWebhookVerifier.secretHeader");
    }

    /**
     * A verifier of VAPI's Bearer credential as it is created by default ({@code headerName} Authorization,
     * {@code bearerPrefixEnabled} true): {@code Authorization: Bearer <token>}. Like the legacy header, it proves
     * the sender knows the token but protects neither the body nor against replay; prefer {@link #hmac()}.
     *
     * @param tokens the accepted tokens, current first; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when no token is given or one is blank
     */
    public static WebhookVerifier bearerToken(String... tokens) {
        return new TokenHeaderVerifier("Authorization", true, Signatures.requireSecrets(tokens),
                "VapiWebhookVerifier.bearerToken");
    }

    /**
     * A verifier of a Bearer credential sent in a header of your choice without the {@code Bearer} prefix
     * ({@code headerName} set, {@code bearerPrefixEnabled} false); {@link #secretHeader} is this with
     * {@code x-vapi-secret}.
     *
     * @param headerName the credential's {@code headerName}
     * @param tokens the accepted tokens, current first; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when the header name is blank, no token is given or one is blank
     */
    public static WebhookVerifier tokenHeader(String headerName, String... tokens) {
        if (headerName == null || headerName.isBlank()) {
            throw new IllegalArgumentException("headerName is required");
        }
        return new TokenHeaderVerifier(headerName.trim(), false, Signatures.requireSecrets(tokens),
                "VapiWebhookVerifier.tokenHeader(" + headerName.trim() + ")");
    }

    /**
     * A builder for a verifier of VAPI's HMAC credential, preset with VAPI's defaults: signature header
     * {@code x-signature}, timestamp header {@code x-timestamp}, payload {@code {timestamp}.{body}}, hex
     * encoding, no prefix, secret used as text, and a replay tolerance of 5 minutes. VAPI makes the algorithm a
     * required choice; this builder defaults to SHA-256.
     *
     * @return the builder; at least one secret must be set
     */
    public static HmacBuilder hmac() {
        return new HmacBuilder();
    }

    /** HMAC hash functions VAPI offers. */
    public enum Algorithm {
        /** HMAC-SHA256. */
        SHA256("HmacSHA256"),
        /** HMAC-SHA512. */
        SHA512("HmacSHA512"),
        /** HMAC-SHA1 (weak; only if the credential was set up with it). */
        SHA1("HmacSHA1");

        private final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }
    }

    /** How the signature header encodes the MAC. */
    public enum Encoding {
        /** Hexadecimal, either case (VAPI's default). */
        HEX,
        /** Base64, standard or URL-safe alphabet. */
        BASE64
    }

    /** Builder for the HMAC verifier. Not thread-safe; the verifier it builds is. */
    public static final class HmacBuilder {
        private List<String> secrets;
        private Algorithm algorithm = Algorithm.SHA256;
        private String signatureHeader = "x-signature";
        private String timestampHeader = "x-timestamp";
        private String messageIdHeader;
        private boolean includeTimestamp = true;
        private String payloadFormat;
        private Encoding encoding = Encoding.HEX;
        private String prefix = "";
        private boolean base64Secrets;
        private Duration tolerance = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private String method = "POST";
        private String url;

        private HmacBuilder() {
        }

        /**
         * @param secrets the accepted secret keys, current first; several during a rotation (required)
         * @return this builder
         */
        public HmacBuilder secrets(String... secrets) {
            this.secrets = Signatures.requireSecrets(secrets);
            return this;
        }

        /**
         * @param algorithm the credential's algorithm, default SHA-256
         * @return this builder
         */
        public HmacBuilder algorithm(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /**
         * @param header header carrying the signature, default {@code x-signature}
         * @return this builder
         */
        public HmacBuilder signatureHeader(String header) {
            this.signatureHeader = requireText(header, "signatureHeader");
            return this;
        }

        /**
         * @param header header carrying the timestamp, default {@code x-timestamp}
         * @return this builder
         */
        public HmacBuilder timestampHeader(String header) {
            this.timestampHeader = requireText(header, "timestampHeader");
            return this;
        }

        /**
         * @param header header carrying the message id, for a payload format with {@code {svix-id}}
         * @return this builder
         */
        public HmacBuilder messageIdHeader(String header) {
            this.messageIdHeader = requireText(header, "messageIdHeader");
            return this;
        }

        /**
         * @param include whether VAPI sends and signs a timestamp (default {@code true}); when {@code false} no
         *        replay window is enforced and the default payload is {@code {body}}
         * @return this builder
         */
        public HmacBuilder includeTimestamp(boolean include) {
            this.includeTimestamp = include;
            return this;
        }

        /**
         * @param format what is signed, with placeholders {@code {body}} (the raw bytes), {@code {timestamp}},
         *        {@code {method}}, {@code {url}} and {@code {svix-id}}; default {@code {timestamp}.{body}}
         * @return this builder
         */
        public HmacBuilder payloadFormat(String format) {
            this.payloadFormat = requireText(format, "payloadFormat");
            return this;
        }

        /**
         * @param encoding how the signature is written, default {@link Encoding#HEX}
         * @return this builder
         */
        public HmacBuilder encoding(Encoding encoding) {
            this.encoding = Objects.requireNonNull(encoding, "encoding");
            return this;
        }

        /**
         * @param prefix text before the signature in the header, e.g. {@code sha256=}; none by default
         * @return this builder
         */
        public HmacBuilder prefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            return this;
        }

        /**
         * @param base64 {@code true} when the credential's secret is base64 ({@code secretIsBase64}); default
         *        {@code false}
         * @return this builder
         */
        public HmacBuilder base64Secrets(boolean base64) {
            this.base64Secrets = base64;
            return this;
        }

        /**
         * @param tolerance how far the timestamp may be from now, either way; default 5 minutes
         * @return this builder
         */
        public HmacBuilder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("tolerance must not be negative");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * @param clock the clock timestamps are checked against (tests)
         * @return this builder
         */
        public HmacBuilder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param method the HTTP method substituted for {@code {method}}, default {@code POST}
         * @return this builder
         */
        public HmacBuilder method(String method) {
            this.method = requireText(method, "method");
            return this;
        }

        /**
         * @param url the webhook URL exactly as configured in VAPI, substituted for {@code {url}}
         * @return this builder
         */
        public HmacBuilder url(String url) {
            this.url = requireText(url, "url");
            return this;
        }

        /**
         * @return the verifier
         * @throws IllegalArgumentException when no secret is set, a base64 secret is not base64, or the payload
         *         format uses a placeholder whose value is not configured
         */
        public WebhookVerifier build() {
            if (secrets == null) {
                throw new IllegalArgumentException("VAPI HMAC verifier needs at least one secret: call secrets(...)");
            }
            List<byte[]> keys = new ArrayList<>(secrets.size());
            for (String s : secrets) {
                if (base64Secrets) {
                    try {
                        keys.add(Base64.getDecoder().decode(s.trim()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("a VAPI webhook secret is not valid base64");
                    }
                } else {
                    keys.add(s.getBytes(StandardCharsets.UTF_8));
                }
            }
            String format = payloadFormat != null ? payloadFormat : includeTimestamp ? "{timestamp}.{body}" : "{body}";
            List<Object> parts = compile(format);
            if (parts.contains(Part.TIMESTAMP) && !includeTimestamp) {
                throw new IllegalArgumentException("payloadFormat uses {timestamp} but includeTimestamp is false");
            }
            if (parts.contains(Part.URL) && url == null) {
                throw new IllegalArgumentException("payloadFormat uses {url}: configure the webhook URL with url(...)");
            }
            if (parts.contains(Part.MESSAGE_ID) && messageIdHeader == null) {
                throw new IllegalArgumentException("payloadFormat uses {svix-id}: configure messageIdHeader(...)");
            }
            return new HmacVerifier(this, keys, parts);
        }

        private List<Object> compile(String format) {
            List<Object> parts = new ArrayList<>();
            int i = 0;
            StringBuilder literal = new StringBuilder();
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
                    parts.add(literal.toString().getBytes(StandardCharsets.UTF_8));
                    literal.setLength(0);
                }
                parts.add(placeholder);
                i += placeholder.token.length();
            }
            if (literal.length() > 0) {
                parts.add(literal.toString().getBytes(StandardCharsets.UTF_8));
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

    /** Placeholders of VAPI's {@code payloadFormat}. */
    private enum Part {
        BODY("{body}"), TIMESTAMP("{timestamp}"), METHOD("{method}"), URL("{url}"), MESSAGE_ID("{svix-id}");

        private final String token;

        Part(String token) {
            this.token = token;
        }
    }

    /** The HMAC credential verifier. */
    private static final class HmacVerifier implements WebhookVerifier {
        /** Epoch values at or above this are milliseconds (year 5138 in seconds), below it seconds. */
        private static final long MILLIS_THRESHOLD = 100_000_000_000L;

        /** One prepared Mac per secret: no provider lookup or key set-up per webhook. */
        private final List<Signatures.HmacKey> keys;
        private final List<Object> parts;
        private final String jca;
        private final String signatureHeader;
        private final String timestampHeader;
        private final String messageIdHeader;
        private final boolean includeTimestamp;
        private final Encoding encoding;
        private final String prefix;
        private final Duration tolerance;
        private final Clock clock;
        private final byte[] method;
        private final byte[] url;

        HmacVerifier(HmacBuilder b, List<byte[]> keys, List<Object> parts) {
            this.jca = b.algorithm.jca;
            List<Signatures.HmacKey> prepared = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                prepared.add(Signatures.HmacKey.of(jca, key));
            }
            this.keys = List.copyOf(prepared);
            this.parts = parts;
            this.signatureHeader = b.signatureHeader;
            this.timestampHeader = b.timestampHeader;
            this.messageIdHeader = b.messageIdHeader;
            this.includeTimestamp = b.includeTimestamp;
            this.encoding = b.encoding;
            this.prefix = b.prefix;
            this.tolerance = b.tolerance;
            this.clock = b.clock;
            this.method = b.method.getBytes(StandardCharsets.UTF_8);
            this.url = b.url == null ? null : b.url.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void verify(Map<String, List<String>> headers, byte[] body) {
            String signature = Headers.first(headers, signatureHeader);
            if (signature == null || signature.isBlank()) {
                throw new WebhookVerificationException(Reason.MISSING_HEADER, "vapi webhook has no "
                        + signatureHeader + " header");
            }
            String timestamp = null;
            Instant at = null;
            if (includeTimestamp) {
                timestamp = Headers.first(headers, timestampHeader);
                if (timestamp == null || timestamp.isBlank()) {
                    throw new WebhookVerificationException(Reason.MISSING_HEADER, "vapi webhook has no "
                            + timestampHeader + " header");
                }
                timestamp = timestamp.trim();
                at = parseTimestamp(timestamp);
            }
            String messageId = null;
            if (messageIdHeader != null) {
                messageId = Headers.first(headers, messageIdHeader);
                if (messageId == null) {
                    throw new WebhookVerificationException(Reason.MISSING_HEADER, "vapi webhook has no "
                            + messageIdHeader + " header");
                }
            }
            String value = signature.trim();
            if (!prefix.isEmpty()) {
                if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    throw new WebhookVerificationException(Reason.MALFORMED_HEADER, signatureHeader
                            + " does not start with the configured prefix");
                }
                value = value.substring(prefix.length());
            }
            byte[] received = encoding == Encoding.HEX ? Signatures.fromHex(value, signatureHeader)
                    : Signatures.fromBase64(value, signatureHeader);
            if (!Signatures.matchesAny(keys, received, payload(body, timestamp, messageId))) {
                throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, "vapi webhook signature in "
                        + signatureHeader + " matches no configured secret (wrong secret, or the body was altered "
                        + "or re-serialized before verification)");
            }
            if (at != null) {
                Instant now = clock.instant();
                if (at.isBefore(now.minus(tolerance))) {
                    throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_OLD, "vapi webhook timestamp is "
                            + Duration.between(at, now).toSeconds() + " s old, more than the " + tolerance.toSeconds()
                            + " s tolerance");
                }
                if (at.isAfter(now.plus(tolerance))) {
                    throw new WebhookVerificationException(Reason.TIMESTAMP_TOO_NEW, "vapi webhook timestamp is "
                            + Duration.between(now, at).toSeconds() + " s in the future, more than the "
                            + tolerance.toSeconds() + " s tolerance");
                }
            }
        }

        private byte[][] payload(byte[] body, String timestamp, String messageId) {
            byte[][] out = new byte[parts.size()][];
            for (int i = 0; i < out.length; i++) {
                Object part = parts.get(i);
                if (part instanceof byte[]) {
                    out[i] = (byte[]) part;
                } else {
                    switch ((Part) part) {
                        case BODY:
                            out[i] = body;
                            break;
                        case TIMESTAMP:
                            out[i] = timestamp.getBytes(StandardCharsets.UTF_8);
                            break;
                        case METHOD:
                            out[i] = method;
                            break;
                        case URL:
                            out[i] = url;
                            break;
                        default:
                            out[i] = messageId.getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
            return out;
        }

        /** Epoch seconds or milliseconds (VAPI does not document which), or an ISO-8601 instant. */
        private Instant parseTimestamp(String value) {
            try {
                long n = Long.parseLong(value);
                return n >= MILLIS_THRESHOLD || n <= -MILLIS_THRESHOLD ? Instant.ofEpochMilli(n)
                        : Instant.ofEpochSecond(n);
            } catch (NumberFormatException notInteger) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException notIso) {
                    throw new WebhookVerificationException(Reason.MALFORMED_HEADER, timestampHeader
                            + " is neither epoch seconds, epoch milliseconds nor an ISO-8601 instant");
                }
            }
        }

        @Override
        public String toString() {
            return "VapiWebhookVerifier.hmac[" + jca + ", " + signatureHeader + ", " + keys.size() + " secret(s)]";
        }
    }

    /** A shared token in a header, optionally after {@code Bearer }: the legacy secret and Bearer credentials. */
    private static final class TokenHeaderVerifier implements WebhookVerifier {
        private static final String BEARER = "Bearer ";

        private final String header;
        private final boolean bearerPrefix;
        private final List<byte[]> tokenDigests;
        private final String name;

        TokenHeaderVerifier(String header, boolean bearerPrefix, List<String> tokens, String name) {
            this.header = header;
            this.bearerPrefix = bearerPrefix;
            List<byte[]> digests = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                digests.add(sha256(t));
            }
            this.tokenDigests = List.copyOf(digests);
            this.name = name;
        }

        @Override
        public void verify(Map<String, List<String>> headers, byte[] body) {
            String value = Headers.first(headers, header);
            if (value == null || value.isBlank()) {
                throw new WebhookVerificationException(Reason.MISSING_HEADER, "vapi webhook has no " + header
                        + " header");
            }
            String token = value.trim();
            if (bearerPrefix) {
                if (!token.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                    throw new WebhookVerificationException(Reason.MALFORMED_HEADER, "vapi webhook " + header
                            + " header is not 'Bearer <token>'");
                }
                token = token.substring(BEARER.length()).trim();
            }
            // Compare digests: equal lengths, so the comparison time does not reveal the token's length.
            byte[] received = sha256(token);
            boolean matched = false;
            for (byte[] expected : tokenDigests) {
                matched |= Signatures.matches(expected, received);
            }
            if (!matched) {
                throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, "vapi webhook " + header
                        + " matches no configured token");
            }
        }

        private static byte[] sha256(String s) {
            return Signatures.sha256(Signatures.utf8(s));
        }

        @Override
        public String toString() {
            return name + "[" + tokenDigests.size() + " token(s)]";
        }
    }
}
