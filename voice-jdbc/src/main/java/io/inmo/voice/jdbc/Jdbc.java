package io.inmo.voice.jdbc;

import io.inmo.voice.StoreUnavailableException;
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

/**
 * How every store in this package talks to the database: one connection use per operation, committed on its
 * own (never joining a host transaction), every statement executed under the store's query timeout (kept by
 * {@link StatementDeadlines}, not by the driver's per-statement timer), and SQL errors turned into exceptions
 * that say which operation failed.
 */
final class Jdbc {

    /** SQLState of a unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final StatementDeadlines deadlines;

    Jdbc(DataSource dataSource, StatementDeadlines deadlines) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /** Work on one connection; may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection of its own and commits it (when the pool hands out connections with
     * auto-commit off); rolls back on failure.
     *
     * @param operation what is being done, for the error message ("insert call c-1")
     * @throws StoreUnavailableException for every SQL error the caller did not handle itself
     */
    <T> T inTransaction(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                T result = work.run(c);
                if (!autoCommit) {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!autoCommit) {
                    rollbackQuietly(c, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(operation, e);
        }
    }

    /** Sets a statement's parameters; may throw {@link SQLException}. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads the current row; may throw {@link SQLException}. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a query on a connection of its own and reads every row.
     *
     * @param operation what is being done, for the error message ("list quiet calls")
     * @throws StoreUnavailableException for every SQL error
     */
    <T> List<T> query(String operation, String sql, Binder binder, RowReader<T> reader) {
        return inTransaction(operation, c -> select(c, sql, binder, reader));
    }

    /**
     * Prepares {@code sql} on {@code c}, binds it and runs it under the query timeout, reading every row.
     *
     * @throws SQLException as the driver threw it, or an {@link java.sql.SQLTimeoutException} when the query
     *         timeout stopped it
     */
    <T> List<T> select(Connection c, String sql, Binder binder, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            StatementDeadlines.Running deadline = deadlines.start(ps);
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
     * @return the update count
     * @throws SQLException as the driver threw it, or an {@link java.sql.SQLTimeoutException} when the query
     *         timeout stopped it
     */
    int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            StatementDeadlines.Running deadline = deadlines.start(ps);
            try {
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw deadlines.explain(deadline, e);
            } finally {
                deadlines.finish(deadline);
            }
        }
    }

    static StoreUnavailableException unavailable(String operation, SQLException e) {
        String what = "call store: could not " + operation + " (SQLState " + e.getSQLState() + ": "
                + firstLine(e.getMessage()) + "); ";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String advice;
        if (e instanceof SQLTimeoutException) {
            advice = "another transaction may hold a lock it needs, or the database is overloaded or unreachable. "
                    + "Nothing was half-written; retrying later is safe";
        } else if (isConnectionProblem(e)) {
            advice = "check that the database is reachable. Nothing was half-written; retrying later is safe";
        } else if (state.startsWith("22") || state.startsWith("54")) {
            advice = "the database refused a value (too large, or a character it cannot store). "
                    + "Nothing was half-written";
        } else {
            advice = "the database refused the statement; check that the inmo-voice schema is applied and "
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

    private static void rollbackQuietly(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    // ---- values ----

    /** Instants as timestamptz in UTC, to the microsecond (PostgreSQL's precision; truncated, not rounded). */
    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Text as PostgreSQL can store it: it refuses U+0000 in {@code text} and {@code jsonb}, so a NUL a provider
     * sent becomes U+FFFD instead of making the call impossible to store.
     */
    static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    static void setText(PreparedStatement ps, int index, String value) throws SQLException {
        ps.setString(index, text(value));
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
