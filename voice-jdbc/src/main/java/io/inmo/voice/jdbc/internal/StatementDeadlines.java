package io.inmo.voice.jdbc.internal;

import io.inmo.voice.Sleeper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query timeout of one store's statements, kept by a watchdog of the store's own instead of the driver's
 * {@link Statement#setQueryTimeout(int)} (which in pgjdbc schedules a timer task per statement and wakes the
 * driver's timer thread twice per statement; see docs/performance.md, runs 9 and 10).
 *
 * <p>A statement is {@link #start started} just before it executes (its deadline: now + the timeout) and
 * {@link #finish finished} right after, whatever the outcome: an entry in a concurrent map, no thread woken.
 * A daemon thread ({@value #THREAD_NAME}) {@link #tick ticks} every {@code min(1 s, timeout / 4)}:
 * <ol>
 *   <li>a statement past its deadline is canceled once ({@link Statement#cancel()}: pgjdbc sends a
 *       CancelRequest on a connection of its own; the statement fails with SQLState 57014 and is rolled back),
 *       exactly what the driver's own timeout does;</li>
 *   <li>a statement still running one more timeout after that (the server hangs, or cannot be reached, so the
 *       cancel had no effect) has its connection aborted ({@link java.sql.Connection#abort}), so the caller's
 *       thread is freed; whether that statement took effect is then unknown, as after a crash.</li>
 * </ol>
 * The thread starts with the first statement and exits after {@link #IDLE_EXIT} without statements, so stores
 * need no {@code close()} and leak no thread; the next statement starts a new one. A deadline is met within one
 * tick; cancels run one after the other on the watchdog's thread (a cancel to a server that cannot be reached
 * takes up to pgjdbc's {@code cancelSignalTimeout}, 10 s by default).
 *
 * <p>Time, the wait between ticks, the thread and what is done to an overdue statement are injected, so tests
 * drive {@link #tick} by hand. Not API (see the package description). Thread-safe.
 */
public final class StatementDeadlines {

    /** The name of the watchdog's thread. */
    public static final String THREAD_NAME = "inmo-voice-jdbc-deadlines";
    /** How long the watchdog's thread stays without statements before it exits. */
    public static final Duration IDLE_EXIT = Duration.ofSeconds(60);
    private static final long MAX_PERIOD_NANOS = Duration.ofSeconds(1).toNanos();
    /** Far enough from overflow that {@code now + timeout + grace} never wraps. */
    private static final long MAX_TIMEOUT_SECONDS = Long.MAX_VALUE / 4 / 1_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(StatementDeadlines.class);

    /** What the watchdog does to an overdue statement. */
    public interface Enforcer {
        /**
         * Asks the server to stop the statement.
         *
         * @param statement the overdue statement
         * @throws SQLException as the driver threw it (logged; the watchdog goes on)
         */
        void cancel(Statement statement) throws SQLException;

        /**
         * Closes the statement's connection under it.
         *
         * @param statement the statement still running one timeout after its cancel
         * @throws SQLException as the driver threw it (logged; the watchdog goes on)
         */
        void abort(Statement statement) throws SQLException;
    }

    /** The driver's cancel, then {@link java.sql.Connection#abort} on the watchdog's thread. */
    public static final Enforcer DRIVER = new Enforcer() {
        @Override
        public void cancel(Statement statement) throws SQLException {
            statement.cancel();
        }

        @Override
        public void abort(Statement statement) throws SQLException {
            statement.getConnection().abort(Runnable::run);
        }
    };

    private final long timeoutSeconds;
    private final long timeoutNanos;
    private final Duration period;
    private final long idleNanos;
    private final LongSupplier ticker;
    private final Sleeper sleeper;
    private final Executor threads;
    private final Enforcer enforcer;

    private final ConcurrentHashMap<Running, Boolean> running = new ConcurrentHashMap<>();
    /** Whether a watchdog thread is running (or about to). */
    private final AtomicBoolean watching = new AtomicBoolean();
    /** Set by {@link #start}, cleared by each tick of the watchdog: "not idle". */
    private volatile boolean used;

    /**
     * @param timeout the query timeout, in whole seconds (rounded down, at least 1), as
     *        {@link Statement#setQueryTimeout(int)} had it
     * @param ticker nanoseconds, as {@link System#nanoTime()}
     * @param sleeper waits between ticks on the watchdog's thread
     * @param threads runs the watchdog's loop on a thread of its own (see {@link #daemonThreads()})
     * @param enforcer what is done to overdue statements
     */
    public StatementDeadlines(Duration timeout, LongSupplier ticker, Sleeper sleeper, Executor threads,
                              Enforcer enforcer) {
        this.timeoutSeconds = Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, timeout.toSeconds()));
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
        this.period = Duration.ofNanos(Math.min(MAX_PERIOD_NANOS, timeoutNanos / 4));
        this.idleNanos = IDLE_EXIT.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.enforcer = Objects.requireNonNull(enforcer, "enforcer");
    }

    /**
     * @param timeout the query timeout
     * @return the production watchdog: {@link System#nanoTime()}, {@link Thread#sleep}, a daemon thread
     */
    public static StatementDeadlines system(Duration timeout) {
        return new StatementDeadlines(timeout, System::nanoTime, Sleeper.system(), daemonThreads(), DRIVER);
    }

    /** @return an executor that runs each task on a new daemon thread named {@value #THREAD_NAME} */
    public static Executor daemonThreads() {
        return task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            // not the context class loader of whichever host thread ran the first statement
            thread.setContextClassLoader(StatementDeadlines.class.getClassLoader());
            thread.start();
        };
    }

    /** @return the query timeout in whole seconds */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** @return how long the watchdog's thread waits between ticks */
    public Duration period() {
        return period;
    }

    /** @return how many statements are running (started, not finished) */
    public int pending() {
        return running.size();
    }

    /**
     * Registers a statement that is about to execute; starts the watchdog's thread if none runs.
     *
     * @param statement the statement
     * @return the handle to {@link #finish} in a {@code finally} block
     */
    public Running start(Statement statement) {
        Running r = new Running(statement, ticker.getAsLong() + timeoutNanos);
        running.put(r, Boolean.TRUE);
        if (!used) {
            used = true;
        }
        // After the put: either the loop's exit check sees this statement, or we see that it stopped.
        if (!watching.get() && watching.compareAndSet(false, true)) {
            launch();
        }
        return r;
    }

    /**
     * Deregisters a statement that returned or threw. Waits while the watchdog is aborting its connection, so
     * the connection goes back to the pool only after that.
     *
     * @param r the handle {@link #start} returned
     */
    public void finish(Running r) {
        running.remove(r);
        r.finish();
    }

    /**
     * @param r the statement
     * @param e what its execution threw
     * @return {@code e}, or an {@link SQLTimeoutException} (cause {@code e}) saying the query timeout stopped it
     */
    public SQLException explain(Running r, SQLException e) {
        int state = r.state;
        if (state == Running.ABORTING || state == Running.ABORTED) {
            return new SQLTimeoutException("the database did not stop the statement within " + timeoutSeconds
                    + " s of its cancel at the query timeout (" + timeoutSeconds + " s), so its connection was "
                    + "closed; whether the statement took effect is unknown", e.getSQLState(), e);
        }
        if (state == Running.CANCELED && "57014".equals(e.getSQLState())) {
            return new SQLTimeoutException("the statement ran longer than the query timeout (" + timeoutSeconds
                    + " s) and was canceled", e.getSQLState(), e);
        }
        return e;
    }

    /**
     * Cancels the statements past their deadline (once each), and aborts the connection of those still
     * running one timeout after their cancel.
     *
     * @param now the ticker's time
     * @return how many statements were canceled or aborted
     */
    public int tick(long now) {
        int acted = 0;
        for (Running r : running.keySet()) {
            if (now - r.deadline >= 0 && r.enforce(now, timeoutNanos, enforcer)) {
                acted++;
            }
        }
        return acted;
    }

    private void launch() {
        try {
            threads.execute(this::watch);
        } catch (RuntimeException | OutOfMemoryError e) {
            watching.set(false);
            log.warn("Could not start the query-timeout watchdog thread ({}); statements run without a deadline "
                    + "until it can be started", e.toString());
        }
    }

    /** The watchdog thread's loop: tick, until nothing has run for {@link #IDLE_EXIT}. */
    private void watch() {
        boolean exited = false;
        try {
            long quietSince = ticker.getAsLong();
            while (true) {
                sleeper.sleep(period);
                long now = ticker.getAsLong();
                tick(now);
                if (used || !running.isEmpty()) {
                    used = false;
                    quietSince = now;
                } else if (now - quietSince >= idleNanos) {
                    watching.set(false);
                    // A statement started after the check above but before the flag fell: keep watching it.
                    if (running.isEmpty() || !watching.compareAndSet(false, true)) {
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
                // interrupted, or a bug: the next statement starts a new thread
                watching.set(false);
            }
        }
    }

    /** One executing statement and its deadline: the handle of {@link #start} and {@link #finish}. */
    public static final class Running {
        static final int RUNNING = 0;
        static final int CANCELED = 1;
        static final int ABORTING = 2;
        static final int ABORTED = 3;
        static final int FINISHED = 4;

        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Running.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Statement statement;
        final long deadline;
        private final int hash = ThreadLocalRandom.current().nextInt();
        volatile int state;

        Running(Statement statement, long deadline) {
            this.statement = statement;
            this.deadline = deadline;
        }

        /** A spread hash without the identity hash code's header update; equality stays identity. */
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        /** @return whether it acted: canceled, or aborted */
        boolean enforce(long now, long grace, Enforcer enforcer) {
            if (state == RUNNING && STATE.compareAndSet(this, RUNNING, CANCELED)) {
                try {
                    enforcer.cancel(statement);
                    log.debug("Canceled a statement that ran past its query timeout");
                } catch (SQLException | RuntimeException e) {
                    log.debug("Could not cancel a statement that ran past its query timeout", e);
                }
                return true;
            }
            if (state != CANCELED || now - deadline - grace < 0) {
                return false;
            }
            synchronized (this) {
                if (!STATE.compareAndSet(this, CANCELED, ABORTING)) {
                    return false;
                }
                try {
                    enforcer.abort(statement);
                    log.warn("A statement still ran {} s after it was canceled at its query timeout (the database "
                            + "hangs or cannot be reached); its connection was closed", grace / 1_000_000_000L);
                } catch (SQLException | RuntimeException e) {
                    log.warn("A statement still ran {} s after it was canceled at its query timeout, and its "
                            + "connection could not be closed", grace / 1_000_000_000L, e);
                } finally {
                    state = ABORTED;
                    notifyAll();
                }
            }
            return true;
        }

        void finish() {
            for (int s = state; s == RUNNING || s == CANCELED; s = state) {
                if (STATE.compareAndSet(this, s, FINISHED)) {
                    return;
                }
            }
            if (state == ABORTING) {
                boolean interrupted = false;
                synchronized (this) {
                    while (state == ABORTING) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
