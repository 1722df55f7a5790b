package io.inmo.voice.jdbc.internal;

import io.inmo.voice.StoreUnavailableException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every JDBC store of the SDK talks to the database: one connection use per operation, committed on its
 * own (never joining a host transaction), every statement executed under the store's query timeout (kept by
 * {@link StatementDeadlines}, not by the driver's per-statement timer), and SQL errors turned into
 * {@link StoreUnavailableException}s that say which store, which operation failed and what to do. Not API (see
 * the package description). Thread-safe.
 */
public final class Jdbc {

    /** SQLState of a unique violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** How many statements {@link #batch} sends to the server at once. */
    public static final int BATCH_SIZE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(Jdbc.class);

    private final String store;
    private final String schema;
    private final DataSource dataSource;
    private final StatementDeadlines deadlines;

    /**
     * @param store what the errors call the store, first in their message ("call store", "campaign store")
     * @param schema what the errors call its schema when the database refuses a statement ("inmo-voice")
     * @param dataSource the host's pool
     * @param deadlines the store's query-timeout watchdog
     */
    public Jdbc(String store, String schema, DataSource dataSource, StatementDeadlines deadlines) {
        this.store = Objects.requireNonNull(store, "store");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /**
     * Work on one connection; may throw {@link SQLException}.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection the operation's connection
         * @return the result
         * @throws SQLException as the driver threw it
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of its own and commits it (when the pool hands out connections with
     * auto-commit off); rolls back on failure. With auto-commit on, each statement commits on its own: for work
     * of one statement, or whose statements need not be atomic (see {@link #atomically}).
     *
     * @param operation what is being done, for the error message ("insert call c-1")
     * @param work what to run
     * @param <T> what it returns
     * @return what {@code work} returned
     * @throws StoreUnavailableException for every SQL error the caller did not handle itself
     */
    public <T> T inTransaction(String operation, Work<T> work) {
        return run(operation, false, work);
    }

    /**
     * Runs {@code work} in one transaction on a connection of its own, whatever the pool's auto-commit setting:
     * all of its statements take effect, or none (rolled back on any failure, the query timeout's included).
     * The connection's auto-commit setting is restored before it goes back to the pool.
     *
     * @param operation what is being done, for the error message ("claim leads of campaign c-1")
     * @param work what to run
     * @param <T> what it returns
     * @return what {@code work} returned
     * @throws StoreUnavailableException for every SQL error the caller did not handle itself
     */
    public <T> T atomically(String operation, Work<T> work) {
        return run(operation, true, work);
    }

    private <T> T run(String operation, boolean atomic, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            boolean switched = atomic && autoCommit;
            if (switched) {
                c.setAutoCommit(false);
            }
            boolean transaction = !autoCommit || switched;
            try {
                T result = work.run(c);
                if (transaction) {
                    commit(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (transaction) {
                    rollbackQuietly(c, e);
                }
                throw e;
            } finally {
                if (switched) {
                    restoreAutoCommit(c);
                }
            }
        } catch (SQLException e) {
            throw unavailable(operation, e);
        }
    }

    /** Sets a statement's parameters; may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Binder {
        /**
         * @param ps the statement
         * @throws SQLException as the driver threw it
         */
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Sets a statement's parameters for one item of a batch; may throw {@link SQLException}.
     *
     * @param <T> the items
     */
    @FunctionalInterface
    public interface ItemBinder<T> {
        /**
         * @param ps the statement
         * @param item the item
         * @throws SQLException as the driver threw it
         */
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /**
     * Reads the current row; may throw {@link SQLException}.
     *
     * @param <T> what a row becomes
     */
    @FunctionalInterface
    public interface RowReader<T> {
        /**
         * @param rs the result set, on the row to read
         * @return the row
         * @throws SQLException as the driver threw it
         */
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query on a connection of its own and reads every row.
     *
     * @param operation what is being done, for the error message ("list quiet calls")
     * @param sql the query
     * @param binder sets its parameters
     * @param reader reads a row
     * @param <T> what a row becomes
     * @return the rows read
     * @throws StoreUnavailableException for every SQL error
     */
    public <T> List<T> query(String operation, String sql, Binder binder, RowReader<T> reader) {
        return inTransaction(operation, c -> select(c, sql, binder, reader));
    }

    /**
     * Prepares {@code sql} on {@code c}, binds it and runs it under the query timeout, reading every row.
     *
     * @param c the operation's connection
     * @param sql the query
     * @param binder sets its parameters
     * @param reader reads a row
     * @param <T> what a row becomes
     * @return the rows read
     * @throws SQLException as the driver threw it, or an {@link java.sql.SQLTimeoutException} when the query
     *         timeout stopped it
     */
    public <T> List<T> select(Connection c, String sql, Binder binder, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            StatementDeadlines.Running deadline = deadlines.start(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(reader.read(rs));
                }
                return found;
            } catch (SQLException e) {
                throw deadlines.explain(deadline, e);
            } finally {
                deadlines.finish(deadline);
            }
        }
    }

    /**
     * Prepares {@code sql} on {@code c}, binds it and runs it under the query timeout.
     *
     * @param c the operation's connection
     * @param sql the statement
     * @param binder sets its parameters
     * @return the update count
     * @throws SQLException as the driver threw it, or an {@link java.sql.SQLTimeoutException} when the query
     *         timeout stopped it
     */
    public int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            StatementDeadlines.Running deadline = deadlines.start(c, ps);
            try {
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw deadlines.explain(deadline, e);
            } finally {
                deadlines.finish(deadline);
            }
        }
    }

