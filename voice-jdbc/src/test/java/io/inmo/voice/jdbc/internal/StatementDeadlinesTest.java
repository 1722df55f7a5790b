package io.inmo.voice.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.Sleeper;
import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.testing.ManualExecutor;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The query-timeout watchdog on its own: fake statements, a hand-driven clock, the loop run on the test thread. */
class StatementDeadlinesTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final ManualExecutor threads = new ManualExecutor();
    /** Advances the clock by what it is asked to wait, and runs {@link #onSleep} after each wait. */
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> { };
    private final Sleeper sleeper = duration -> {
        sleeps.add(duration);
        if (sleeps.size() > 10_000) {
            throw new AssertionError("the watchdog loop did not stop");
        }
        nanos.addAndGet(duration.toNanos());
        onSleep.run();
    };

    private StatementDeadlines deadlines(Duration timeout) {
        return new StatementDeadlines(timeout, nanos::get, sleeper, threads, Runnable::run, StatementDeadlines.DRIVER);
    }

    /** Database access for the fake statements' connections: it never opens one itself. */
    private static Jdbc jdbc(StatementDeadlines deadlines) {
        DataSource none = (DataSource) Proxy.newProxyInstance(StatementDeadlinesTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, method, args) -> {
                    throw new AssertionError("no connection is opened");
                });
        return new Jdbc("call store", "inmo-voice", none, deadlines);
    }

    private static StatementDeadlines.Running start(StatementDeadlines deadlines, FakeStatement statement) {
        return deadlines.start(statement.connection, statement.proxy);
    }

    private long advance(long seconds) {
        return nanos.addAndGet(seconds * SECOND);
    }

    @Test
    void should_cancel_a_statement_once_when_it_runs_past_the_query_timeout() {
        // given
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement statement = new FakeStatement();
        start(deadlines, statement);

        // when / then
        assertThat(deadlines.tick(nanos.get() + 5 * SECOND - 1)).isZero();
        assertThat(statement.cancels).isZero();
        assertThat(deadlines.tick(advance(5))).isEqualTo(1);
        assertThat(statement.cancels).isEqualTo(1);
        assertThat(deadlines.tick(advance(1))).isZero();
        assertThat(deadlines.tick(advance(3))).isZero();
        assertThat(statement.cancels).isEqualTo(1);
        assertThat(statement.aborts).isZero();
    }

    @Test
    void should_never_cancel_a_statement_that_finished() {
        // given
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement statement = new FakeStatement();
        StatementDeadlines.Running running = start(deadlines, statement);

        // when
        deadlines.finish(running);

        // then
        assertThat(deadlines.pending()).isZero();
        assertThat(deadlines.tick(advance(60))).isZero();
        assertThat(statement.cancels).isZero();
    }

    @Test
    void should_cancel_only_the_statements_past_their_own_deadline() {
        // given one statement started 3 s before another
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement early = new FakeStatement();
        FakeStatement late = new FakeStatement();
        start(deadlines, early);
        advance(3);
        start(deadlines, late);

        // when
        int acted = deadlines.tick(advance(2));

        // then
        assertThat(acted).isEqualTo(1);
        assertThat(early.cancels).isEqualTo(1);
        assertThat(late.cancels).isZero();
    }

    @Test
    void should_close_the_connection_of_a_statement_still_running_one_timeout_after_its_cancel() {
        // given a statement canceled at its deadline that goes on running (the server hangs)
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement statement = new FakeStatement();
        StatementDeadlines.Running running = start(deadlines, statement);
        deadlines.tick(advance(5));

        // when / then: not before the grace, then once
        assertThat(deadlines.tick(advance(4))).isZero();
        assertThat(statement.aborts).isZero();
        assertThat(deadlines.tick(advance(1))).isEqualTo(1);
        assertThat(statement.aborts).isEqualTo(1);
        assertThat(deadlines.tick(advance(10))).isZero();
        assertThat(statement.aborts).isEqualTo(1);
        assertThat(statement.cancels).isEqualTo(1);

        // and the caller learns that the outcome is unknown
        Throwable explained = deadlines.explain(running, new SQLException("An I/O error occurred", "08006"));
        assertThat(explained).isInstanceOf(SQLTimeoutException.class).hasMessageContaining("connection was closed")
                .hasMessageContaining("whether the statement took effect is unknown");
        deadlines.finish(running);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_not_let_a_slow_cancel_delay_other_deadlines_nor_the_abort() {
        // given cancels that hang (a server that cannot be reached): they wait on their own threads
        ManualExecutor actions = new ManualExecutor();
        StatementDeadlines deadlines = new StatementDeadlines(Duration.ofSeconds(5), nanos::get, sleeper, threads,
                actions, StatementDeadlines.DRIVER);
        FakeStatement a = new FakeStatement();
        FakeStatement b = new FakeStatement();
        start(deadlines, a);
        advance(1);
        start(deadlines, b);

        // when / then: each cancel is issued at its own deadline though none has returned
        assertThat(deadlines.tick(advance(4))).isEqualTo(1);
        assertThat(deadlines.tick(advance(1))).isEqualTo(1);
        assertThat(actions.pending()).isEqualTo(2);

        // and each connection is aborted one timeout after its cancel was issued, its cancel still in flight
        assertThat(deadlines.tick(advance(4))).isEqualTo(1);
        assertThat(deadlines.tick(advance(1))).isEqualTo(1);
        assertThat(actions.runAll()).isEqualTo(4);
        assertThat(a.aborts).isEqualTo(1);
        assertThat(b.aborts).isEqualTo(1);
        assertThat(deadlines.tick(advance(30))).isZero();
    }

    @Test
    void should_give_the_connection_back_only_after_a_cancel_in_flight_returned() throws Exception {
        // given a statement whose cancel was issued and has not returned
        ManualExecutor actions = new ManualExecutor();
        StatementDeadlines deadlines = new StatementDeadlines(Duration.ofSeconds(5), nanos::get, sleeper, threads,
                actions, StatementDeadlines.DRIVER);
        FakeStatement statement = new FakeStatement();
        StatementDeadlines.Running running = start(deadlines, statement);
        deadlines.tick(advance(5));

        // when the statement returns meanwhile
        Thread caller = new Thread(() -> deadlines.finish(running));
        caller.start();

        // then finish waits for the cancel, so the cancel never reaches the connection's next statement
        awaitWaiting(caller);
        assertThat(statement.cancels).isZero();
        actions.runAll();
        caller.join(10_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(statement.cancels).isEqualTo(1);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_close_the_connection_of_a_commit_at_its_deadline_and_say_the_outcome_is_unknown() {
        // given a commit that waits (a synchronous standby that is gone): it cannot be canceled
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement statement = new FakeStatement();
        StatementDeadlines.Running commit = deadlines.start(statement.connection, null);

        // when / then
        assertThat(deadlines.tick(advance(4))).isZero();
        assertThat(deadlines.tick(advance(1))).isEqualTo(1);
        assertThat(statement.aborts).isEqualTo(1);
        assertThat(statement.cancels).isZero();
        Throwable explained = deadlines.explain(commit, new SQLException("An I/O error occurred", "08006"));
        assertThat(explained).isInstanceOf(StatementDeadlines.OutcomeUnknownException.class)
                .hasMessageContaining("the commit did not finish within the query timeout (5 s)")
                .hasMessageContaining("whether the transaction took effect is unknown");
        assertThat((Throwable) jdbc(deadlines).unavailable("update call c-1 from version 3", (SQLException) explained))
                .hasMessageContaining("Whether this write took effect is unknown")
                .hasMessageNotContaining("retrying later is safe");
        deadlines.finish(commit);
        assertThat(deadlines.pending()).isZero();
    }

    /** Waits (bounded) until {@code thread} blocks in {@code Object.wait}. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long until = System.nanoTime() + 10 * SECOND;
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime() - until).as("the thread blocks").isNegative();
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void should_not_close_the_connection_of_a_statement_that_finished_after_its_cancel() {
        // given
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement statement = new FakeStatement();
        StatementDeadlines.Running running = start(deadlines, statement);
        deadlines.tick(advance(5));

        // when
        deadlines.finish(running);

        // then
        assertThat(deadlines.tick(advance(30))).isZero();
        assertThat(statement.aborts).isZero();
    }

    @Test
    void should_forget_a_statement_whose_execution_threw() throws SQLException {
        // given
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        Jdbc jdbc = jdbc(deadlines);
        FakeStatement failing = new FakeStatement();
        failing.execute = () -> {
            throw new SQLException("duplicate key value", Jdbc.UNIQUE_VIOLATION);
        };

        // when / then: the update and the query threw, and neither is still watched
        assertThatThrownBy(() -> jdbc.update(failing.connection(), "UPDATE x", ps -> { }))
                .isNotInstanceOf(SQLTimeoutException.class)
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo(Jdbc.UNIQUE_VIOLATION));
        assertThatThrownBy(() -> jdbc.select(failing.connection(), "SELECT x", ps -> { }, rs -> 1))
                .isInstanceOf(SQLException.class);
        assertThat(deadlines.pending()).isZero();

        // and a row reader that throws, and a binder that throws
        FakeStatement oneRow = new FakeStatement();
        assertThatThrownBy(() -> jdbc.select(oneRow.connection(), "SELECT x", ps -> { }, rs -> {
            throw new IllegalStateException("unreadable row");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> jdbc.update(oneRow.connection(), "UPDATE x", ps -> {
            throw new SQLException("bad value", "22001");
        })).isInstanceOf(SQLException.class);
        assertThat(deadlines.pending()).isZero();
        assertThat(deadlines.tick(advance(60))).isZero();
        assertThat(failing.cancels + oneRow.cancels).isZero();
    }

    @Test
    void should_run_each_batch_under_the_query_timeout() {
        // given a batch of 1,500 items whose second round trip outlasts its deadline
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        Jdbc jdbc = jdbc(deadlines);
        FakeStatement statement = new FakeStatement();
        statement.execute = () -> {
            if (statement.batches == 2) {
                deadlines.tick(advance(5));
                // as pgjdbc reports it: the statement with its values, the server's error chained
                SQLException server = new SQLException("ERROR: canceling statement due to user request", "57014");
                BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT x VALUES ('+34911234567') "
                        + "was aborted: " + server.getMessage(), "57014", 0, new int[0], server);
                batch.setNextException(server);
                throw batch;
            }
        };
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            items.add(i);
        }

        // when / then: sent in two batches, the second canceled and explained without the values it carried,
        // and nothing left watched
        assertThatThrownBy(() -> jdbc.batch(statement.connection(), "INSERT x", items, (ps, item) -> { }))
                .isInstanceOf(SQLTimeoutException.class).hasMessageContaining("ran longer than the query timeout")
                .satisfies(e -> assertThat(e.getCause()).hasMessage("ERROR: canceling statement due to user request")
                        .hasNoCause());
        assertThat(statement.batches).isEqualTo(2);
        assertThat(statement.cancels).isEqualTo(1);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_say_that_the_query_timeout_stopped_a_statement() {
        // given a statement whose execution outlasts its deadline: the watchdog ticks meanwhile, and the
        // server then reports the cancel
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        Jdbc jdbc = jdbc(deadlines);
        FakeStatement blocked = new FakeStatement();
        blocked.execute = () -> {
            deadlines.tick(advance(6));
            throw new SQLException("ERROR: canceling statement due to user request", "57014");
        };

        // when
        Throwable thrown = null;
        try {
            jdbc.update(blocked.connection(), "UPDATE x", ps -> { });
        } catch (SQLException e) {
            thrown = jdbc.unavailable("update call c-1 from version 3", e);
        }

        // then
        assertThat(blocked.cancels).isEqualTo(1);
        assertThat(thrown).isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(503))
                .hasMessageContaining("could not update call c-1 from version 3 (SQLState 57014: the statement ran "
                        + "longer than the query timeout (5 s) and was canceled)")
                .hasMessageContaining("another transaction may hold a lock")
                .hasMessageContaining("retrying later is safe");
        assertThat(thrown.getCause()).isInstanceOf(SQLTimeoutException.class);
        assertThat(thrown.getCause().getCause()).hasMessageContaining("canceling statement");
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_leave_an_error_alone_when_the_watchdog_did_not_stop_the_statement() {
        // given a statement canceled by someone else (an operator's pg_cancel_backend)
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        StatementDeadlines.Running running = start(deadlines, new FakeStatement());
        SQLException canceled = new SQLException("ERROR: canceling statement due to user request", "57014");

        // when / then
        Throwable explained = deadlines.explain(running, canceled);
        assertThat(explained).isSameAs(canceled);
    }

    @Test
    void should_start_its_thread_with_the_first_statement_and_stop_it_after_a_minute_without_any() {
        // given
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        assertThat(threads.submitted()).isZero();

        // when two statements run
        StatementDeadlines.Running a = start(deadlines, new FakeStatement());
        StatementDeadlines.Running b = start(deadlines, new FakeStatement());
        deadlines.finish(a);
        deadlines.finish(b);

        // then one thread was started, and its loop returns a minute after it last saw a statement
        assertThat(threads.submitted()).isEqualTo(1);
        assertThat(threads.runAll()).isEqualTo(1);
        assertThat(sleeps).hasSize(61).allMatch(Duration.ofSeconds(1)::equals);

        // and the next statement starts a new one
        start(deadlines, new FakeStatement());
        assertThat(threads.submitted()).isEqualTo(2);
    }

    @Test
    void should_keep_watching_while_a_statement_runs_and_cancel_it_on_time() {
        // given a statement that runs for 8 s
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        FakeStatement statement = new FakeStatement();
        long started = nanos.get();
        StatementDeadlines.Running running = start(deadlines, statement);
        onSleep = () -> {
            if (nanos.get() - started == 8 * SECOND) {
                deadlines.finish(running);
            }
        };

        // when the watchdog's loop runs
        threads.runAll();

        // then it canceled the statement at its deadline, not later, never closed its connection, and stopped a
        // minute after its last tick that saw the statement (7 s)
        assertThat(statement.cancels).isEqualTo(1);
        assertThat(statement.canceledAt - started).isEqualTo(5 * SECOND);
        assertThat(statement.aborts).isZero();
        assertThat(nanos.get() - started).isEqualTo(67 * SECOND);
    }

    @Test
    void should_watch_a_statement_started_while_its_thread_was_stopping() {
        // given a watchdog about to stop, idle for a minute
        StatementDeadlines deadlines = deadlines(Duration.ofSeconds(5));
        deadlines.finish(start(deadlines, new FakeStatement()));
        FakeStatement late = new FakeStatement();
        AtomicReference<StatementDeadlines.Running> running = new AtomicReference<>();
        onSleep = () -> {
            if (sleeps.size() == 61) {
                running.set(start(deadlines, late));    // during its last sleep
            } else if (sleeps.size() == 70) {
                deadlines.finish(running.get());
            }
        };

        // when
        threads.runAll();

        // then the same thread went on, canceled it at its deadline, and stopped a minute after it finished
        assertThat(late.cancels).isEqualTo(1);
        assertThat(threads.submitted()).isEqualTo(1);
        assertThat(sleeps).hasSize(129);
    }

    @Test
    void should_restart_its_thread_after_it_was_interrupted() {
        // given
        StatementDeadlines deadlines = new StatementDeadlines(Duration.ofSeconds(5), nanos::get, d -> {
            throw new InterruptedException();
        }, threads, Runnable::run, StatementDeadlines.DRIVER);
        start(deadlines, new FakeStatement());

        // when
        threads.runAll();
        start(deadlines, new FakeStatement());

        // then
        assertThat(threads.submitted()).isEqualTo(2);
        assertThat(Thread.interrupted()).isTrue(); // the loop kept the flag; cleared here for the next tests
    }

    @Test
    void should_run_statements_without_a_deadline_rather_than_fail_when_no_thread_can_be_started() {
        // given
        int[] attempts = {0};
        Executor refusing = task -> {
            attempts[0]++;
            throw new RejectedExecutionException("no threads");
        };
        StatementDeadlines deadlines = new StatementDeadlines(Duration.ofSeconds(5), nanos::get, sleeper, refusing,
                Runnable::run, StatementDeadlines.DRIVER);

        // when
        StatementDeadlines.Running running = start(deadlines, new FakeStatement());
        start(deadlines, new FakeStatement());

        // then each statement tried again, and the statement is still registered for a later thread
        assertThat(attempts[0]).isEqualTo(2);
        assertThat(deadlines.pending()).isEqualTo(2);
        deadlines.finish(running);
    }

    @Test
    void should_tick_every_second_or_every_quarter_of_a_shorter_timeout() {
        // when / then: the timeout in whole seconds, at least 1, as setQueryTimeout had it
        assertThat(deadlines(Duration.ofSeconds(5)).period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(deadlines(Duration.ofSeconds(2)).period()).isEqualTo(Duration.ofMillis(500));
        assertThat(deadlines(Duration.ofSeconds(1)).period()).isEqualTo(Duration.ofMillis(250));
        assertThat(deadlines(Duration.ofMillis(300)).timeoutSeconds()).isEqualTo(1);
        assertThat(deadlines(Duration.ofMillis(2900)).timeoutSeconds()).isEqualTo(2);
        assertThat(deadlines(Duration.ofDays(365_000_000L)).timeoutSeconds()).isPositive();
    }

    @Test
    void should_run_the_watchdog_on_a_named_daemon_thread() throws InterruptedException {
        // given
        AtomicReference<Thread> ran = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);

        // when
        StatementDeadlines.daemonThreads().execute(() -> {
            ran.set(Thread.currentThread());
            done.countDown();
        });

        // then
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get().getName()).isEqualTo(StatementDeadlines.THREAD_NAME);
        assertThat(ran.get().isDaemon()).isTrue();
    }

    /** What a statement's execution does. */
    @FunctionalInterface
    interface Execution {
        void run() throws SQLException;
    }

    /** A prepared statement (and its connection) that records cancels and aborts. */
    private final class FakeStatement {
        int cancels;
        long canceledAt;
        int aborts;
        int batched;
        int batches;
        Execution execute = () -> { };

        final Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (p, method, args) -> {
                    switch (method.getName()) {
                        case "abort":
                            aborts++;
                            return null;
                        case "prepareStatement":
                            return statement();
                        default:
                            return null;
                    }
                });

        final PreparedStatement proxy = statement();

        Connection connection() {
            return connection;
        }

        private PreparedStatement statement() {
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (p, method, args) -> {
                        switch (method.getName()) {
                            case "cancel":
                                cancels++;
                                canceledAt = nanos.get();
                                return null;
                            case "getConnection":
                                return connection;
                            case "executeUpdate":
                                execute.run();
                                return 1;
                            case "executeQuery":
                                execute.run();
                                return oneRow();
                            case "addBatch":
                                batched++;
                                return null;
                            case "executeBatch":
                                batches++;
                                execute.run();
                                int[] counts = new int[batched];
                                batched = 0;
                                return counts;
                            default:
                                return null;
                        }
                    });
        }

        private ResultSet oneRow() {
            boolean[] read = {false};
            return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                    (p, method, args) -> {
                        if (method.getName().equals("next")) {
                            boolean next = !read[0];
                            read[0] = true;
                            return next;
                        }
                        return null;
                    });
        }
    }
}
