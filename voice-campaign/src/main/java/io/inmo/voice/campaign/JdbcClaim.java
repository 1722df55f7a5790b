package io.inmo.voice.campaign;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link JdbcCampaignStore#claim}, inside the caller's transaction: lock the pacing account's row (claims of one
 * account run one at a time on every instance), count its live calls and recent dials, pick due leads through the
 * due-time index with {@code FOR UPDATE SKIP LOCKED}, move them to DIALING and record their dials.
 */
final class JdbcClaim {

    private JdbcClaim() {
    }

    static List<LeadRecord> claim(Connection c, CampaignStore.ClaimRequest r, JdbcCampaignRows rows)
            throws SQLException {
        lockAccount(c, r.account());
        if (!"RUNNING".equals(stateOf(c, r.campaignId()))) {
            return List.of();
        }
        long live = count(c, "SELECT count(*) FROM voice_campaign_lead WHERE account = ? AND state = 'DIALING'",
                r.account(), null, 0);
        long recent = count(c, "SELECT count(*) FROM (SELECT 1 FROM voice_campaign_dial WHERE account = ? "
                + "AND dialed_at > ? LIMIT ?) recent", r.account(), r.now().minus(r.per()), r.maxCalls());
        int n = (int) Math.min(r.limit(), Math.min(r.maxConcurrent() - live, r.maxCalls() - recent));
        if (n <= 0) {
            return List.of();
        }
        List<LeadRecord> picked = pickDue(c, r, n, rows);
        if (picked.isEmpty()) {
            return picked;
        }
        List<LeadRecord> claimed = new ArrayList<>(picked.size());
        try (PreparedStatement lead = c.prepareStatement(JdbcCampaignRows.CLAIM_LEAD);
             PreparedStatement dial = c.prepareStatement(
                     "INSERT INTO voice_campaign_dial (account, dialed_at) VALUES (?, ?)");
             PreparedStatement number = c.prepareStatement("INSERT INTO voice_campaign_number (account, "
                     + "phone_number, last_dialed_at) VALUES (?, ?, ?) ON CONFLICT (account, phone_number) "
                     + "DO UPDATE SET last_dialed_at = EXCLUDED.last_dialed_at")) {
            for (LeadRecord p : picked) {
                LeadRecord next = p.moveTo(LeadState.DIALING, null, r.now()).withCall(null, p.attempts())
                        .withVersion(p.version() + 1);
                JdbcCampaignRows.setInstant(lead, 1, r.now());
                lead.setString(2, p.campaignId());
                lead.setString(3, p.leadId());
                lead.addBatch();
                dial.setString(1, r.account());
                JdbcCampaignRows.setInstant(dial, 2, r.now());
                dial.addBatch();
                number.setString(1, r.account());
                number.setString(2, p.lead().phoneNumber());
                JdbcCampaignRows.setInstant(number, 3, r.now());
                number.addBatch();
                claimed.add(next);
            }
            lead.executeBatch();
            dial.executeBatch();
            number.executeBatch();
        }
        try (PreparedStatement prune = c.prepareStatement(
                "DELETE FROM voice_campaign_dial WHERE account = ? AND dialed_at <= ?")) {
            prune.setString(1, r.account());
            JdbcCampaignRows.setInstant(prune, 2, r.now().minus(Pacing.MAX_RATE_WINDOW));
            prune.executeUpdate();
        }
        return claimed;
    }

    private static List<LeadRecord> pickDue(Connection c, CampaignStore.ClaimRequest r, int n,
                                            JdbcCampaignRows rows) throws SQLException {
        List<LeadRecord> picked = new ArrayList<>(n);
        Set<String> numbers = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(JdbcCampaignRows.SELECT_DUE)) {
            ps.setString(1, r.campaignId());
            JdbcCampaignRows.setInstant(ps, 2, r.now());
            JdbcCampaignRows.setInstant(ps, 3, r.now().minus(r.minGapPerNumber()));
            ps.setInt(4, n * 2 + 10); // room for leads that share a number within the batch
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && picked.size() < n) {
                    LeadRecord lead = rows.lead(rs);
                    if (numbers.add(lead.lead().phoneNumber())) {
                        picked.add(lead);
                    }
                }
            }
        }
        return picked;
    }

    private static void lockAccount(Connection c, String account) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO voice_campaign_account (account) VALUES (?) ON CONFLICT DO NOTHING");
             PreparedStatement lock = c.prepareStatement(
                     "SELECT account FROM voice_campaign_account WHERE account = ? FOR UPDATE")) {
            insert.setString(1, account);
            insert.executeUpdate();
            lock.setString(1, account);
            lock.executeQuery().close();
        }
    }

    private static String stateOf(Connection c, String campaignId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM voice_campaign WHERE id = ?")) {
            ps.setString(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long count(Connection c, String sql, String account, Instant after, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, account);
            if (after != null) {
                JdbcCampaignRows.setInstant(ps, 2, after);
                ps.setInt(3, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
