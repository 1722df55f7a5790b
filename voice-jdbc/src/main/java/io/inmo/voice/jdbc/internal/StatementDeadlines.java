package io.inmo.voice.jdbc.internal;

import io.inmo.voice.Sleeper;
import io.inmo.voice.internal.Watchdog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
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
 *   <li>a statement still running one more timeout after its cancel was issued (the server hangs, or cannot be
 *       reached, so the cancel had no effect) has its connection aborted ({@link Connection#abort}), so the
 *       caller's thread is freed; whether that statement took effect is then unknown, as after a crash;</li>
 *   <li>a commit, which cannot be canceled, has its connection aborted at its deadline.</li>
 * </ol>
 * Cancels and aborts run off the ticking thread ({@code actions}: a short-lived daemon thread each in
 * production), because a cancel to a server that cannot be reached blocks for up to pgjdbc's
 * {@code cancelSignalTimeout} (10 s by default): one slow cancel never delays another statement's deadline.
 * {@link #finish} waits while a cancel or an abort of its statement is in flight, so neither can reach the
 * connection after it went back to the pool (a pool that caches statements would otherwise hand the canceled
 * statement to the next operation).
 *
 * <p>The thread starts with the first statement and exits after {@link #IDLE_EXIT} without statements, so stores
 * need no {@code close()} and leak no thread; the next statement starts a new one. A deadline is met within one
 * tick.
 *
 * <p>Time, the wait between ticks, the threads and what is done to an overdue statement are injected, so tests
 * drive {@link #tick} by hand. Not API (see the package description). Thread-safe.
 */
public final class StatementDeadlines {

    /** The name of the watchdog's thread. */
    public static final String THREAD_NAME = "inmo-voice-jdbc-deadlines";
    /** The name of the short-lived threads that cancel a statement or abort a connection. */
    public static final String ACTION_THREAD_NAME = "inmo-voice-jdbc-cancel";
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
         * Closes a connection under its statement or commit.
         *
         * @param connection the connection the store borrowed for the overdue statement or commit
         * @throws SQLException as the driver threw it (logged; the watchdog goes on)
         */
        void abort(Connection connection) throws SQLException;
    }

    /** The driver's cancel, then {@link java.sql.Connection#abort} on the watchdog's thread. */
    public static final Enforcer DRIVER = new Enforcer() {
        @Override
        public void cancel(Statement statement) throws SQLException {
            statement.cancel();
        }

        @Override
        public void abort(Connection connection) throws SQLException {
            connection.abort(Runnable::run);
        }
    };

    private final long timeoutSeconds;
    private final long timeoutNanos;
    private final LongSupplier ticker;
    private final Executor actions;
    private final Enforcer enforcer;

    private final ConcurrentHashMap<Running, Boolean> running = new ConcurrentHashMap<>();
    private final Watchdog watchdog;

    /**
     * @param timeout the query timeout, in whole seconds (rounded down, at least 1), as
     *        {@link Statement#setQueryTimeout(int)} had it
     * @param ticker nanoseconds, as {@link System#nanoTime()}
     * @param sleeper waits between ticks on the watchdog's thread
     * @param threads runs the watchdog's loop on a thread of its own (see {@link #daemonThreads()})
     * @param actions runs each cancel and abort, off the ticking thread (production: a daemon thread each)
     * @param enforcer what is done to overdue statements
     */
    public StatementDeadlines(Duration timeout, LongSupplier ticker, Sleeper sleeper, Executor threads,
                              Executor actions, Enforcer enforcer) {
        this.timeoutSeconds = Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, timeout.toSeconds()));
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.watchdog = new Watchdog("query timeout", Duration.ofNanos(Math.min(MAX_PERIOD_NANOS, timeoutNanos / 4)),
                IDLE_EXIT, ticker, sleeper, threads, new Watchdog.Watched() {
                    @Override
                    public void tick(long now) {
                        StatementDeadlines.this.tick(now);
                    }

                    @Override
                    public boolean isEmpty() {
                        return running.isEmpty();
                    }
                });
        this.actions = Objects.requireNonNull(actions, "actions");
        this.enforcer = Objects.requireNonNull(enforcer, "enforcer");
    }

    /**
     * @param timeout the query timeout
     * @return the production watchdog: {@link System#nanoTime()}, {@link Thread#sleep}, a daemon thread
     */
    public static StatementDeadlines system(Duration timeout) {
        return new StatementDeadlines(timeout, System::nanoTime, Sleeper.system(), daemonThreads(),
                daemonThreads(ACTION_THREAD_NAME), DRIVER);
    }

    /** @return an executor that runs each task on a new daemon thread named {@value #THREAD_NAME} */
    public static Executor daemonThreads() {
        return daemonThreads(THREAD_NAME);
    }

    private static Executor daemonThreads(String name) {
        return Watchdog.daemonThreads(name, StatementDeadlines.class.getClassLoader());
    }

    /** @return the query timeout in whole seconds */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** @return how long the watchdog's thread waits between ticks */
    public Duration period() {
        return watchdog.period();
    }

    /** @return how many statements are running (started, not finished) */
    public int pending() {
        return running.size();
    }

    /**
     * Registers a statement that is about to execute; starts the watchdog's thread if none runs.
     *
     * @param connection the connection the store borrowed for it: what is aborted if the statement hangs
     * @param statement the statement, or {@code null} for the connection's commit (which is aborted at its
     *        deadline, as it cannot be canceled)
     * @return the handle to {@link #finish} in a {@code finally} block
     */
    public Running start(Connection connection, Statement statement) {
        Running r = new Running(Objects.requireNonNull(connection, "connection"), statement,
                ticker.getAsLong() + timeoutNanos);
        running.put(r, Boolean.TRUE);
        watchdog.watch();
        return r;
    }

    /**
     * Deregisters a statement that returned or threw. Waits while a cancel or an abort of it is in flight, so
     * neither reaches the connection after it went back to the pool.
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
            String what = r.statement == null
                    ? "the commit did not finish within the query timeout (" + timeoutSeconds + " s)"
                    : "the database did not stop the statement within " + timeoutSeconds + " s of its cancel at "
                            + "the query timeout (" + timeoutSeconds + " s)";
            return new OutcomeUnknownException(what + ", so its connection was closed; whether the "
                    + (r.statement == null ? "transaction" : "statement") + " took effect is unknown", e);
        }
        if ((state == Running.CANCELING || state == Running.CANCELED) && "57014".equals(e.getSQLState())) {
            return new SQLTimeoutException("the statement ran longer than the query timeout (" + timeoutSeconds
                    + " s) and was canceled", e.getSQLState(), e);
        }
        return e;
    }

    /**
     * A statement or commit whose connection the watchdog closed: it may or may not have taken effect, unlike a
     * canceled statement, which was rolled back.
     */
    public static final class OutcomeUnknownException extends SQLTimeoutException {
        private static final long serialVersionUID = 1L;

        OutcomeUnknownException(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
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
            Runnable action = r.due(now, timeoutNanos, enforcer);
            if (action != null) {
                acted++;
                dispatch(action);
            }
        }
        return acted;
    }

    /** Off the ticking thread; on it only when no thread can be had (a slow cancel then delays the next). */
    private void dispatch(Runnable action) {
        try {
            actions.execute(action);
        } catch (RuntimeException | OutOfMemoryError e) {
            action.run();
        }
    }

    /** One executing statement and its deadline: the handle of {@link #start} and {@link #finish}. */
    public static final class Running {
        static final int RUNNING = 0;
        /** A cancel is in flight: {@link #finish} waits for it. */
        static final int CANCELING = 1;
        static final int CANCELED = 2;
        /** An abort is in flight: {@link #finish} waits for it. */
        static final int ABORTING = 3;
        static final int ABORTED = 4;
        static final int FINISHED = 5;

        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Running.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Connection connection;
        /** {@code null} for a commit. */
        final Statement statement;
        final long deadline;
        private final int hash = ThreadLocalRandom.current().nextInt();
        volatile int state;
        /** The ticker's time the cancel was issued at; the abort's grace counts from it. */
        private long canceledAt;

        Running(Connection connection, Statement statement, long deadline) {
            this.connection = connection;
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

        /**
         * Moves the state on when something is due and says what to do; called by one ticking thread at a time.
         *
         * @return the cancel or abort to run, or {@code null}
         */
        Runnable due(long now, long grace, Enforcer enforcer) {
            int s = state;
            if (s == RUNNING && now - deadline >= 0) {
                if (statement == null) {
                    return STATE.compareAndSet(this, RUNNING, ABORTING) ? () -> abort(enforcer, "commit") : null;
                }
                canceledAt = now;
                return STATE.compareAndSet(this, RUNNING, CANCELING) ? () -> cancel(enforcer) : null;
            }
            // A cancel still in flight after the grace (the server cannot be reached) does not stop the abort.
            if ((s == CANCELING || s == CANCELED) && now - canceledAt - grace >= 0
                    && STATE.compareAndSet(this, s, ABORTING)) {
                return () -> abort(enforcer, "statement");
            }
            return null;
        }

        private void cancel(Enforcer enforcer) {
            try {
                enforcer.cancel(statement);
                log.debug("Canceled a statement that ran past its query timeout");
            } catch (SQLException | RuntimeException e) {
                log.debug("Could not cancel a statement that ran past its query timeout", e);
            } finally {
                synchronized (this) {
                    STATE.compareAndSet(this, CANCELING, CANCELED);
                    notifyAll();
                }
            }
        }

        private void abort(Enforcer enforcer, String what) {
            try {
                enforcer.abort(connection);
                log.warn("A {} outlasted its query timeout and its cancel (the database hangs or cannot be "
                        + "reached); its connection was closed", what);
            } catch (SQLException | RuntimeException e) {
                log.warn("A {} outlasted its query timeout and its cancel, and its connection could not be closed",
                        what, e);
            } finally {
                synchronized (this) {
                    state = ABORTED;
                    notifyAll();
                }
            }
        }

        void finish() {
            boolean interrupted = false;
            while (true) {
                int s = state;
                if (s == RUNNING || s == CANCELED) {
                    if (STATE.compareAndSet(this, s, FINISHED)) {
                        break;
                    }
                } else if (s == CANCELING || s == ABORTING) {
                    synchronized (this) {
                        while (state == s) {
                            try {
                                wait();
                            } catch (InterruptedException e) {
                                interrupted = true;
                            }
                        }
                    }
                } else {
                    break; // ABORTED, or finished already
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
