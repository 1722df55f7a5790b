package io.inmo.voice.jdbc;

import io.inmo.voice.CallInProgressException;
import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.jdbc.internal.Jdbc;
import io.inmo.voice.jdbc.internal.Schema;
import io.inmo.voice.jdbc.internal.StatementDeadlines;
import io.inmo.voice.spi.CallRepository;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link CallRepository} on PostgreSQL 13+, over the host's {@link DataSource}, so that several instances of
 * a host share their calls and a restart loses none: a webhook may reach any instance, a summary left running
 * by a stopped instance is finished by another.
 *
 * <pre>{@code
 * CallRepository calls = JdbcCallRepository.builder(dataSource)   // the host's pool (HikariCP, ...)
 *         .createSchema(true)                                      // or apply schemaSql() with Flyway/Liquibase
 *         .build();                                                // queryTimeout(...): 5 s by default
 * VoiceCallService service = VoiceCallService.builder().repository(calls)...build();
 * service.resumePendingSummaries();                                // at start, on every instance
 * }</pre>
 *
 * <p>How the promises of {@link CallRepository} hold across instances:
 * <ul>
 *   <li>one active call per lead: a partial unique index on {@code lead_id} over the active statuses, and an
 *       {@code INSERT ... ON CONFLICT DO NOTHING} on it;</li>
 *   <li>compare-and-set: {@code UPDATE ... WHERE call_id = ? AND version = ?}; the summary claim
 *       (PENDING to RUNNING) is such an update too, so exactly one instance runs a summary hook;</li>
 *   <li>every method uses one connection of its own and commits before returning (also when the pool hands
 *       out connections with auto-commit off): the new call row is committed before the provider is dialed,
 *       so a webhook reaching another instance finds it. It never joins a host transaction: do not hand it a
 *       transaction-aware proxy of your {@code DataSource};</li>
 *   <li>each statement has a query timeout (default 5 s, {@link JdbcStoreBuilder#queryTimeout(java.time.Duration)
 *       queryTimeout}), so a host transaction holding a row lock cannot
 *       hang a webhook thread: a watchdog thread of the repository's own, started with the first statement and
 *       gone after a minute without any, cancels a statement past its deadline (it fails with
 *       {@link StoreUnavailableException} and is rolled back), and closes the connection of one still running a
 *       timeout later (a database that hangs or cannot be reached; whether that statement took effect is then
 *       unknown, as after a crash). Cheaper than the driver's timeout, which wakes a timer thread per
 *       statement; nothing to close.</li>
 * </ul>
 *
 * <p>Errors: a database that cannot be reached, a broken connection or a timeout gives a
 * {@link StoreUnavailableException} (503) saying what failed; nothing was half-written. During
 * {@code initiate} that happens before anything is dialed; during {@code handle} the host answers 5xx and the
 * provider sends the webhook again. Times are written from the application's clock (keep instances NTP-synced;
 * skew only matters against the summary claim timeout, 10 min by default), to the microsecond. Text is stored
 * as given, except U+0000, which PostgreSQL refuses and which becomes U+FFFD. Thread-safe.
 */
public final class JdbcCallRepository implements CallRepository {

    /** The classpath resource with the schema (Flyway-compatible name; idempotent SQL). */
    public static final String SCHEMA_RESOURCE = "META-INF/inmo-voice/db/postgresql/V1__inmo_voice.sql";

    /** The schema of every store of this module: one resource, so far. */
    static final Schema SCHEMA = new Schema("call store", "inmo-voice", JdbcCallRepository.class,
            List.of(SCHEMA_RESOURCE), "voice-jdbc jar (also JdbcCallRepository.schemaSql())");

    static final String TABLE = "inmo_voice_call";
    private static final String ACTIVE = "status IN ('INITIATED', 'QUEUED', 'RINGING', 'IN_PROGRESS')";
    private static final int INSERT_ATTEMPTS = 5;

    private static final String INSERT = "INSERT INTO " + TABLE + " (" + CallRows.COLUMNS + ") VALUES ("
            + CallRows.PLACEHOLDERS + ") ON CONFLICT (lead_id) WHERE " + ACTIVE + " DO NOTHING";
    private static final String UPDATE = "UPDATE " + TABLE + " SET " + CallRows.ASSIGNMENTS
            + " WHERE call_id = ? AND version = ?";
    private static final String SELECT = "SELECT " + CallRows.COLUMNS + " FROM " + TABLE;
    private static final String BY_ID = SELECT + " WHERE call_id = ?";
    private static final String BY_EXTERNAL_ID = SELECT
            + " WHERE provider = ? AND external_call_id = ? ORDER BY created_at DESC LIMIT 1";
    private static final String ACTIVE_BY_LEAD = SELECT + " WHERE lead_id = ? AND " + ACTIVE;
    private static final String QUIET = SELECT + " WHERE " + ACTIVE
            + " AND updated_at < ? ORDER BY updated_at, call_id LIMIT ?";
    // The first condition repeats the outbox index's predicate so the planner can use it.
    private static final String SUMMARIES_DUE = SELECT + " WHERE summary_state IN ('PENDING', 'RUNNING')"
            + " AND (summary_state = 'PENDING' OR updated_at < ?) ORDER BY updated_at, call_id LIMIT ?";

    // The conditions repeat the unreported index's predicate so the planner can use it.
    private static final String ENDED_WITHOUT_REPORT = SELECT + " WHERE summary_state = 'NONE' AND NOT (" + ACTIVE
            + ") AND external_call_id IS NOT NULL AND updated_at < ? ORDER BY updated_at, call_id LIMIT ?";

