package io.inmo.voice.jdbc;

import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What every store's builder takes (the host's pool, whether to create the schema, the query timeout), checked
 * in one place, and how a store opens with it. Mutable, owned by one builder; not thread-safe.
 */
final class StoreSettings {

    private final DataSource dataSource;
    private boolean createSchema;
    private Duration queryTimeout = Duration.ofSeconds(5);
    private StatementDeadlines deadlines;

    StoreSettings(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    void createSchema(boolean createSchema) {
        this.createSchema = createSchema;
    }

    void queryTimeout(Duration queryTimeout) {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, was " + queryTimeout);
        }
        this.queryTimeout = queryTimeout;
    }

    /** For tests: a watchdog with their own clock and thread; it brings its own timeout. */
    void statementDeadlines(StatementDeadlines deadlines) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /**
     * Creates the schema first when asked, then checks that the store's table has its columns.
     *
     * @param table the store's table
     * @param columns the columns the store reads and writes, comma-separated
     * @return the database access for the store
     * @throws IllegalStateException the table is missing; the message names the SQL resource to apply
     */
    Jdbc open(String table, String columns) {
        Jdbc jdbc = new Jdbc(dataSource, deadlines != null ? deadlines : StatementDeadlines.system(queryTimeout));
        if (createSchema) {
            Schema.apply(jdbc);
        }
        Schema.require(jdbc, table, columns);
        return jdbc;
    }
}
