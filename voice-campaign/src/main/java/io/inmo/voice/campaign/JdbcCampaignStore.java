package io.inmo.voice.campaign;

import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.jdbc.JdbcStoreBuilder;
import io.inmo.voice.jdbc.internal.Jdbc;
import io.inmo.voice.jdbc.internal.Schema;
import io.inmo.voice.jdbc.internal.StatementDeadlines;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A {@link CampaignStore} on PostgreSQL 13+, plain JDBC: campaigns survive restarts and run on several
 * instances. The schema ships in the jar as {@value #SCHEMA_RESOURCE} (Flyway-compatible, safe to apply twice):
 * apply it with your migrations, or let {@link Builder#createSchema(boolean) createSchema(true)} run it.
 *
 * <pre>{@code
 * CampaignStore store = JdbcCampaignStore.builder(dataSource).build();   // checks the tables exist
 * }</pre>
 *
 * <p>A claim runs in one transaction that locks the pacing account's row ({@code SELECT ... FOR UPDATE}), so the
 * claims of one account run one at a time across every instance: that is what keeps the concurrency and rate
 * limits exact. Leads are picked with {@code FOR UPDATE SKIP LOCKED} through an index on due time, so a claim
 * costs the same in a campaign of a thousand leads or a million. Every other change is a single-row
 * compare-and-set on {@code version}, or one statement. Each method commits on its own connection use and never
 * joins a host transaction (do not hand it a transaction-aware proxy of your {@code DataSource}).
 *
 * <p>Each statement has a query timeout (default 5 s, {@link JdbcStoreBuilder#queryTimeout(Duration)
 * queryTimeout}), kept as in the stores of {@code voice-jdbc}: a watchdog thread of the store's own, started
 * with its first statement and gone after a minute without any, cancels a statement past its deadline, so a
 * claim waiting for a lock that a host transaction holds, or a database that stops answering, cannot hang the
 * thread that runs {@link CampaignDialer#dispatchDue()}; it closes the connection of a statement still running
 * one timeout later (a database that hangs or cannot be reached).
 *
 * <p>Errors: a database that cannot be reached, a broken connection or a timeout gives a
 * {@link StoreUnavailableException} (503) that says what failed and what to do; the claim or change is rolled
 * back (after a closed connection, as after a crash, whether it took effect is unknown:
 * {@link CampaignDialer#reconcile(Duration)} frees leads claimed but never dialed). A change that breaks a
 * constraint (a lead listed twice) gives {@link InvalidCampaignException} (400) and changes nothing. Thread-safe.
 */
public final class JdbcCampaignStore implements CampaignStore {

    /** Class-path resource with the schema. */
    public static final String SCHEMA_RESOURCE = "db/voice-campaign/V1__voice_campaign.sql";

    private static final Schema SCHEMA = new Schema("campaign store", "voice-campaign", JdbcCampaignStore.class,
            List.of(SCHEMA_RESOURCE), "voice-campaign jar");

    private static final String BY_ID = JdbcCampaignRows.SELECT_CAMPAIGN + " WHERE id = ?";
    private static final String RUNNING = JdbcCampaignRows.SELECT_CAMPAIGN
            + " WHERE state = 'RUNNING' ORDER BY created_at, id";
    private static final String SET_STATE = "UPDATE voice_campaign SET state = ? WHERE id = ? AND state = ?";
    private static final String LEAD = JdbcCampaignRows.SELECT_LEAD + " WHERE campaign_id = ? AND lead_id = ?";
    private static final String LEAD_BY_CALL = JdbcCampaignRows.SELECT_LEAD
            + " WHERE call_id = ? ORDER BY updated_at DESC LIMIT 1";
    private static final String LEADS_IN_STATE = JdbcCampaignRows.SELECT_LEAD
            + " WHERE campaign_id = ? AND state = ? ORDER BY seq LIMIT ?";
    private static final String DIALING = JdbcCampaignRows.SELECT_LEAD + " WHERE state = 'DIALING' AND updated_at < ?";
    private static final String DIALING_ORDER = " ORDER BY updated_at, campaign_id, lead_id LIMIT ?";
    private static final String DIALING_FIRST = DIALING + DIALING_ORDER;
    private static final String DIALING_AFTER = DIALING + " AND (updated_at, campaign_id, lead_id) > (?, ?, ?)"
            + DIALING_ORDER;
    private static final String CANCEL_DUE = "UPDATE voice_campaign_lead SET state = 'CANCELED', "
            + "next_attempt_at = NULL, reason = 'campaign canceled', updated_at = ?, version = version + 1 "
            + "WHERE campaign_id = ? AND state IN ('PENDING', 'WAITING_FOR_WINDOW', 'RETRY_SCHEDULED')";
    private static final String COUNTS = "SELECT state, last_outcome, count(*) FROM voice_campaign_lead "
            + "WHERE campaign_id = ? GROUP BY state, last_outcome";

    private final Jdbc jdbc;
    private final JdbcCampaignRows rows = new JdbcCampaignRows();
    private final JdbcClaim claims;

    private JdbcCampaignStore(Builder b) {
        this.jdbc = b.open();
        this.claims = new JdbcClaim(jdbc, rows);
    }

    /**
     * @param dataSource the host's pool (PostgreSQL); connections may have auto-commit on or off
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public void create(CampaignRecord campaign, List<LeadRecord> leads) {
        String account = campaign.pacing().account();
        change("create campaign " + campaign.id() + " with " + leads.size() + " leads", c -> {
            if (jdbc.update(c, JdbcCampaignRows.INSERT_CAMPAIGN, ps -> rows.bindCampaign(c, ps, campaign)) == 0) {
                throw new CampaignExistsException(campaign.id());
            }
            jdbc.batch(c, JdbcCampaignRows.INSERT_LEAD, leads, (ps, lead) -> rows.bindNewLead(c, ps, lead, account));
            return null;
        });
    }

    @Override
    public Optional<CampaignRecord> campaign(String campaignId) {
        return first(jdbc.query("read campaign " + campaignId, BY_ID, ps -> ps.setString(1, campaignId),
                rows::campaign));
    }

    @Override
    public List<CampaignRecord> runningCampaigns() {
        return jdbc.query("list the running campaigns", RUNNING, ps -> { }, rows::campaign);
    }

    @Override
    public boolean setState(String campaignId, CampaignState expected, CampaignState next) {
        return update("move campaign " + campaignId + " from " + expected + " to " + next, SET_STATE, ps -> {
            ps.setString(1, next.name());
            ps.setString(2, campaignId);
            ps.setString(3, expected.name());
        }) == 1;
    }

    @Override
    public List<LeadRecord> claim(ClaimRequest r) {
        return change("claim due leads of campaign " + r.campaignId() + " on account " + r.account(),
                c -> claims.claim(c, r));
    }

    @Override
    public boolean compareAndSet(LeadRecord expected, LeadRecord next) {
        return update("update lead " + expected.leadId() + " of campaign " + expected.campaignId() + " from version "
                + expected.version(), JdbcCampaignRows.UPDATE_LEAD, ps -> rows.bindUpdate(ps, expected, next)) == 1;
    }

    @Override
    public Optional<LeadRecord> lead(String campaignId, String leadId) {
        return first(leads("read lead " + leadId + " of campaign " + campaignId, LEAD, ps -> {
            ps.setString(1, campaignId);
            ps.setString(2, leadId);
        }));
    }

    @Override
    public Optional<LeadRecord> leadByCallId(String callId) {
        return first(leads("find the lead of call " + callId, LEAD_BY_CALL, ps -> ps.setString(1, callId)));
    }

    @Override
    public List<LeadRecord> leads(String campaignId, LeadState state, int limit) {
        return leads("list the " + state + " leads of campaign " + campaignId, LEADS_IN_STATE, ps -> {
            ps.setString(1, campaignId);
            ps.setString(2, state.name());
            ps.setInt(3, limit);
        });
    }

    @Override
    public List<LeadRecord> dialingUpdatedBefore(Instant updatedBefore, LeadRecord after, int limit) {
        return leads("list the leads dialing since before " + updatedBefore, after == null ? DIALING_FIRST
                : DIALING_AFTER, ps -> {
                    int i = 1;
                    Jdbc.setInstant(ps, i++, updatedBefore);
                    if (after != null) {
                        Jdbc.setInstant(ps, i++, after.updatedAt());
                        ps.setString(i++, after.campaignId());
                        ps.setString(i++, after.leadId());
                    }
                    ps.setInt(i, limit);
                });
    }

    @Override
    public int cancelDueLeads(String campaignId, Instant at) {
        return update("cancel the due leads of campaign " + campaignId, CANCEL_DUE, ps -> {
            Jdbc.setInstant(ps, 1, at);
            ps.setString(2, campaignId);
        });
    }

    @Override
    public Counts counts(String campaignId) {
        return rows.counts(jdbc.query("count the leads of campaign " + campaignId, COUNTS,
                ps -> ps.setString(1, campaignId), JdbcCampaignRows.StateCount::read));
    }

    private List<LeadRecord> leads(String operation, String sql, Jdbc.Binder binder) {
        return jdbc.query(operation, sql, binder, rows::lead);
    }

    private static <T> Optional<T> first(List<T> found) {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** One statement that changes rows, committed on its own. */
    private int update(String operation, String sql, Jdbc.Binder binder) {
        return refusedAsInvalid(operation, () -> jdbc.inTransaction(operation, c -> jdbc.update(c, sql, binder)));
    }

    /** Several statements, all or nothing. */
    private <T> T change(String operation, Jdbc.Work<T> work) {
        return refusedAsInvalid(operation, () -> jdbc.atomically(operation, work));
    }

    /**
     * Runs {@code change}; an integrity constraint it broke (SQLState class 23: a lead listed twice) means the
     * request was wrong, not the store: {@link InvalidCampaignException} instead of a 503.
     */
    private static <T> T refusedAsInvalid(String operation, Supplier<T> change) {
        try {
            return change.get();
        } catch (StoreUnavailableException e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("23")) {
                throw new InvalidCampaignException("campaign store: could not " + operation + " ("
                        + Jdbc.describe(sql) + "): it breaks a constraint of the "
                        + "campaign tables, such as a lead id listed twice in one campaign; fix the request. "
                        + "Nothing was stored", sql);
            }
            throw e;
        }
    }

    /**
     * Builder for {@link JdbcCampaignStore}: {@code createSchema} (it applies
     * {@value JdbcCampaignStore#SCHEMA_RESOURCE}) and {@code queryTimeout} as every JDBC store's (see
     * {@link JdbcStoreBuilder}). Not thread-safe.
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

        private Jdbc open() {
            return SCHEMA.open(dataSource(), createSchema(),
                    deadlines != null ? deadlines : StatementDeadlines.system(queryTimeout()), JdbcCampaignRows.TABLES);
        }

        /**
         * Checks the schema (creating it first with {@link #createSchema(boolean) createSchema(true)}).
         *
         * @return the store
         * @throws IllegalStateException a table or column is missing; the message names the SQL resource to apply
         * @throws StoreUnavailableException the database cannot be reached
         */
        public JdbcCampaignStore build() {
            return new JdbcCampaignStore(this);
        }
    }
}
