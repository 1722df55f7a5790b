package io.inmo.voice.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Row locks held by a transaction on a connection of its own, as a host transaction or another instance would
 * hold them: for tests of the query timeout, which start a statement that needs them on another thread,
 * {@link #awaitWaiter() wait until it waits}, tick the store's watchdog and expect the statement's failure
 * ({@link #failureOf}). No wall-clock sleeps: the waits poll PostgreSQL's state, bounded.
 *
 * <pre>{@code
 * try (HeldLock lock = HeldLock.hold(db.dataSource(), "SELECT 1 FROM t WHERE id = ? FOR UPDATE", "id-1")) {
 *     Future<?> blocked = thread.submit(() -> store.change("id-1"));
 *     lock.awaitWaiter();
 *     deadlines.tick(...);
 *     Throwable error = HeldLock.failureOf(blocked);
 * }   // rolled back: the lock is released
 * }</pre>
 */
public final class HeldLock implements AutoCloseable {

    private static final long SECOND = 1_000_000_000L;
    private static final long WAIT_SECONDS = 20;

    private final DataSource dataSource;
    private final Connection holder;
    private final int holderPid;

    private HeldLock(DataSource dataSource, Connection holder, int holderPid) {
        this.dataSource = dataSource;
        this.holder = holder;
        this.holderPid = holderPid;
    }

    /**
     * Opens a transaction on a new connection and runs {@code lockingSql} in it (a {@code SELECT ... FOR UPDATE}),
     * which keeps its locks until {@link #close()}.
     *
     * @param dataSource the test database's pool
     * @param lockingSql the statement that takes the locks, with text parameters only
     * @param parameters its parameters
     * @return the held lock
     * @throws SQLException the statement failed (the connection is closed)
     */
    public static HeldLock hold(DataSource dataSource, String lockingSql, String... parameters) throws SQLException {
        Connection holder = dataSource.getConnection();
        try {
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement(lockingSql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setString(i + 1, parameters[i]);
                }
                ps.execute();
            }
            int pid;
            try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            return new HeldLock(dataSource, holder, pid);
        } catch (SQLException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /**
     * Polls (bounded, {@value #WAIT_SECONDS} s) until a session waits for a lock this transaction holds.
     *
     * @throws SQLException the poll failed
     * @throws AssertionError no session waited in time
     */
    public void awaitWaiter() throws SQLException {
        long giveUp = System.nanoTime() + WAIT_SECONDS * SECOND;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            ps.setInt(1, holderPid);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() - giveUp > 0) {
                    throw new AssertionError("no statement waited for the held lock within " + WAIT_SECONDS + " s");
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    /**
     * @param future a blocked statement's task
     * @return what it threw, or {@code null} when it returned
     * @throws InterruptedException the test was interrupted
     * @throws AssertionError it did not end within 30 s
     */
    public static Throwable failureOf(Future<?> future) throws InterruptedException {
        try {
            future.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the blocked statement was not stopped within 30 s", e);
        }
    }

    /**
     * Rolls the transaction back, releasing its locks, and closes its connection.
     *
     * @throws SQLException the rollback or close failed
     */
    @Override
    public void close() throws SQLException {
        try {
            holder.rollback();
        } finally {
            holder.close();
        }
    }
}
