package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import io.inmo.voice.jdbc.internal.Jdbc;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SQL text and row mapping for {@link JdbcCampaignStore}: one place that knows the tables and their columns. */
final class JdbcCampaignRows {

    private static final String CAMPAIGN_COLUMNS = "id, broker_id, account, state, window_days, window_start, "
            + "window_end, window_excluded, retry_max_attempts, retry_on, retry_initial_ms, retry_multiplier, "
            + "retry_max_ms, retry_jitter, retry_in_progress_ms, pacing_max_concurrent, pacing_max_calls, "
            + "pacing_per_ms, pacing_min_gap_ms, created_at";
    private static final String NEW_LEAD_COLUMNS = "campaign_id, lead_id, seq, account, phone_number, name, "
            + "variable_keys, variable_values, given_zone, zone, state, attempts, next_attempt_at, call_id, "
            + "last_outcome, reason, updated_at, version";

    /** Every table of the schema, with the columns the store reads and writes: what {@code build()} checks. */
    static final Map<String, String> TABLES = tables();

    static final String INSERT_CAMPAIGN = "INSERT INTO voice_campaign (" + CAMPAIGN_COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    static final String SELECT_CAMPAIGN = "SELECT " + CAMPAIGN_COLUMNS + " FROM voice_campaign";
    static final String INSERT_LEAD = "INSERT INTO voice_campaign_lead (" + NEW_LEAD_COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String LEAD_COLUMNS = "l.campaign_id, l.lead_id, l.seq, l.phone_number, l.name, "
            + "l.variable_keys, l.variable_values, l.given_zone, l.zone, l.state, l.attempts, l.next_attempt_at, "
            + "l.call_id, l.last_outcome, l.reason, l.updated_at, l.version";
    static final String SELECT_LEAD = "SELECT " + LEAD_COLUMNS + " FROM voice_campaign_lead l";
    static final String SELECT_DUE = "SELECT " + LEAD_COLUMNS + " FROM voice_campaign_lead l "
            + "LEFT JOIN voice_campaign_number n ON n.account = l.account AND n.phone_number = l.phone_number "
            + "WHERE l.campaign_id = ? AND l.state IN ('PENDING', 'WAITING_FOR_WINDOW', 'RETRY_SCHEDULED') "
            + "AND l.next_attempt_at <= ? AND (n.last_dialed_at IS NULL OR n.last_dialed_at <= ?) "
            + "ORDER BY l.next_attempt_at, l.seq LIMIT ? FOR UPDATE OF l SKIP LOCKED";
    static final String CLAIM_LEAD = "UPDATE voice_campaign_lead SET state = 'DIALING', call_id = NULL, "
            + "next_attempt_at = NULL, updated_at = ?, version = version + 1 WHERE campaign_id = ? AND lead_id = ?";
    static final String UPDATE_LEAD = "UPDATE voice_campaign_lead SET state = ?, attempts = ?, next_attempt_at = ?, "
            + "call_id = ?, last_outcome = ?, reason = ?, zone = ?, updated_at = ?, version = version + 1 "
            + "WHERE campaign_id = ? AND lead_id = ? AND version = ?";

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("voice_campaign", CAMPAIGN_COLUMNS);
        tables.put("voice_campaign_lead", NEW_LEAD_COLUMNS);
        tables.put("voice_campaign_account", "account");
        tables.put("voice_campaign_dial", "account, dialed_at");
        tables.put("voice_campaign_number", "account, phone_number, last_dialed_at");
        return Collections.unmodifiableMap(tables);
    }

    void bindCampaign(Connection c, PreparedStatement ps, CampaignRecord r) throws SQLException {
        CallingWindow w = r.window();
        RetryPolicy p = r.retryPolicy();
        Pacing pacing = r.pacing();
        ps.setString(1, r.id());
        ps.setString(2, r.brokerId());
        ps.setString(3, pacing.account());
        ps.setString(4, r.state().name());
        ps.setArray(5, c.createArrayOf("text", w.days().stream().sorted().map(Enum::name).toArray()));
        ps.setString(6, w.start().toString());
        ps.setString(7, w.end().toString());
        ps.setArray(8, c.createArrayOf("date", w.excludedDates().stream().sorted().map(Date::valueOf).toArray()));
        ps.setInt(9, p.maxAttempts());
        ps.setArray(10, c.createArrayOf("text", p.retryOn().stream().sorted().map(Enum::name).toArray()));
        ps.setLong(11, p.initialBackoff().toMillis());
        ps.setDouble(12, p.multiplier());
        ps.setLong(13, p.maxBackoff().toMillis());
        ps.setDouble(14, p.jitter());
        ps.setLong(15, p.callInProgressDelay().toMillis());
        ps.setInt(16, pacing.maxConcurrent());
        ps.setInt(17, pacing.maxCalls());
        ps.setLong(18, pacing.per().toMillis());
        ps.setLong(19, pacing.minGapPerNumber().toMillis());
        Jdbc.setInstant(ps, 20, r.createdAt());
    }

    CampaignRecord campaign(ResultSet rs) throws SQLException {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Object d : (Object[]) rs.getArray("window_days").getArray()) {
            days.add(DayOfWeek.valueOf((String) d));
        }
        Set<java.time.LocalDate> excluded = new HashSet<>();
        for (Object d : (Object[]) rs.getArray("window_excluded").getArray()) {
            excluded.add(((Date) d).toLocalDate());
        }
        CallingWindow window = new CallingWindow(days, LocalTime.parse(rs.getString("window_start")),
                LocalTime.parse(rs.getString("window_end")), excluded);
        Set<CallStatus> retryOn = EnumSet.noneOf(CallStatus.class);
        for (Object s : (Object[]) rs.getArray("retry_on").getArray()) {
            retryOn.add(CallStatus.valueOf((String) s));
        }
        RetryPolicy retry = new RetryPolicy(rs.getInt("retry_max_attempts"), retryOn,
                Duration.ofMillis(rs.getLong("retry_initial_ms")), rs.getDouble("retry_multiplier"),
                Duration.ofMillis(rs.getLong("retry_max_ms")), rs.getDouble("retry_jitter"),
                Duration.ofMillis(rs.getLong("retry_in_progress_ms")));
        Pacing pacing = new Pacing(rs.getString("account"), rs.getInt("pacing_max_concurrent"),
                rs.getInt("pacing_max_calls"), Duration.ofMillis(rs.getLong("pacing_per_ms")),
                Duration.ofMillis(rs.getLong("pacing_min_gap_ms")));
        return new CampaignRecord(rs.getString("id"), rs.getString("broker_id"), window, retry, pacing,
                CampaignState.valueOf(rs.getString("state")), Jdbc.getInstant(rs, "created_at"));
    }

    void bindNewLead(Connection c, PreparedStatement ps, LeadRecord l, String account) throws SQLException {
        CampaignLead lead = l.lead();
        ps.setString(1, l.campaignId());
        ps.setString(2, l.leadId());
        ps.setLong(3, l.seq());
        ps.setString(4, account);
        ps.setString(5, lead.phoneNumber());
        // Free text from the host's CRM: PostgreSQL refuses U+0000 in text, so a NUL becomes U+FFFD (as in the call
        // store) instead of making the whole campaign impossible to store.
        Jdbc.setText(ps, 6, lead.name());
        Map<String, String> sorted = new java.util.TreeMap<>(lead.variables());
        ps.setArray(7, c.createArrayOf("text", sorted.keySet().stream().map(Jdbc::text).toArray()));
        ps.setArray(8, c.createArrayOf("text", sorted.values().stream().map(Jdbc::text).toArray()));
        ps.setString(9, lead.zone() == null ? null : lead.zone().getId());
        ps.setString(10, l.zone() == null ? null : l.zone().getId());
        ps.setString(11, l.state().name());
        ps.setInt(12, l.attempts());
        Jdbc.setInstant(ps, 13, l.nextAttemptAt());
        ps.setString(14, l.callId());
        ps.setString(15, l.lastOutcome() == null ? null : l.lastOutcome().name());
        Jdbc.setText(ps, 16, l.reason());
        Jdbc.setInstant(ps, 17, l.updatedAt());
    }

    void bindUpdate(PreparedStatement ps, LeadRecord expected, LeadRecord next) throws SQLException {
        ps.setString(1, next.state().name());
        ps.setInt(2, next.attempts());
        Jdbc.setInstant(ps, 3, next.nextAttemptAt());
        ps.setString(4, next.callId());
        ps.setString(5, next.lastOutcome() == null ? null : next.lastOutcome().name());
        Jdbc.setText(ps, 6, next.reason());
        ps.setString(7, next.zone() == null ? null : next.zone().getId());
        Jdbc.setInstant(ps, 8, next.updatedAt());
        ps.setString(9, expected.campaignId());
        ps.setString(10, expected.leadId());
        ps.setLong(11, expected.version());
    }

    LeadRecord lead(ResultSet rs) throws SQLException {
        Object[] keys = (Object[]) rs.getArray("variable_keys").getArray();
        Object[] values = (Object[]) rs.getArray("variable_values").getArray();
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            variables.put((String) keys[i], (String) values[i]);
        }
        String given = rs.getString("given_zone");
        String zone = rs.getString("zone");
        String outcome = rs.getString("last_outcome");
        CampaignLead lead = new CampaignLead(rs.getString("lead_id"), rs.getString("phone_number"),
                rs.getString("name"), variables, given == null ? null : ZoneId.of(given));
        return new LeadRecord(rs.getString("campaign_id"), rs.getLong("seq"), lead,
                zone == null ? null : ZoneId.of(zone), LeadState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Jdbc.getInstant(rs, "next_attempt_at"), rs.getString("call_id"),
                outcome == null ? null : CallStatus.valueOf(outcome), rs.getString("reason"),
                Jdbc.getInstant(rs, "updated_at"), rs.getLong("version"));
    }

    /** One row of the count query: how many leads are in a state with an outcome. */
    record StateCount(LeadState state, CallStatus outcome, long n) {
        static StateCount read(ResultSet rs) throws SQLException {
            String outcome = rs.getString(2);
            return new StateCount(LeadState.valueOf(rs.getString(1)),
                    outcome == null ? null : CallStatus.valueOf(outcome), rs.getLong(3));
        }
    }

    CampaignStore.Counts counts(List<StateCount> rows) {
        Map<LeadState, Long> byState = new EnumMap<>(LeadState.class);
        Map<CallStatus, Long> done = new EnumMap<>(CallStatus.class);
        Map<CallStatus, Long> exhausted = new EnumMap<>(CallStatus.class);
        for (StateCount row : rows) {
            byState.merge(row.state(), row.n(), Long::sum);
            if (row.outcome() != null && row.state() == LeadState.DONE) {
                done.merge(row.outcome(), row.n(), Long::sum);
            } else if (row.outcome() != null && row.state() == LeadState.EXHAUSTED) {
                exhausted.merge(row.outcome(), row.n(), Long::sum);
            }
        }
        return new CampaignStore.Counts(byState, done, exhausted);
    }
}
