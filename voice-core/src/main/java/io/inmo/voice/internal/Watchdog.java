package io.inmo.voice.internal;

import io.inmo.voice.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that ticks a set of deadlines (the JDBC stores' statements, the provider exchanges' bodies)
 * while there are any, without a thread woken per registration: the owner registers an item in its own
 * concurrent collection and calls {@link #watch()}; the thread starts with the first item, ticks every period,
 * and exits after {@code idleExit} without items, so nothing needs closing and no thread leaks. The next item
 * starts a new thread. Time, waits and the thread are injected, so tests run the loop by hand. Not API.
 * Thread-safe.
 */
public final class Watchdog {

    /** What the thread ticks: the owner's deadlines. */
    public interface Watched {
        /**
         * Acts on the items past their deadline.
         *
         * @param now the ticker's time
         */
        void tick(long now);

        /** @return whether no item is registered */
        boolean isEmpty();
    }

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final String what;
    private final Duration period;
    private final long idleNanos;
    private final LongSupplier ticker;
    private final Sleeper sleeper;
    private final Executor threads;
    private final Watched watched;
    /** Whether a thread is running (or about to). */
    private final AtomicBoolean watching = new AtomicBoolean();
    /** Set by each {@link #watch()}, cleared by each tick: "not idle". */
    private volatile boolean used;

    /**
     * @param what what is watched, for the log ("query timeout")
     * @param period the wait between ticks
     * @param idleExit how long the thread stays without items before it exits
     * @param ticker nanoseconds, as {@link System#nanoTime()}
     * @param sleeper waits between ticks
     * @param threads runs the loop on a thread of its own (see {@link #daemonThreads})
     * @param watched the owner's deadlines
     */
    public Watchdog(String what, Duration period, Duration idleExit, LongSupplier ticker, Sleeper sleeper,
                    Executor threads, Watched watched) {
        this.what = Objects.requireNonNull(what, "what");
        this.period = Objects.requireNonNull(period, "period");
        this.idleNanos = idleExit.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.watched = Objects.requireNonNull(watched, "watched");
    }

    /**
     * @param name the threads' name
     * @param loader their context class loader (the library's, not whichever host thread came first)
     * @return an executor that runs each task on a new daemon thread that inherits no thread-locals
     */
    public static Executor daemonThreads(String name, ClassLoader loader) {
        return task -> {
            Thread thread = new Thread(null, task, name, 0, false);
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            thread.start();
        };
    }

    /** @return the wait between ticks */
    public Duration period() {
        return period;
    }

    /**
     * Call after registering an item: marks the watchdog busy and starts its thread if none runs. If no thread can
     * be started the item stays registered, unwatched until the next call starts one (logged at WARN).
     */
    public void watch() {
        if (!used) {
            used = true;
        }
        // After the owner's put: either the loop's exit check sees the item, or we see that it stopped.
        if (!watching.get() && watching.compareAndSet(false, true)) {
            try {
                threads.execute(this::loop);
            } catch (RuntimeException | OutOfMemoryError e) {
                watching.set(false);
                log.warn("Could not start the {} watchdog thread ({}); its deadlines are not kept until it can be "
                        + "started", what, e.toString());
            }
        }
    }

    /** The thread's loop: tick, until nothing has been watched for the idle time. */
    private void loop() {
        boolean exited = false;
        try {
            long quietSince = ticker.getAsLong();
            while (true) {
                sleeper.sleep(period);
                long now = ticker.getAsLong();
                try {
                    watched.tick(now);
                } catch (RuntimeException e) {
                    log.warn("The {} watchdog failed a tick; it goes on", what, e);
                }
                if (used || !watched.isEmpty()) {
                    used = false;
                    quietSince = now;
                } else if (now - quietSince >= idleNanos) {
                    watching.set(false);
                    // An item registered after the check above but before the flag fell: keep watching it.
                    if (watched.isEmpty() || !watching.compareAndSet(false, true)) {
                        exited = true;
                        return;
                    }
                    quietSince = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!exited) {
                watching.set(false); // interrupted, or a bug: the next item starts a new thread
            }
        }
    }
}
