package io.inmo.voice.internal.http;

import io.inmo.voice.Sleeper;
import io.inmo.voice.internal.Watchdog;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;

/**
 * The deadline over a provider response's body. The JDK client's {@link java.net.http.HttpRequest#timeout()}
 * stops at the response headers; a provider (or a proxy) that then trickles or withholds the body would hold the
 * calling thread for as long as it likes. Each exchange's body is read by a subscriber registered here with the
 * exchange's deadline; a daemon thread ({@value #THREAD_NAME}) ticks every {@link #PERIOD} and fails the bodies
 * past theirs with an {@link HttpTimeoutException}, cancelling their subscription, so {@code HttpClient.send}
 * returns at once.
 *
 * <p>Why not {@code sendAsync(...).get(timeout)}: the JDK completes an async exchange on another thread of its
 * pool before waking the caller, which adds a thread hop (about 100 us on an idle 2-core machine, 1.7x a loopback
 * exchange) to every call creation. {@code send} on the caller's thread has no hop, and registering a body here
 * wakes no thread (see docs/performance.md).
 *
 * <p>The thread starts with the first exchange and exits after {@link #IDLE_EXIT} without any, so nothing needs
 * closing and no thread leaks. Time, waits and the thread are injected for tests. Thread-safe.
 */
final class ExchangeDeadlines {

    /** The name of the watchdog's thread. */
    static final String THREAD_NAME = "inmo-voice-http-deadlines";
    /** How often the watchdog looks: a body past its deadline fails within this. */
    static final Duration PERIOD = Duration.ofMillis(100);
    /** How long the watchdog's thread stays without exchanges before it exits. */
    static final Duration IDLE_EXIT = Duration.ofSeconds(60);

    private final LongSupplier ticker;
    private final ConcurrentHashMap<Body, Boolean> reading = new ConcurrentHashMap<>();
    private final Watchdog watchdog;

    /**
     * @param ticker nanoseconds, as {@link System#nanoTime()}
     * @param sleeper waits between ticks on the watchdog's thread
     * @param threads runs the watchdog's loop on a thread of its own
     */
    ExchangeDeadlines(LongSupplier ticker, Sleeper sleeper, Executor threads) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.watchdog = new Watchdog("HTTP response deadline", PERIOD, IDLE_EXIT, ticker, sleeper, threads,
                new Watchdog.Watched() {
                    @Override
                    public void tick(long now) {
                        ExchangeDeadlines.this.tick(now);
                    }

                    @Override
                    public boolean isEmpty() {
                        return reading.isEmpty();
                    }
                });
    }

    /** @return the production watchdog: {@link System#nanoTime()}, {@link Thread#sleep}, a daemon thread */
    static ExchangeDeadlines system() {
        return new ExchangeDeadlines(System::nanoTime, Sleeper.system(),
                Watchdog.daemonThreads(THREAD_NAME, ExchangeDeadlines.class.getClassLoader()));
    }

    /** @return the ticker's time now */
    long now() {
        return ticker.getAsLong();
    }

    /**
     * @param deadline the ticker's time by which the whole body must have arrived
     * @param timeout the request timeout, for the failure's message
     * @return a handler reading the body as bytes under that deadline
     */
    HttpResponse.BodyHandler<byte[]> bytesBy(long deadline, Duration timeout) {
        return info -> new Body(deadline, timeout);
    }

    /** @return how many bodies are being read (registered, not complete) */
    int pending() {
        return reading.size();
    }

    /**
     * Fails the bodies past their deadline.
     *
     * @param now the ticker's time
     * @return how many were failed
     */
    int tick(long now) {
        int expired = 0;
        for (Body body : reading.keySet()) {
            if (now - body.deadline >= 0 && body.expire()) {
                expired++;
            }
        }
        return expired;
    }

    private void register(Body body) {
        reading.put(body, Boolean.TRUE);
        watchdog.watch();
    }

    /** One response body being read: the JDK's byte-array subscriber, with a deadline. */
    final class Body implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final long deadline;
        private final Duration timeout;
        private volatile Flow.Subscription subscription;

        Body(long deadline, Duration timeout) {
            this.deadline = deadline;
            this.timeout = timeout;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.getBody().whenComplete((body, failure) -> {
                reading.remove(this);
                if (failure == null) {
                    result.complete(body);
                } else {
                    result.completeExceptionally(failure);
                }
            });
            register(this);
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            bytes.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            bytes.onError(throwable);
        }

        @Override
        public void onComplete() {
            bytes.onComplete();
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        /** @return whether this call failed the body (it had not completed) */
        boolean expire() {
            reading.remove(this);
            boolean expired = result.completeExceptionally(new HttpTimeoutException("no complete response (headers "
                    + "and body) within " + timeout.toMillis() + " ms"));
            if (expired) {
                subscription.cancel();
            }
            return expired;
        }
    }
}
