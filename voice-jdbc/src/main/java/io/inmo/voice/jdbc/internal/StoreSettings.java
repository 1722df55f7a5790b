package io.inmo.voice.jdbc.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What every JDBC store's builder takes (the host's pool, whether to create the schema, the query timeout),
 * checked in one place, and how a store opens with it. Not API (see the package description). Mutable, owned by
 * one builder; not thread-safe.
 */
public final class StoreSettings {

    /** The query timeout of a store whose builder was given none. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private boolean createSchema;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private StatementDeadlines deadlines;

    /** @param dataSource the host's pool */
    public StoreSettings(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** @param createSchema whether to apply the schema before checking it */
    public void createSchema(boolean createSchema) {
        this.createSchema = createSchema;
    }

    /**
     * @param queryTimeout the longest a statement may run
     * @throws IllegalArgumentException it is not positive
     */
    public void queryTimeout(Duration queryTimeout) {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, was " + queryTimeout);
        }
        this.queryTimeout = queryTimeout;
    }

    /** @param deadlines for tests: a watchdog with their own clock and thread; it brings its own timeout */
    public void statementDeadlines(StatementDeadlines deadlines) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /**
     * Creates the schema first when asked, then checks that the store's tables have their columns.
     *
     * @param schema the store's schema
     * @param columnsByTable each table the store uses, with its columns, comma-separated
     * @return the database access for the store
     * @throws IllegalStateException a table is missing; the message names the SQL resource to apply
     */
    public Jdbc open(Schema schema, Map<String, String> columnsByTable) {
        return schema.open(dataSource, createSchema,
                deadlines != null ? deadlines : StatementDeadlines.system(queryTimeout), columnsByTable);
    }
}