    /**
     * Prepares {@code sql} on {@code c} and runs it once per item, in batches of {@value #BATCH_SIZE}, each
     * batch under the query timeout. Atomic only inside {@link #atomically}. A failed batch throws the server's
     * error, not the driver's batch exception, whose message quotes the statement with its values.
     *
     * @param c the operation's connection
     * @param sql the statement
     * @param items what to run it for
     * @param binder sets its parameters for one item
     * @param <T> the items
     * @throws SQLException as the driver threw it, or an {@link java.sql.SQLTimeoutException} when the query
     *         timeout stopped a batch
     */
    public <T> void batch(Connection c, String sql, Iterable<? extends T> items, ItemBinder<? super T> binder)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int batched = 0;
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
                if (++batched == BATCH_SIZE) {
                    executeBatch(c, ps);
                    batched = 0;
                }
            }
            if (batched > 0) {
                executeBatch(c, ps);
            }
        }
    }

    private void executeBatch(Connection c, PreparedStatement ps) throws SQLException {
        StatementDeadlines.Running deadline = deadlines.start(c, ps);
        try {
            ps.executeBatch();
        } catch (BatchUpdateException e) {
            throw deadlines.explain(deadline, serverError(e));
        } catch (SQLException e) {
            throw deadlines.explain(deadline, e);
        } finally {
            deadlines.finish(deadline);
        }
    }

    /**
     * The error the server gave for a batch, without the batch's own message: pgjdbc's quotes the failed
     * statement with its parameter values ("Batch entry 3 INSERT ... VALUES ('+34...') was aborted"), which must
     * not reach an exception message or a log.
     */
    private static SQLException serverError(BatchUpdateException e) {
        SQLException server = e.getNextException();
        return server != null ? server
                : new SQLException("a statement of a batch failed", e.getSQLState(), e.getErrorCode());
    }

    /**
     * @param operation what was being done ("update call c-1 from version 3")
     * @param e what the driver threw
     * @return a 503 that names the store and the operation, quotes the SQLState and the error's first line, and
     *         says what to do (a timeout: a lock held elsewhere, retry later; no connection: check the database;
     *         a refused value; otherwise check the schema)
     */
    public StoreUnavailableException unavailable(String operation, SQLException e) {
        String what = store + ": could not " + operation + " (" + describe(e) + "); ";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String advice;
        if (e instanceof StatementDeadlines.OutcomeUnknownException) {
            advice = "the database is overloaded or unreachable. Whether this write took effect is unknown: read "
                    + "the data again before retrying (a transaction is never half-written)";
        } else if (e instanceof SQLTimeoutException) {
            advice = "another transaction may hold a lock it needs, or the database is overloaded or unreachable. "
                    + "Nothing was half-written; retrying later is safe";
        } else if (isConnectionProblem(e)) {
            advice = "check that the database is reachable. Nothing was half-written; retrying later is safe";
        } else if (state.startsWith("22") || state.startsWith("54")) {
            advice = "the database refused a value (too large, or a character it cannot store). "
                    + "Nothing was half-written";
        } else {
            advice = "the database refused the statement; check that the " + schema + " schema is applied and "
                    + "current. Nothing was half-written";
        }
        return new StoreUnavailableException(what + advice, e);
    }

    /**
     * Connection exceptions (class 08), an operator or crash shutdown (57P0x), a timeout or cancel (57014),
     * too many connections (53xxx), or what the driver or pool calls transient or recoverable.
     */
    private static boolean isConnectionProblem(SQLException e) {
        String state = e.getSQLState();
        return e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException
                || state != null && (state.startsWith("08") || state.startsWith("57") || state.startsWith("53"));
    }

    /** A commit can wait too (a synchronous standby that is gone): under the query timeout like a statement. */
    private void commit(Connection c) throws SQLException {
        StatementDeadlines.Running deadline = deadlines.start(c, null);
        try {
            c.commit();
        } catch (SQLException e) {
            throw deadlines.explain(deadline, e);
        } finally {
            deadlines.finish(deadline);
        }
    }

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Switches auto-commit back on. A connection that cannot take it is broken (closed under its statement by
     * the watchdog, or lost): its transaction is over either way, and the pool resets or discards it.
     */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("Could not switch auto-commit back on; the pool resets or discards the connection", e);
        }
    }

    /**
     * @param e what the driver threw
     * @return its SQLState and the first line of its message ("SQLState 23505: ERROR: duplicate key ..."): the
     *         server's detail lines, which quote the row's values, are left out
     */
    public static String describe(SQLException e) {
        return "SQLState " + e.getSQLState() + ": " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    // ---- values ----

    /**
     * Instants as timestamptz in UTC, to the microsecond (PostgreSQL's precision; truncated, not rounded), never
     * through the JVM's or the session's time zone.
     *
     * @param ps the statement
     * @param index the parameter's index
     * @param instant the value, or {@code null}
     * @throws SQLException as the driver threw it
     */
    public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    /**
     * @param rs the result set, on the row to read
     * @param column a timestamptz column
     * @return its value, or {@code null}
     * @throws SQLException as the driver threw it
     */
    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Text as PostgreSQL can store it: it refuses U+0000 in {@code text} and {@code jsonb}, so a NUL a provider
     * sent becomes U+FFFD instead of making the call impossible to store.
     *
     * @param value the text, or {@code null}
     * @return it, with every U+0000 replaced
     */
    public static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    /**
     * @param ps the statement
     * @param index the parameter's index
     * @param value the text, or {@code null}; stored as {@link #text(String)} has it
     * @throws SQLException as the driver threw it
     */
    public static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, text(value));
    }

    /**
     * @param ps the statement
     * @param index the parameter's index
     * @param value the number, or {@code null}
     * @throws SQLException as the driver threw it
     */
    public static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /**
     * @param rs the result set, on the row to read
     * @param column a bigint column
     * @return its value, or {@code null}
     * @throws SQLException as the driver threw it
     */
    public static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
