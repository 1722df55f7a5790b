package io.inmo.voice.internal.http;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.Sleeper;
import io.inmo.voice.VoiceException;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.VoiceObserver.RetryReason;
import io.inmo.voice.internal.Observers;
import io.inmo.voice.internal.Retrying;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP plumbing every provider shares: one {@link HttpClient} per connect timeout, timeouts always set
 * (the request timeout is one deadline over the whole exchange, headers and body), and the never-dial-twice
 * retry rule.
 *
 * <p>A request that creates something ({@link ProviderRequest#safeToRepeat()} {@code false}) is repeated only
 * when it provably was not processed: the connection could not be made, or the provider answered 429 and
 * its {@link ProviderRequest.RateLimitRule} allows a retry within {@link ProviderConfig#maxRetryWait()}.
 * A read timeout, a connection lost after sending, or a 5xx is an unknown outcome: it throws
 * {@link CallOutcomeUnknownException} (timeouts, lost connections) or returns the 5xx response for the
 * provider to map, and never repeats. Safe requests (GET) are also repeated after timeouts and 5xx.
 *
 * <p>Each attempt and each wait before a retry is reported to the {@link ProviderConfig#observer() observer}
 * the service attached to the configuration.
 *
 * <p>Thread-safe. Never logs headers or bodies: they hold credentials and phone numbers.
 */
public final class ProviderHttpClient {

    private static final Logger log = LoggerFactory.getLogger(ProviderHttpClient.class);
    private static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(5);

    private final HttpClient injectedClient;
    private final Map<Duration, HttpClient> clientsByConnectTimeout = new ConcurrentHashMap<>();
    private final Map<RetryKey, Retry> retries = new ConcurrentHashMap<>();
    private final Sleeper sleeper;
    private final Clock clock;
    /** The body's share of each exchange's deadline; one watchdog per client, no static state. */
    private final ExchangeDeadlines deadlines = ExchangeDeadlines.system();

    private ProviderHttpClient(Builder b) {
        this.injectedClient = b.httpClient;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
    }

    /** @return a client with the JDK's HTTP client, real sleeps and the system clock */
    public static ProviderHttpClient create() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the clock used for {@code Retry-After} dates */
    public Clock clock() {
        return clock;
    }

    /**
     * Sends a request under the retry rule.
     *
     * @param request what to send
     * @param config timeouts and retry bounds
     * @return the response: any status, including the last 429 or 5xx when retries ran out or were not allowed
     * @throws ProviderUnavailableException when no connection could be made after the allowed attempts
     * @throws CallOutcomeUnknownException when an unsafe request was sent and no response came back
     */
    public HttpResult send(ProviderRequest request, ProviderConfig config) {
        Retry retry = retries.computeIfAbsent(new RetryKey(request.provider(), config.maxAttempts()),
                ProviderHttpClient::newRetry);
        VoiceObserver observer = config.observer();
        int[] attempts = {0}; // only this thread runs the attempts
        try {
            return Retrying.run(retry, sleeper, () -> attempt(request, config, observer, ++attempts[0]),
                    (wait, failure) -> observer.retryWait(request.provider(), wait,
                            failure instanceof RetryableFailure ? ((RetryableFailure) failure).reason
                                    : RetryReason.IO_ERROR));
        } catch (RetryableFailure exhausted) {
            return exhausted.finalOutcome(request, config);
        } catch (VoiceException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(request.provider(), "interrupted while waiting to retry "
                    + request, e);
        } catch (Exception e) {
            throw new IllegalStateException("unexpected failure sending " + request, e);
        }
    }

    /**
     * The policy is the same for every request of a provider with the same attempt bound (the wait comes from
     * each failure), so one {@link Retry} serves them all: each {@link Retrying#run} gets its own context.
     */
    private static Retry newRetry(RetryKey key) {
        Retry retry = Retry.of(key.provider() + "-http", RetryConfig.<HttpResult>custom()
                .maxAttempts(key.maxAttempts())
                .retryOnException(e -> e instanceof RetryableFailure)
                .intervalBiFunction((attempt, outcome) -> outcome.isLeft() && outcome.getLeft() instanceof RetryableFailure
                        ? ((RetryableFailure) outcome.getLeft()).waitMillis(attempt)
                        : Retrying.backoffMillis(attempt, BACKOFF_BASE, BACKOFF_CAP))
                .build());
        retry.getEventPublisher().onRetry(e -> log.warn("{} request failed (attempt {}), retrying in {} ms: {}",
                key.provider(), e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(),
                describe(e.getLastThrowable())));
        return retry;
    }

    private record RetryKey(String provider, int maxAttempts) {
    }

    private HttpResult attempt(ProviderRequest request, ProviderConfig config, VoiceObserver observer, int attempt)
            throws RetryableFailure {
        HttpRequest.Builder http = HttpRequest.newBuilder(request.uri())
                .timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "inmo-voice");
        request.headers().forEach(http::header);
        TrackedBody body = null;
        if (request.body() != null) {
            http.header("Content-Type", "application/json");
            body = new TrackedBody(request.body());
            http.method(request.method(), body);
        } else {
            http.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        ProviderOperation operation = request.safeToRepeat() ? ProviderOperation.FETCH : ProviderOperation.CREATE;
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = exchange(client(config), http.build(), body, request, config.requestTimeout());
        } catch (RuntimeException e) {
            observer.providerRequest(request.provider(), operation, failureOutcome(e), attempt,
                    Observers.since(started));
            throw e;
        }
        observer.providerRequest(request.provider(), operation, ProviderOutcome.ofStatus(response.statusCode()),
                attempt, Observers.since(started));
        HttpResult result = new HttpResult(response.statusCode(), response.headers().map(), response.body());
        log.debug("{} {} -> {} in {} ms", request.provider(), request.method(), result.status(),
                (System.nanoTime() - started) / 1_000_000);
        if (result.status() == 429) {
            Optional<Duration> wait = request.rateLimit().waitBeforeRetry(result, clock);
            if (wait.isPresent() && wait.get().compareTo(config.maxRetryWait()) <= 0) {
                throw RetryableFailure.rateLimited(result, wait.get());
            }
            return result;
        }
        if (result.status() >= 500 && request.safeToRepeat()) {
            throw RetryableFailure.serverError(result);
        }
        return result;
    }

    /**
     * Sends and waits for the whole response, headers <em>and</em> body, within one deadline over the whole
     * exchange ({@link ExchangeDeadlines}: the JDK's own timer covers only part of it). Past the deadline the
     * exchange is cancelled and treated like a read timeout: for a call creation an unknown outcome, never
     * re-dialed. {@code send} runs on the caller's thread: an async exchange would add a thread hop to every call.
     */
    private HttpResponse<byte[]> exchange(HttpClient client, HttpRequest http, TrackedBody body,
                                          ProviderRequest request, Duration timeout) {
        if (Thread.currentThread().isInterrupted()) {
            // send would refuse before sending anything: nothing can have been placed
            throw new ProviderUnavailableException(request.provider(), "interrupted before sending " + request);
        }
        ExchangeDeadlines.Exchange exchange = deadlines.start(timeout);
        HttpResponse<byte[]> response;
        try {
            response = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // What the JDK raised says more than the deadline that raced it (a connect failure proves "not sent")
            boolean expired = deadlines.finish(exchange);
            throw expired && !notSent(e) ? pastDeadline(request, body, timeout) : classify(request, e);
        } catch (InterruptedException e) {
            if (deadlines.finish(exchange)) {
                throw pastDeadline(request, body, timeout);
            }
            Thread.currentThread().interrupt();
            if (request.safeToRepeat()) {
                throw new ProviderUnavailableException(request.provider(), "interrupted during " + request, e);
            }
            throw new CallOutcomeUnknownException(request.provider(), "interrupted after sending " + request
                    + "; the call may have been placed", e);
        } catch (RuntimeException | Error e) {
            deadlines.finish(exchange);
            throw e;
        }
        // A deadline that passed as the response came in: the response is whole, keep it (finish cleared the
        // interrupt that was meant to stop the exchange).
        deadlines.finish(exchange);
        return response;
    }

    /**
     * An exchange stopped at its deadline. When its body was never handed to the connection (a host executor
     * that never got to it, a connection never made), the provider cannot have processed the request: it is
     * "not sent", which a call creation may repeat. Otherwise it is a read timeout.
     */
    private static RuntimeException pastDeadline(ProviderRequest request, TrackedBody body, Duration timeout) {
        HttpTimeoutException timedOut = timedOut(timeout);
        if (body != null && !body.subscribed()) {
            return RetryableFailure.notSent(timedOut, RetryReason.TIMEOUT);
        }
        return classify(request, timedOut);
    }

    private static HttpTimeoutException timedOut(Duration timeout) {
        return new HttpTimeoutException("no complete response (headers and body) within " + timeout.toMillis()
                + " ms");
    }

    /** A timeout anywhere in the failure's causes (connect, headers or whole exchange) is a timeout. */
    private static ProviderOutcome failureOutcome(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return ProviderOutcome.TIMEOUT;
            }
        }
        return ProviderOutcome.IO_ERROR;
    }

    /** Decides what an I/O failure means for the request: not sent (retry), or sent with unknown outcome. */
    private static RuntimeException classify(ProviderRequest request, IOException e) {
        if (notSent(e)) {
            return RetryableFailure.notSent(e, RetryReason.CONNECT_FAILED);
        }
        if (request.safeToRepeat()) {
            return RetryableFailure.notSent(e, e instanceof HttpTimeoutException ? RetryReason.TIMEOUT
                    : RetryReason.IO_ERROR);
        }
        String what = e instanceof HttpTimeoutException ? "timed out waiting for the response to "
                : "lost the connection after sending ";
        return new CallOutcomeUnknownException(request.provider(), request.provider() + " " + what + request.method()
                + " " + request.uri().getPath() + "; the call may have been placed, so it is not retried", e);
    }

    private static boolean notSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private HttpClient client(ProviderConfig config) {
        if (injectedClient != null) {
            return injectedClient;
        }
        return clientsByConnectTimeout.computeIfAbsent(config.connectTimeout(), timeout -> HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /**
     * A request body that knows whether the client ever asked for it: until it does, nothing of the request's
     * body can have reached the provider, so a POST stopped before that point was provably not processed.
     */
    static final class TrackedBody implements HttpRequest.BodyPublisher {
        private final HttpRequest.BodyPublisher bytes;
        private volatile boolean subscribed;

        TrackedBody(byte[] body) {
            this.bytes = HttpRequest.BodyPublishers.ofByteArray(body);
        }

        @Override
        public long contentLength() {
            return bytes.contentLength();
        }

        @Override
        public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
            subscribed = true;
            bytes.subscribe(subscriber);
        }

        /** @return whether the client subscribed to the body (it may have sent some of it) */
        boolean subscribed() {
            return subscribed;
        }
    }

    /** A failure that provably left nothing behind at the provider (or a safe request), so it may be repeated. */
    static final class RetryableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient HttpResult response;
        private final Duration wait;
        private final RetryReason reason;

        private RetryableFailure(String message, Throwable cause, HttpResult response, Duration wait,
                                 RetryReason reason) {
            super(message, cause, false, false);
            this.response = response;
            this.wait = wait;
            this.reason = reason;
        }

        static RetryableFailure notSent(IOException cause, RetryReason reason) {
            return new RetryableFailure(describe(cause), cause, null, null, reason);
        }

        static RetryableFailure rateLimited(HttpResult response, Duration wait) {
            return new RetryableFailure("HTTP 429", null, response, wait, RetryReason.RATE_LIMITED);
        }

        static RetryableFailure serverError(HttpResult response) {
            return new RetryableFailure("HTTP " + response.status(), null, response, null, RetryReason.SERVER_ERROR);
        }

        long waitMillis(int attempt) {
            // A rate limit without Retry-After still gets the backoff: hammering a 429 makes it worse.
            return wait != null && !wait.isZero() ? wait.toMillis()
                    : Retrying.backoffMillis(attempt, BACKOFF_BASE, BACKOFF_CAP);
        }

        HttpResult finalOutcome(ProviderRequest request, ProviderConfig config) {
            if (response != null) {
                return response;
            }
            throw new ProviderUnavailableException(request.provider(), "could not reach " + request.provider()
                    + " at " + request.uri().getHost() + " after " + config.maxAttempts() + " attempt(s): "
                    + describe(getCause()), getCause());
        }
    }

    /** Builder for {@link ProviderHttpClient}. */
    public static final class Builder {
        private HttpClient httpClient;
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param httpClient a client to use for every request (its connect timeout, proxy and TLS settings
         *        win); by default one is built per configured connect timeout
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** @param sleeper waits between retries @return this builder */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @param clock for {@code Retry-After} dates @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the client */
        public ProviderHttpClient build() {
            return new ProviderHttpClient(this);
        }
    }
}
