package io.inmo.voice.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceException;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Observers;
import io.inmo.voice.spi.VoiceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a provider's raw webhook (headers and body bytes, as the host's HTTP endpoint received them) into a
 * provider-neutral {@link WebhookEvent}, in an order that keeps hostile input cheap to refuse:
 * <ol>
 *   <li>the provider id must be known ({@link UnknownProviderException}, 404);</li>
 *   <li>the body must fit the size limit, checked before anything reads it ({@link PayloadTooLargeException},
 *       413, default 1 MiB);</li>
 *   <li>a verifier must be configured for the provider, or {@link WebhookVerifier#none()} chosen explicitly,
 *       and it must accept the raw bytes ({@link WebhookVerificationException}, 401);</li>
 *   <li>the body is parsed under Jackson read constraints (nesting depth, string and number length); bodies
 *       that are not JSON, break the limits, have wrong types, numbers out of range or name no call are
 *       refused ({@link MalformedWebhookException}, 400). Any other exception a provider's parser throws is a
 *       parser bug: it is answered as a 400 as well and logged at WARN with its class. Message types the SDK
 *       does not use come back as {@link WebhookEvent.Type#IGNORED}: answer them 200.</li>
 * </ol>
 *
 * <pre>{@code
 * WebhookNormalizer normalizer = WebhookNormalizer.builder()
 *         .verifier("vapi", VapiWebhookVerifier.secretHeader(System.getenv("VAPI_WEBHOOK_SECRET")))
 *         .verifier("bland", BlandWebhookVerifier.hmacSha256(System.getenv("BLAND_WEBHOOK_SECRET")))
 *         .build();
 *
 * // POST /webhooks/voice/{provider}
 * try {
 *     calls.handle(normalizer.normalize(provider, request.headers(), request.bodyBytes()));
 *     return 200;
 * } catch (VoiceException e) {
 *     return e.httpStatus();
 * }
 * }</pre>
 *
 * <p>A refused webhook is reported to the {@link Builder#observer observer} with its result (unauthorized,
 * malformed, too large, unknown provider); an accepted one is reported by {@code VoiceCallService.handle}.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookNormalizer {

    private static final Logger log = LoggerFactory.getLogger(WebhookNormalizer.class);

    /** Default body size limit: 1 MiB. A VAPI end-of-call report of a long call is a few hundred KB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

    private final VoiceProviderFactory providers;
    private final Map<String, WebhookVerifier> verifiers;
    private final int maxBodyBytes;
    private final ObjectMapper mapper;
    private final VoiceObserver observer;
    /** Providers already warned about running without verification; the warning is logged once each. */
    private final Set<String> warnedUnverified = ConcurrentHashMap.newKeySet();

    private WebhookNormalizer(Builder b) {
        this.providers = b.providers != null ? b.providers : VoiceProviderFactory.discover();
        this.verifiers = Map.copyOf(b.verifiers);
        this.maxBodyBytes = b.maxBodyBytes;
        this.mapper = Json.webhookMapper(b.maxNestingDepth);
        this.observer = Observers.guard(b.observer);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param provider the provider id from the webhook URL ({@code "vapi"}, {@code "bland"}, {@code "fake"})
     * @param headers the request headers (names in any case; may be empty, never {@code null})
     * @param body the raw request body, exactly as received
     * @return the event; {@link WebhookEvent.Type#IGNORED} for message types the SDK does not use
     * @throws UnknownProviderException no provider with that id is on the classpath (404)
     * @throws PayloadTooLargeException the body exceeds the limit (413)
     * @throws WebhookVerificationException no verifier configured, or the signature does not match (401)
     * @throws MalformedWebhookException the body cannot be understood (400)
     */
    public WebhookEvent normalize(String provider, Map<String, List<String>> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        long started = System.nanoTime();
        VoiceProvider parser = parserFor(provider, started);
        try {
            return normalize(parser, provider, headers, body);
        } catch (RuntimeException e) {
            observer.webhookFinished(parser.id(), Observers.webhookResult(e), Observers.since(started));
            throw e;
        }
    }

    /**
     * Normalizes a webhook straight from the request's body stream, so that the host checks nothing itself: an
     * unknown provider is refused before a byte is read, a declared length over the limit before reading, a
     * body that passes the limit as soon as it does (at most limit + 1 bytes are read), and a body shorter than
     * its declared length (a truncated upload) is malformed. Every refusal is reported to the observer, as with
     * {@link #normalize(String, Map, byte[])}.
     *
     * <pre>{@code
     * // Servlet
     * calls.handle(normalizer.normalize(provider, headers, request.getInputStream(), request.getContentLengthLong()));
     * }</pre>
     *
     * @param provider the provider id from the webhook URL
     * @param headers the request headers (names in any case; never {@code null})
     * @param body the request body; read, not closed
     * @param declaredLength the request's {@code Content-Length}, or {@code -1} when it has none (chunked)
     * @return the event
     * @throws UnknownProviderException no provider with that id is on the classpath (404), nothing read
     * @throws PayloadTooLargeException the declared or the read length exceeds the limit (413)
     * @throws MalformedWebhookException the body ended before its declared length, or cannot be understood (400)
     * @throws WebhookVerificationException no verifier configured, or the signature does not match (401)
     * @throws IOException reading the body failed (the connection broke); nothing was changed
     */
    public WebhookEvent normalize(String provider, Map<String, List<String>> headers, InputStream body,
                                  long declaredLength) throws IOException {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        long started = System.nanoTime();
        VoiceProvider parser = parserFor(provider, started);
        try {
            return normalize(parser, provider, headers, readBounded(body, declaredLength));
        } catch (RuntimeException e) {
            observer.webhookFinished(parser.id(), Observers.webhookResult(e), Observers.since(started));
            throw e;
        }
    }

    /** The provider's parser, or a 404 reported to the observer without the id, which is the caller's text. */
    private VoiceProvider parserFor(String provider, long started) {
        VoiceProvider parser = provider == null ? null : providers.provider(provider).orElse(null);
        if (parser == null) {
            observer.webhookFinished(VoiceObserver.UNKNOWN_PROVIDER, VoiceObserver.WebhookResult.UNKNOWN_PROVIDER,
                    Observers.since(started));
            throw new UnknownProviderException(provider, providers.providerIds());
        }
        return parser;
    }

    /** Reads at most {@code maxBodyBytes + 1} bytes; refuses a declared length over the limit before reading. */
    private byte[] readBounded(InputStream in, long declaredLength) throws IOException {
        if (declaredLength > maxBodyBytes) {
            throw new PayloadTooLargeException(declaredLength, maxBodyBytes);
        }
        // One byte past the limit tells "over" from "exactly at" (capped where an array can no longer grow).
        byte[] body = in.readNBytes((int) Math.min(maxBodyBytes + 1L, Integer.MAX_VALUE - 8));
        if (body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(body.length, maxBodyBytes);
        }
        if (declaredLength >= 0 && body.length < declaredLength) {
            throw new MalformedWebhookException("the body ended after " + body.length + " of the " + declaredLength
                    + " bytes its Content-Length announced");
        }
        return body;
    }

    private WebhookEvent normalize(VoiceProvider parser, String provider, Map<String, List<String>> headers,
                                   byte[] body) {
        if (body.length > maxBodyBytes) {
            throw new PayloadTooLargeException(body.length, maxBodyBytes);
        }
        verifierFor(provider).verify(headers, body);
        WebhookEvent event = parse(parser, provider, headers, body);
        if (event.type() != WebhookEvent.Type.IGNORED && event.callId() == null && event.externalCallId() == null) {
            throw new MalformedWebhookException(provider + " " + event.type() + " webhook names no call "
                    + "(neither the provider's call id nor our callId in its metadata)");
        }
        return event;
    }

    /**
     * Runs the provider's parser. A parser is meant to throw only {@link io.inmo.voice.VoiceException}s; any
     * other runtime exception is a parser bug that hostile input found. It still becomes a 400 (a host that
     * maps {@code VoiceException}s would answer 500 and the provider would resend forever), and is logged at
     * WARN with its class and where it was thrown, so the bug stays visible (not the message: it may quote
     * the body).
     */
    private WebhookEvent parse(VoiceProvider parser, String provider, Map<String, List<String>> headers,
                               byte[] body) {
        try {
            return parser.parseWebhook(new WebhookRequest(provider, headers, body, mapper, false));
        } catch (VoiceException e) {
            throw e;
        } catch (RuntimeException e) {
            StackTraceElement[] trace = e.getStackTrace();
            log.warn("{} webhook parser threw {} at {}; answered as a malformed webhook (400). This is a bug in "
                    + "the parser: please report it", provider, e.getClass().getName(),
                    trace.length > 0 ? trace[0] : "?");
            throw new MalformedWebhookException(provider + " webhook body could not be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private WebhookVerifier verifierFor(String provider) {
        WebhookVerifier verifier = verifiers.get(provider);
        if (verifier == null) {
            throw new WebhookVerificationException(WebhookVerificationException.Reason.NOT_CONFIGURED,
                    "no webhook verifier configured for " + provider + "; configure one with "
                            + "WebhookNormalizer.builder().verifier(\"" + provider + "\", ...), or "
                            + "WebhookVerifier.none() to accept unsigned webhooks (development only)");
        }
        if (verifier == WebhookVerifier.none() && warnedUnverified.add(provider)) {
            log.warn("{} webhooks are NOT verified (WebhookVerifier.none()): anyone who can reach the endpoint "
                    + "can change calls. Use it for local development only", provider);
        }
        return verifier;
    }

    /** Builder for {@link WebhookNormalizer}. */
    public static final class Builder {
        private final Map<String, WebhookVerifier> verifiers = new HashMap<>();
        private VoiceProviderFactory providers;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxNestingDepth = Json.DEFAULT_MAX_NESTING_DEPTH;
        private VoiceObserver observer = VoiceObserver.noop();

        private Builder() {
        }

        /**
         * @param observer told about every refused webhook (unauthorized, malformed, too large, unknown
         *        provider); use the same one as the {@code VoiceCallService}, which reports the accepted ones.
         *        Default {@link VoiceObserver#noop()}
         * @return this builder
         */
        public Builder observer(VoiceObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * @param provider provider id
         * @param verifier how that provider's webhooks are verified; {@link WebhookVerifier#none()} to accept
         *        them unverified
         * @return this builder
         */
        public Builder verifier(String provider, WebhookVerifier verifier) {
            verifiers.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(verifier, "verifier"));
            return this;
        }

        /** @param providers the providers whose parsers are used; default discovered @return this builder */
        public Builder providerFactory(VoiceProviderFactory providers) {
            this.providers = Objects.requireNonNull(providers, "providers");
            return this;
        }

        /** @param maxBodyBytes largest accepted body; default 1 MiB @return this builder */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** @param maxNestingDepth deepest accepted JSON nesting; default 64 @return this builder */
        public Builder maxNestingDepth(int maxNestingDepth) {
            if (maxNestingDepth < 4) {
                throw new IllegalArgumentException("maxNestingDepth must be at least 4, was " + maxNestingDepth);
            }
            this.maxNestingDepth = maxNestingDepth;
            return this;
        }

        /** @return the normalizer */
        public WebhookNormalizer build() {
            return new WebhookNormalizer(this);
        }
    }
}
