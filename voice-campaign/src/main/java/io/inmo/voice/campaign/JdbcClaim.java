package io.inmo.voice.campaign;

import io.inmo.voice.jdbc.internal.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link JdbcCampaignStore#claim}, inside the caller's transaction: lock the pacing account's row (claims of one
 * account run one at a time on every instance), count its live calls and recent dials, pick due leads through the
 * due-time index with {@code FOR UPDATE SKIP LOCKED}, move them to DIALING and record their dials. Every
 * statement runs under the store's query timeout.
 */
final class JdbcClaim {

    private static final String ADD_ACCOUNT = "INSERT INTO voice_campaign_account (account) VALUES (?) "
            + "ON CONFLICT DO NOTHING";
    private static final String LOCK_ACCOUNT = "SELECT account FROM voice_campaign_account WHERE account = ? "
            + "FOR UPDATE";
    private static final String CAMPAIGN_STATE = "SELECT state FROM voice_campaign WHERE id = ?";
    private static final String LIVE = "SELECT count(*) FROM voice_campaign_lead WHERE account = ? "
            + "AND state = 'DIALING'";
    private static final String RECENT = "SELECT count(*) FROM (SELECT 1 FROM voice_campaign_dial WHERE account = ? "
            + "AND dialed_at > ? LIMIT ?) recent";
    private static final String ADD_DIAL = "INSERT INTO voice_campaign_dial (account, dialed_at) VALUES (?, ?)";
    private static final String DIALED_NUMBER = "INSERT INTO voice_campaign_number (account, phone_number, "
            + "last_dialed_at) VALUES (?, ?, ?) ON CONFLICT (account, phone_number) "
            + "DO UPDATE SET last_dialed_at = EXCLUDED.last_dialed_at";
    private static final String PRUNE_DIALS = "DELETE FROM voice_campaign_dial WHERE account = ? AND dialed_at <= ?";

    private final Jdbc jdbc;
    private final JdbcCampaignRows rows;

    JdbcClaim(Jdbc jdbc, JdbcCampaignRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    List<LeadRecord> claim(Connection c, CampaignStore.ClaimRequest r) throws SQLException {
        lockAccount(c, r.account());
        List<String> state = jdbc.select(c, CAMPAIGN_STATE, ps -> ps.setString(1, r.campaignId()),
                rs -> rs.getString(1));
        if (!state.equals(List.of("RUNNING"))) {
            return List.of();
        }
        long live = count(c, LIVE, ps -> ps.setString(1, r.account()));
        long recent = count(c, RECENT, ps -> {
            ps.setString(1, r.account());
            Jdbc.setInstant(ps, 2, r.now().minus(r.per()));
            ps.setInt(3, r.maxCalls());
        });
        int n = (int) Math.min(r.limit(), Math.min(r.maxConcurrent() - live, r.maxCalls() - recent));
        if (n <= 0) {
            return List.of();
        }
        List<LeadRecord> picked = pickDue(c, r, n);
        if (picked.isEmpty()) {
            return picked;
        }
        List<LeadRecord> claimed = new ArrayList<>(picked.size());
        for (LeadRecord p : picked) {
            claimed.add(p.moveTo(LeadState.DIALING, null, r.now()).withCall(null, p.attempts())
                    .withVersion(p.version() + 1));
        }
        jdbc.batch(c, JdbcCampaignRows.CLAIM_LEAD, picked, (ps, p) -> {
            Jdbc.setInstant(ps, 1, r.now());
            ps.setString(2, p.campaignId());
            ps.setString(3, p.leadId());
        });
        jdbc.batch(c, ADD_DIAL, picked, (ps, p) -> {
            ps.setString(1, r.account());
            Jdbc.setInstant(ps, 2, r.now());
        });
        jdbc.batch(c, DIALED_NUMBER, picked, (ps, p) -> {
            ps.setString(1, r.account());
            ps.setString(2, p.lead().phoneNumber());
            Jdbc.setInstant(ps, 3, r.now());
        });
        jdbc.update(c, PRUNE_DIALS, ps -> {
            ps.setString(1, r.account());
            Jdbc.setInstant(ps, 2, r.now().minus(Pacing.MAX_RATE_WINDOW));
        });
        return claimed;
    }

    private List<LeadRecord> pickDue(Connection c, CampaignStore.ClaimRequest r, int n) throws SQLException {
        List<LeadRecord> due = jdbc.select(c, JdbcCampaignRows.SELECT_DUE, ps -> {
            ps.setString(1, r.campaignId());
            Jdbc.setInstant(ps, 2, r.now());
            Jdbc.setInstant(ps, 3, r.now().minus(r.minGapPerNumber()));
            ps.setInt(4, n * 2 + 10); // room for leads that share a number within the batch
        }, rows::lead);
        List<LeadRecord> picked = new ArrayList<>(n);
        Set<String> numbers = new HashSet<>();
        for (LeadRecord lead : due) {
            if (picked.size() == n) {
                break;
            }
            if (numbers.add(lead.lead().phoneNumber())) {
                picked.add(lead);
            }
        }
        return picked;
    }

    private void lockAccount(Connection c, String account) throws SQLException {
        jdbc.update(c, ADD_ACCOUNT, ps -> ps.setString(1, account));
        jdbc.select(c, LOCK_ACCOUNT, ps -> ps.setString(1, account), rs -> null);
    }

    private long count(Connection c, String sql, Jdbc.Binder binder) throws SQLException {
        return jdbc.select(c, sql, binder, rs -> rs.getLong(1)).get(0);
    }
}
