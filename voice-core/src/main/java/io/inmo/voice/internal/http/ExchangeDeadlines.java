package io.inmo.voice.internal.http;

import io.inmo.voice.Sleeper;
import io.inmo.voice.internal.Watchdog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The one deadline over a whole provider exchange (connect, headers, the JDK's own re-sends, the body), kept from
 * the caller's side. {@link java.net.http.HttpRequest#timeout()} alone is not enough: the JDK stops that timer at
 * the response headers (a provider that trickles the body would hold the caller as long as it likes), starts a
 * new one for each of its internal re-sends, and hands the body to the client's executor, which a host's busy
 * executor can delay without bound.
 *
 * <p>The caller {@link #start starts} an exchange just before {@code HttpClient.send} and {@link #finish finishes}
 * it right after; a daemon thread ({@value #THREAD_NAME}, an {@link Watchdog}) ticks every {@link #PERIOD} and
 * interrupts the caller of an exchange past its deadline. {@code send} waits interruptibly, so it cancels the
 * exchange and returns at once; {@code finish} then says it was the deadline (and clears the interrupt, which
 * was ours), and the caller treats it as a timeout.
 *
 * <p>Why not {@code sendAsync(...).get(timeout)}: the JDK completes an async exchange on another thread of its
 * pool before waking the caller, which adds a thread hop (about 100 us on an idle 2-core machine, 1.7x a loopback
 * exchange) to every call creation. {@code send} on the caller's thread has no hop, and registering an exchange
 * here wakes no thread (see docs/performance.md, run 11).
 *
 * <p>Time, waits and the thread are injected for tests. Thread-safe.
 */
final class ExchangeDeadlines {

    /** The name of the watchdog's thread. */
    static final String THREAD_NAME = "inmo-voice-http-deadlines";
    /** How often the watchdog looks: an exchange past its deadline is stopped within this. */
    static final Duration PERIOD = Duration.ofMillis(100);
    /** How long the watchdog's thread stays without exchanges before it exits. */
    static final Duration IDLE_EXIT = Duration.ofSeconds(60);

    private final LongSupplier ticker;
    private final ConcurrentHashMap<Exchange, Boolean> running = new ConcurrentHashMap<>();
    private final Watchdog watchdog;

    /**
     * @param ticker nanoseconds, as {@link System#nanoTime()}
     * @param sleeper waits between ticks on the watchdog's thread
     * @param threads runs the watchdog's loop on a thread of its own
     */
    ExchangeDeadlines(LongSupplier ticker, Sleeper sleeper, Executor threads) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.watchdog = new Watchdog("HTTP exchange deadline", PERIOD, IDLE_EXIT, ticker, sleeper, threads,
                new Watchdog.Watched() {
                    @Override
                    public void tick(long now) {
                        ExchangeDeadlines.this.tick(now);
                    }

                    @Override
                    public boolean isEmpty() {
                        return running.isEmpty();
                    }
                });
    }

    /** @return the production watchdog: {@link System#nanoTime()}, {@link Thread#sleep}, a daemon thread */
    static ExchangeDeadlines system() {
        return new ExchangeDeadlines(System::nanoTime, Sleeper.system(),
                Watchdog.daemonThreads(THREAD_NAME, ExchangeDeadlines.class.getClassLoader()));
    }

    /**
     * Registers the calling thread's exchange.
     *
     * @param timeout the request timeout: the whole exchange's budget from now (huge ones never expire)
     * @return the handle to {@link #finish} whatever {@code send} did
     */
    Exchange start(Duration timeout) {
        long now = ticker.getAsLong();
        long budget = timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) >= 0 ? Long.MAX_VALUE / 4
                : timeout.toNanos();
        Exchange exchange = new Exchange(Thread.currentThread(), now + budget);
        running.put(exchange, Boolean.TRUE);
        watchdog.watch();
        return exchange;
    }

    /**
     * Deregisters the calling thread's exchange; call it once, right after {@code send} returned or threw.
     *
     * @param exchange what {@link #start} returned
     * @return whether the deadline stopped it: the caller was (or is about to be, so this waits) interrupted by
     *         the watchdog, and that interrupt is cleared here, as it was not the host's. A caller the host had
     *         interrupted already is left interrupted, and this returns {@code false}. One flag cannot hold two
     *         interrupts: a host interrupt that lands in the microseconds between the watchdog's and this call is
     *         cleared with it
     */
    boolean finish(Exchange exchange) {
        running.remove(exchange);
        if (exchange.complete()) {
            return false;
        }
        synchronized (exchange) {
            // the watchdog interrupts inside this monitor: once here, its interrupt has been delivered
        }
        if (exchange.hostInterrupted) {
            return false; // the host had interrupted the caller first: its interrupt, not a deadline
        }
        Thread.interrupted();
        return true;
    }

    /** @return how many exchanges are running (started, not finished) */
    int pending() {
        return running.size();
    }

    /**
     * Interrupts the callers of the exchanges past their deadline, once each.
     *
     * @param now the ticker's time
     * @return how many were stopped
     */
    int tick(long now) {
        int stopped = 0;
        for (Exchange exchange : running.keySet()) {
            if (now - exchange.deadline >= 0 && exchange.expire()) {
                running.remove(exchange);
                stopped++;
            }
        }
        return stopped;
    }

    /** One running exchange: its caller and deadline. */
    static final class Exchange {
        private static final int RUNNING = 0;
        private static final int COMPLETE = 1;
        private static final int EXPIRED = 2;
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Exchange.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Thread caller;
        private final long deadline;
        /** Whether the caller was interrupted already when the deadline came: then the interrupt is the host's. */
        private boolean hostInterrupted;
        @SuppressWarnings("unused") // through STATE
        private volatile int state;

        Exchange(Thread caller, long deadline) {
            this.caller = caller;
            this.deadline = deadline;
        }

        /** The caller: done before its deadline. */
        boolean complete() {
            return STATE.compareAndSet(this, RUNNING, COMPLETE);
        }

        /** The watchdog: stops the caller unless it completed first. */
        synchronized boolean expire() {
            if (!STATE.compareAndSet(this, RUNNING, EXPIRED)) {
                return false;
            }
            if (caller.isInterrupted()) {
                hostInterrupted = true;
            } else {
                caller.interrupt();
            }
            return true;
        }
    }
}
