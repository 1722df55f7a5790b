package io.inmo.voice.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A schema shipped in a jar as SQL resources: applying it (idempotent, under an advisory lock) or checking that
 * the host applied it, with a message that names the resource when it did not, and opening a store's
 * {@link Jdbc} on it. Not API (see the package description). Immutable.
 */
public final class Schema {

    /**
     * Key of the transaction-scoped advisory lock that serializes schema creation across instances (every
     * schema of the SDK takes the same one).
     */
    private static final long ADVISORY_LOCK_KEY = 0x1A40_5E1C_E5C4_E3AL;

    private final String store;
    private final String name;
    private final Class<?> owner;
    private final List<String> resources;
    private final String origin;

    /**
     * @param store what errors call the stores on this schema ("call store"); see {@link Jdbc}
     * @param name what errors call the schema ("inmo-voice")
     * @param owner a class of the jar that ships the resources: they are read through its class loader
     * @param resources every migration, in order; each is idempotent, so applying them all again changes nothing
     * @param origin where a host finds them, for the message of a missing table ("voice-campaign jar")
     */
    public Schema(String store, String name, Class<?> owner, List<String> resources, String origin) {
        this.store = Objects.requireNonNull(store, "store");
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.resources = List.copyOf(resources);
        if (this.resources.isEmpty()) {
            throw new IllegalArgumentException("a schema has at least one resource");
        }
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    /** @return the SQL of every migration, in order */
    public String sql() {
        StringBuilder all = new StringBuilder();
        for (String resource : resources) {
            all.append(read(resource)).append('\n');
        }
        return all.toString();
    }

    /**
     * Opens a store on this schema: creates the schema first when asked, then checks that each of the store's
     * tables has the columns it reads and writes.
     *
     * @param dataSource the host's pool
     * @param createSchema whether to {@link #apply} the schema first
     * @param deadlines the store's query-timeout watchdog
     * @param columnsByTable each table the store uses, with its columns, comma-separated
     * @return the database access for the store
     * @throws IllegalStateException a table or column is missing; the message names the SQL resource to apply
     * @throws io.inmo.voice.StoreUnavailableException the database cannot be reached
     */
    public Jdbc open(DataSource dataSource, boolean createSchema, StatementDeadlines deadlines,
                     Map<String, String> columnsByTable) {
        Jdbc jdbc = new Jdbc(store, name, dataSource, deadlines);
        if (createSchema) {
            apply(jdbc);
        }
        columnsByTable.forEach((table, columns) -> require(jdbc, table, columns));
        return jdbc;
    }

    /**
     * Applies every migration in one transaction, holding the advisory lock. Not under the query timeout: a
     * migration may rightly take longer (an index built on a large table), and it waits for another instance
     * applying the schema at the same time.
     *
     * @param jdbc the database access
     */
    public void apply(Jdbc jdbc) {
        String sql = sql();
        jdbc.atomically("apply the " + name + " schema " + resources, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK_KEY + ")");
                s.execute(sql);
            }
            return null;
        });
    }

    /**
     * Checks that {@code table} exists with {@code columns}.
     *
     * @param jdbc the database access
     * @param table the table
     * @param columns its columns, comma-separated
     * @throws IllegalStateException naming the SQL resource to apply when it does not
     */
    public void require(Jdbc jdbc, String table, String columns) {
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
                    + "resource " + resources.get(resources.size() - 1) + " from the " + origin + " with your "
                    + "migration tool, or build with createSchema(true)");
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
        return jdbc.query("read the current schema", "SELECT current_schema()", ps -> { }, rs -> rs.getString(1))
                .get(0);
    }

    private String read(String resource) {
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the " + origin + " lacks its schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
