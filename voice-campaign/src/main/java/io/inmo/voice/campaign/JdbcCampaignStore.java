package io.inmo.voice.campaign;

import io.inmo.voice.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * compare-and-set on {@code version}. Each method commits on its own connection. A database that cannot be
 * reached gives {@link StoreUnavailableException} (503), a change that breaks a constraint (a lead listed twice)
 * {@link InvalidCampaignException} (400); either way nothing changes. Thread-safe.
 */
public final class JdbcCampaignStore implements CampaignStore {

    /** Class-path resource with the schema. */
    public static final String SCHEMA_RESOURCE = "db/voice-campaign/V1__voice_campaign.sql";

    private final DataSource dataSource;
    private final JdbcCampaignRows rows = new JdbcCampaignRows();

    private JdbcCampaignStore(Builder b) {
        this.dataSource = b.dataSource;
        if (b.createSchema) {
            createSchema();
        } else {
            checkSchema();
        }
    }

    /** @param dataSource the PostgreSQL data source @return a builder */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public void create(CampaignRecord campaign, List<LeadRecord> leads) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(JdbcCampaignRows.INSERT_CAMPAIGN)) {
                rows.bindCampaign(c, ps, campaign);
                if (ps.executeUpdate() == 0) {
                    throw new CampaignExistsException(campaign.id());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(JdbcCampaignRows.INSERT_LEAD)) {
                int batched = 0;
                for (LeadRecord lead : leads) {
                    rows.bindNewLead(c, ps, lead, campaign.pacing().account());
                    ps.addBatch();
                    if (++batched % 1_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<CampaignRecord> campaign(String campaignId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(JdbcCampaignRows.SELECT_CAMPAIGN + " WHERE id = ?")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rows.campaign(rs)) : Optional.<CampaignRecord>empty();
                }
            }
        });
    }

    @Override
    public List<CampaignRecord> runningCampaigns() {
        return inTransaction(c -> {
            List<CampaignRecord> running = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(JdbcCampaignRows.SELECT_CAMPAIGN
                    + " WHERE state = 'RUNNING' ORDER BY created_at, id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    running.add(rows.campaign(rs));
                }
            }
            return running;
        });
    }

    @Override
    public boolean setState(String campaignId, CampaignState expected, CampaignState next) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE voice_campaign SET state = ? WHERE id = ? AND state = ?")) {
                ps.setString(1, next.name());
                ps.setString(2, campaignId);
                ps.setString(3, expected.name());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<LeadRecord> claim(ClaimRequest r) {
        return inTransaction(c -> JdbcClaim.claim(c, r, rows));
    }

    @Override
    public boolean compareAndSet(LeadRecord expected, LeadRecord next) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(JdbcCampaignRows.UPDATE_LEAD)) {
                rows.bindUpdate(ps, expected, next);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<LeadRecord> lead(String campaignId, String leadId) {
        return one(JdbcCampaignRows.SELECT_LEAD + " WHERE campaign_id = ? AND lead_id = ?", campaignId, leadId);
    }

    @Override
    public Optional<LeadRecord> leadByCallId(String callId) {
        return one(JdbcCampaignRows.SELECT_LEAD + " WHERE call_id = ? ORDER BY updated_at DESC LIMIT 1", callId, null);
    }

    @Override
    public List<LeadRecord> leads(String campaignId, LeadState state, int limit) {
        return list(JdbcCampaignRows.SELECT_LEAD + " WHERE campaign_id = ? AND state = ? ORDER BY seq LIMIT ?",
                campaignId, state.name(), limit);
    }

    @Override
    public List<LeadRecord> dialingUpdatedBefore(Instant updatedBefore, LeadRecord after, int limit) {
        return inTransaction(c -> {
            String sql = JdbcCampaignRows.SELECT_LEAD + " WHERE state = 'DIALING' AND updated_at < ?"
                    + (after == null ? "" : " AND (updated_at, campaign_id, lead_id) > (?, ?, ?)")
                    + " ORDER BY updated_at, campaign_id, lead_id LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                JdbcCampaignRows.setInstant(ps, i++, updatedBefore);
                if (after != null) {
                    JdbcCampaignRows.setInstant(ps, i++, after.updatedAt());
                    ps.setString(i++, after.campaignId());
                    ps.setString(i++, after.leadId());
                }
                ps.setInt(i, limit);
                return leads(ps);
            }
        });
    }

    @Override
    public int cancelDueLeads(String campaignId, Instant at) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE voice_campaign_lead SET state = 'CANCELED', "
                    + "next_attempt_at = NULL, reason = 'campaign canceled', updated_at = ?, version = version + 1 "
                    + "WHERE campaign_id = ? AND state IN ('PENDING', 'WAITING_FOR_WINDOW', 'RETRY_SCHEDULED')")) {
                JdbcCampaignRows.setInstant(ps, 1, at);
                ps.setString(2, campaignId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Counts counts(String campaignId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, last_outcome, count(*) FROM "
                    + "voice_campaign_lead WHERE campaign_id = ? GROUP BY state, last_outcome")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rows.counts(rs);
                }
            }
        });
    }

    private Optional<LeadRecord> one(String sql, String first, String second) {
        List<LeadRecord> found = list(sql, first, second, null);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private List<LeadRecord> list(String sql, String first, String second, Integer limit) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (first != null) {
                    ps.setString(i++, first);
                }
                if (second != null) {
                    ps.setString(i++, second);
                }
                if (limit != null) {
                    ps.setInt(i, limit);
                }
                return leads(ps);
            }
        });
    }

    /** Runs the lead query and reads every row. */
    private List<LeadRecord> leads(PreparedStatement ps) throws SQLException {
        List<LeadRecord> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(rows.lead(rs));
            }
        }
        return found;
    }

    private void createSchema() {
        String sql;
        try (InputStream in = JdbcCampaignStore.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + SCHEMA_RESOURCE + " is missing from the jar");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_RESOURCE, e);
        }
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    private void checkSchema() {
        boolean present = inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('voice_campaign_lead') IS NOT NULL "
                    + "AND to_regclass('voice_campaign_number') IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
        if (!present) {
            throw new IllegalStateException("the campaign tables do not exist in this database: apply the SQL in "
                    + "the class-path resource " + SCHEMA_RESOURCE + " (voice-campaign jar) with your migrations, or "
                    + "build the store with createSchema(true)");
        }
    }

    /** One unit of work on one connection, committed at the end or rolled back on any failure. */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                // An integrity constraint: the request was wrong (a lead twice, a lead of no campaign), not the store.
                throw new InvalidCampaignException("the campaign store refused the change (" + e.getSQLState() + "): "
                        + e.getMessage());
            }
            throw new StoreUnavailableException("campaign store: " + e.getMessage(), e);
        }
    }

    /** Builder for {@link JdbcCampaignStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private boolean createSchema;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * @param create {@code true} to apply {@value JdbcCampaignStore#SCHEMA_RESOURCE} when building (it is idempotent);
         *        default {@code false}: {@link #build()} then checks the tables exist and fails naming the resource
         * @return this builder
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /** @return the store @throws IllegalStateException the tables are missing and createSchema is off */
        public JdbcCampaignStore build() {
            return new JdbcCampaignStore(this);
        }
    }
}
