package io.inmo.voice.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The schema shipped in the jar: applying it (idempotent, under an advisory lock) or checking that the host
 * applied it, with a message that names the resource when it did not.
 */
final class Schema {

    /** Every migration, in order. Each is idempotent, so applying them all again changes nothing. */
    static final List<String> RESOURCES = List.of(JdbcCallRepository.SCHEMA_RESOURCE);

    /** Key of the transaction-scoped advisory lock that serializes schema creation across instances. */
    private static final long ADVISORY_LOCK_KEY = 0x1A40_5E1C_E5C4_E3AL;

    private Schema() {
    }

    /** @return the SQL of every migration, in order */
    static String sql() {
        StringBuilder all = new StringBuilder();
        for (String resource : RESOURCES) {
            all.append(read(resource)).append('\n');
        }
        return all.toString();
    }

    /** Applies every migration in one transaction, holding the advisory lock. */
    static void apply(Jdbc jdbc) {
        String sql = sql();
        jdbc.inTransaction("apply the inmo-voice schema " + RESOURCES, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
                s.execute(sql);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    /**
     * Checks that {@code table} exists with {@code columns}.
     *
     * @throws IllegalStateException naming the SQL resource to apply when it does not
     */
    static void require(Jdbc jdbc, String table, String columns) {
        String missing = jdbc.inTransaction("check table " + table, c -> {
            List<Optional<String>> found = jdbc.select(c, "SELECT to_regclass(?)", ps -> ps.setString(1, table),
                    rs -> Optional.ofNullable(rs.getString(1)));
            if (found.get(0).isEmpty()) {
                return "table " + table + " does not exist";
            }
            return columnsMissing(c, jdbc, table, columns);
        });
        if (missing != null) {
            throw new IllegalStateException(missing + " (schema " + currentSchema(jdbc) + "). Apply the SQL "
                    + "resource " + RESOURCES.get(RESOURCES.size() - 1) + " from the voice-jdbc jar (also "
                    + "JdbcCallRepository.schemaSql()) with your migration tool, or build with createSchema(true)");
        }
    }

    private static String columnsMissing(Connection c, Jdbc jdbc, String table, String columns) throws SQLException {
        try {
            jdbc.select(c, "SELECT " + columns + " FROM " + table + " WHERE false", ps -> { }, rs -> null);
            return null;
        } catch (SQLException e) {
            if ("42703".equals(e.getSQLState())) { // undefined column: an older schema
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                return "table " + table + " lacks a column: " + e.getMessage();
            }
            throw e;
        }
    }

    private static String currentSchema(Jdbc jdbc) {
        return jdbc.inTransaction("read the current schema", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static String read(String resource) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the voice-jdbc jar lacks its schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
