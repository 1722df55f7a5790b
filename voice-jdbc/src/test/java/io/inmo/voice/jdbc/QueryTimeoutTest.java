package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStatus;
import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.jdbc.internal.StatementDeadlines;
import io.inmo.voice.testing.ManualExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query timeout on a real PostgreSQL: a webhook's update blocked by a row lock that another transaction
 * holds. The watchdog's clock is the test's and the test ticks it; its thread never runs.
 */
class QueryTimeoutTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    private static PostgresTestDatabase db;

    private final AtomicLong nanos = new AtomicLong();
    private final ExecutorService webhookThread = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create();
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @AfterEach
    void stopWebhookThread() {
        webhookThread.shutdownNow();
    }

    private StatementDeadlines deadlines(StatementDeadlines.Enforcer enforcer) {
        return new StatementDeadlines(Duration.ofSeconds(5), nanos::get, d -> {
            throw new AssertionError("the test ticks by hand");
        }, new ManualExecutor(), Runnable::run, enforcer);
    }

    private static VoiceCall queued(String callId, String leadId) {
        return VoiceCall.builder().callId(callId).leadId(leadId).brokerId("broker-1").provider("fake")
                .externalCallId("ext-" + callId).status(CallStatus.QUEUED).createdAt(T0).updatedAt(T0).build();
    }

    private static VoiceCall ringing(VoiceCall call) {
        return call.toBuilder().status(CallStatus.RINGING).updatedAt(T0.plusSeconds(1)).version(call.version() + 1)
                .build();
    }

    /** Opens a transaction on another connection that locks the call's row; closing it releases the lock. */
    private static HeldLock lockRow(String callId) throws SQLException {
        return HeldLock.hold(db.dataSource(), "SELECT version FROM " + JdbcCallRepository.TABLE
                + " WHERE call_id = ? FOR UPDATE", callId);
    }

    @Test
    void should_fail_with_503_and_leave_the_row_unchanged_when_a_row_lock_outlasts_the_query_timeout()
            throws Exception {
        // given a stored call, and a host transaction holding its row lock
        StatementDeadlines deadlines = deadlines(StatementDeadlines.DRIVER);
        JdbcCallRepository repository = JdbcCallRepository.builder(db.dataSource()).statementDeadlines(deadlines)
                .build();
        VoiceCall call = queued("c-lock", "lead-lock");
        repository.insert(call);
        Throwable error;
        try (HeldLock lock = lockRow(call.callId())) {

            // when a webhook thread updates that call, waits for the lock, and the watchdog ticks
            Future<Boolean> update = webhookThread.submit(() -> repository.compareAndSet(0, ringing(call)));
            lock.awaitWaiter();
            nanos.addAndGet(5 * SECOND - 1);
            assertThat(deadlines.tick(nanos.get())).isZero();
            nanos.addAndGet(1);
            assertThat(deadlines.tick(nanos.get())).isEqualTo(1);
            error = HeldLock.failureOf(update);
        }

        // then the webhook gets a 503 that says why, and the row is as it was
        assertThat(error).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("store_unavailable");
        }).hasMessageContaining("could not update call c-lock from version 0 (SQLState 57014: the statement ran "
                + "longer than the query timeout (5 s) and was canceled)")
                .hasMessageContaining("another transaction may hold a lock");
        assertThat(repository.findById(call.callId())).contains(call);
        assertThat(deadlines.pending()).isZero();

        // and once the lock is gone the same update goes through
        assertThat(repository.compareAndSet(0, ringing(call))).isTrue();
    }

    @Test
    void should_time_out_through_the_public_builder_with_the_watchdogs_own_thread() throws Exception {
        // given the production wiring: queryTimeout(1 s), the real clock and the watchdog's own thread
        JdbcCallRepository repository = JdbcCallRepository.builder(db.dataSource())
                .queryTimeout(Duration.ofSeconds(1)).build();
        VoiceCall call = queued("c-real", "lead-real");
        repository.insert(call);
        Throwable error;
        long started;
        try (HeldLock lock = lockRow(call.callId())) {

            // when a webhook thread waits for the lock (the watchdog's own thread is the only thing that can free it)
            started = System.nanoTime();
            Future<Boolean> update = webhookThread.submit(() -> repository.compareAndSet(0, ringing(call)));
            lock.awaitWaiter();
            error = HeldLock.failureOf(update);
        }

        // then it was canceled after about the timeout, well before the lock was released
        assertThat(error).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("ran longer than the query timeout (1 s)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(1),
                Duration.ofSeconds(15));
        assertThat(repository.findById(call.callId())).get().extracting(VoiceCall::version).isEqualTo(0L);
    }

    @Test
    void should_close_the_connection_of_a_statement_the_database_does_not_stop_when_canceled() throws Exception {
        // given a database that ignores cancels (as one that hangs would), and a host transaction holding a lock
        StatementDeadlines deadlines = deadlines(new StatementDeadlines.Enforcer() {
            @Override
            public void cancel(Statement statement) {
                // lost
            }

            @Override
            public void abort(Connection connection) throws SQLException {
                StatementDeadlines.DRIVER.abort(connection);
            }
        });
        JdbcCallRepository repository = JdbcCallRepository.builder(db.dataSource()).statementDeadlines(deadlines)
                .build();
        VoiceCall call = queued("c-hang", "lead-hang");
        repository.insert(call);
        Throwable error;
        try (HeldLock lock = lockRow(call.callId())) {

            // when the update waits past its deadline, and past one more timeout after the cancel
            Future<Boolean> update = webhookThread.submit(() -> repository.compareAndSet(0, ringing(call)));
            lock.awaitWaiter();
            assertThat(deadlines.tick(nanos.addAndGet(5 * SECOND))).isEqualTo(1);
            assertThat(deadlines.tick(nanos.addAndGet(4 * SECOND))).isZero();
            assertThat(update).isNotDone();
            assertThat(deadlines.tick(nanos.addAndGet(SECOND))).isEqualTo(1);
            error = HeldLock.failureOf(update);
        }

        // then the webhook thread is freed with a 503 that says the outcome is unknown
        assertThat(error).isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(503))
                .hasMessageContaining("could not update call c-hang from version 0")
                .hasMessageContaining("its connection was closed; whether the statement took effect is unknown");
        assertThat(deadlines.pending()).isZero();

        // and the pool recovers: the server, which never saw the client go, applied the update once the lock was
        // released, or did not; either way the call reads back whole
        VoiceCall after = repository.findById(call.callId()).orElseThrow();
        assertThat(after).isIn(call, ringing(call));
    }
}
