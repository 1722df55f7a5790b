package io.inmo.voice.jdbc;

import io.inmo.voice.StoreUnavailableException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The settings every JDBC store's builder offers a host, so that they are named, checked and documented once:
 * the builders of {@link JdbcCallRepository}, {@link JdbcCallActivityStore}, {@link JdbcProcessedEvents} and
 * voice-campaign's {@code JdbcCampaignStore} extend it, and a store of another module may.
 *
 * <pre>{@code
 * JdbcCallRepository calls = JdbcCallRepository.builder(dataSource)   // the host's pool (HikariCP, ...)
 *         .createSchema(true)                 // or apply the store's SQL resource with Flyway/Liquibase
 *         .queryTimeout(Duration.ofSeconds(3))                         // default 5 s
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe; the stores it builds are.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class JdbcStoreBuilder<B extends JdbcStoreBuilder<B>> {

    /** The query timeout of a store whose builder is given none: 5 s. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private boolean createSchema;
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;

    /**
     * For subclasses.
     *
     * @param dataSource the host's pool; connections may have auto-commit on or off. The store uses one
     *        connection per operation and commits it itself: do not hand it a transaction-aware proxy
     */
    protected JdbcStoreBuilder(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @param createSchema {@code true} to apply the store's schema at {@code build()} (idempotent, under a
     *        PostgreSQL advisory lock, so instances starting together are safe); {@code false} (default) to only
     *        check that its tables exist with the columns it uses, for hosts that apply the store's SQL resource
     *        (named by its {@code SCHEMA_RESOURCE}) with their own migration tool: {@code build()} then fails
     *        with an {@link IllegalStateException} naming that resource when a table or column is missing
     * @return this builder
     */
    public final B createSchema(boolean createSchema) {
        this.createSchema = createSchema;
        return self();
    }

    /**
     * @param queryTimeout the longest a statement may run (whole seconds, rounded down, at least 1); default
     *        {@link #DEFAULT_QUERY_TIMEOUT 5 s}. The store's own watchdog thread (started with its first
     *        statement, gone after a minute without any; nothing to close) cancels a statement that runs longer,
     *        within a second: it fails with {@link StoreUnavailableException} (503) saying so, and is rolled
     *        back. A statement still running one timeout after its cancel, or a commit still waiting at its
     *        deadline (a database that hangs or cannot be reached), has its connection closed; whether it took
     *        effect is then unknown, as after a crash, and the 503 says so
     * @return this builder
     * @throws IllegalArgumentException it is zero or negative
     */
    public final B queryTimeout(Duration queryTimeout) {
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, was " + queryTimeout);
        }
        this.queryTimeout = queryTimeout;
        return self();
    }

    /** @return the host's pool */
    protected final DataSource dataSource() {
        return dataSource;
    }

    /** @return whether {@code build()} applies the schema before checking it */
    protected final boolean createSchema() {
        return createSchema;
    }

    /** @return the query timeout */
    protected final Duration queryTimeout() {
        return queryTimeout;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