    private final Jdbc jdbc;
    private final CallRows rows = new CallRows();

    private JdbcCallRepository(Builder b) {
        this.jdbc = SCHEMA.open(b.dataSource(), b.createSchema(),
                b.deadlines != null ? b.deadlines : StatementDeadlines.system(b.queryTimeout()),
                Map.of(TABLE, CallRows.COLUMNS));
    }

    /**
     * @param dataSource the host's pool; connections may have auto-commit on or off
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * @return the SQL of the schema ({@value #SCHEMA_RESOURCE}): every table of this module (calls, activity
     *         timeline, processed webhook events) with its indexes; idempotent
     */
    public static String schemaSql() {
        return SCHEMA.sql();
    }

    @Override
    public void insert(VoiceCall call) {
        Objects.requireNonNull(call, "call");
        for (int attempt = 0; attempt < INSERT_ATTEMPTS; attempt++) {
            if (tryInsert(call)) {
                return;
            }
            // The lead has an active call, unless it ended between our insert and this read: then try again.
            Optional<VoiceCall> active = findActiveByLead(call.leadId());
            if (active.isPresent()) {
                throw new CallInProgressException(call.leadId(), active.get().callId());
            }
        }
        throw new StoreUnavailableException("call store: lead " + call.leadId() + " kept changing while call "
                + call.callId() + " was being stored; nothing was stored, try again", null);
    }

    private boolean tryInsert(VoiceCall call) {
        try {
            return jdbc.inTransaction("insert call " + call.callId(),
                    c -> jdbc.update(c, INSERT, ps -> rows.bind(ps, call, 1)) == 1);
        } catch (StoreUnavailableException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw new IllegalStateException("a call with id " + call.callId() + " is already stored", sql);
            }
            throw e;
        }
    }

    @Override
    public Optional<VoiceCall> findById(String callId) {
        if (callId == null) {
            return Optional.empty();
        }
        return queryOne("find call " + callId, BY_ID, ps -> Jdbc.setText(ps, 1, callId));
    }

    @Override
    public Optional<VoiceCall> findByExternalId(String provider, String externalCallId) {
        if (provider == null || externalCallId == null) {
            return Optional.empty();
        }
        return queryOne("find " + provider + " call " + externalCallId, BY_EXTERNAL_ID, ps -> {
            Jdbc.setText(ps, 1, provider);
            Jdbc.setText(ps, 2, externalCallId);
        });
    }

    @Override
    public Optional<VoiceCall> findActiveByLead(String leadId) {
        if (leadId == null) {
            return Optional.empty();
        }
        return queryOne("find the active call of lead " + leadId, ACTIVE_BY_LEAD, ps -> Jdbc.setText(ps, 1, leadId));
    }

    @Override
    public boolean compareAndSet(long expectedVersion, VoiceCall updated) {
        CallRepository.requireNextVersion(expectedVersion, updated);
        return jdbc.inTransaction("update call " + updated.callId() + " from version " + expectedVersion,
                c -> jdbc.update(c, UPDATE, ps -> {
                    int next = rows.bind(ps, updated, 1);
                    Jdbc.setText(ps, next, updated.callId());
                    ps.setLong(next + 1, expectedVersion);
                }) == 1);
    }

    @Override
    public List<VoiceCall> findActiveUpdatedBefore(Instant updatedBefore, int limit) {
        Objects.requireNonNull(updatedBefore, "updatedBefore");
        return queryList("list quiet calls", QUIET, instantAndLimit(updatedBefore, limit));
    }

    @Override
    public List<VoiceCall> findSummariesDue(Instant staleRunningBefore, int limit) {
        Objects.requireNonNull(staleRunningBefore, "staleRunningBefore");
        return queryList("list summaries due", SUMMARIES_DUE, instantAndLimit(staleRunningBefore, limit));
    }

    @Override
    public List<VoiceCall> findEndedWithoutReport(Instant updatedBefore, int limit) {
        Objects.requireNonNull(updatedBefore, "updatedBefore");
        return queryList("list calls ended without report", ENDED_WITHOUT_REPORT,
                instantAndLimit(updatedBefore, limit));
    }

    /** Binds the two parameters of the scans: a time bound, then the row limit. */
    private static Jdbc.Binder instantAndLimit(Instant bound, int limit) {
        return ps -> {
            Jdbc.setInstant(ps, 1, bound);
            ps.setInt(2, limit);
        };
    }

    private Optional<VoiceCall> queryOne(String operation, String sql, Jdbc.Binder binder) {
        List<VoiceCall> found = queryList(operation, sql, binder);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<VoiceCall> queryList(String operation, String sql, Jdbc.Binder binder) {
        return jdbc.query(operation, sql, binder, rows::read);
    }

    /**
     * Builder for {@link JdbcCallRepository}: {@code createSchema} and {@code queryTimeout} as every JDBC store's
     * (see {@link JdbcStoreBuilder}). Not thread-safe.
     */
    public static final class Builder extends JdbcStoreBuilder<Builder> {
        private StatementDeadlines deadlines;

        private Builder(DataSource dataSource) {
            super(dataSource);
        }

        /** For tests in this package: the watchdog (with its own timeout, clock and thread) to use. */
        Builder statementDeadlines(StatementDeadlines deadlines) {
            this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
            return this;
        }

        /**
         * Checks the schema (creating it first with {@link #createSchema(boolean) createSchema(true)}).
         *
         * @return the repository
         * @throws IllegalStateException the tables are missing; the message names the SQL resource to apply
         * @throws StoreUnavailableException the database cannot be reached
         */
        public JdbcCallRepository build() {
            return new JdbcCallRepository(this);
        }
    }
}
