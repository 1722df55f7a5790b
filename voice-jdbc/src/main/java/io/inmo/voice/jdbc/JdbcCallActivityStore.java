package io.inmo.voice.jdbc;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallListener;
import io.inmo.voice.CallStatus;
import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.jdbc.internal.Jdbc;
import io.inmo.voice.jdbc.internal.StatementDeadlines;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The lead's call history in PostgreSQL: a {@link CallListener} that stores every {@link CallActivity} in the
 * table {@code inmo_voice_call_activity} (same schema resource as {@link JdbcCallRepository}), with queries by
 * call and by lead, so a CRM shows a lead's calls without writing that table itself.
 *
 * <pre>{@code
 * JdbcCallActivityStore timeline = JdbcCallActivityStore.builder(dataSource).build();
 * VoiceCallService service = VoiceCallService.builder()
 *         .repository(JdbcCallRepository.builder(dataSource).build())
 *         .listener(timeline)                  // or a -> { timeline.onActivity(a); myListener.onActivity(a); }
 *         ...
 *         .build();
 * List<StoredActivity> history = timeline.findByLead("lead-42", 50);
 * }</pre>
 *
 * <p>Each activity is one committed insert on the thread that caused the step, after the call's change was
 * stored. If the database fails there, {@link #onActivity} throws {@link StoreUnavailableException}; the service
 * logs it and the call goes on, so the timeline may miss that step (the call itself is intact). Thread-safe.
 */
public final class JdbcCallActivityStore implements CallListener {

    static final String TABLE = "inmo_voice_call_activity";
    private static final String COLUMNS = "id, call_id, lead_id, broker_id, provider, type, status, previous_status, "
            + "detail, call_version, occurred_at";
    private static final String INSERT = "INSERT INTO " + TABLE + " (call_id, lead_id, broker_id, provider, type, "
            + "status, previous_status, detail, call_version, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String BY_CALL = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE call_id = ? ORDER BY id";
    private static final String BY_LEAD = "SELECT " + COLUMNS + " FROM " + TABLE
            + " WHERE lead_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?";

    private final Jdbc jdbc;

    private JdbcCallActivityStore(Builder b) {
        this.jdbc = JdbcCallRepository.SCHEMA.open(b.dataSource(), b.createSchema(),
                StatementDeadlines.system(b.queryTimeout()), Map.of(TABLE, COLUMNS));
    }

    /**
     * @param dataSource the host's pool
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Stores the activity.
     *
     * @param activity what happened
     * @throws StoreUnavailableException the database could not store it
     */
    @Override
    public void onActivity(CallActivity activity) {
        Objects.requireNonNull(activity, "activity");
        VoiceCall call = activity.call();
        jdbc.inTransaction("store " + activity.type() + " of call " + call.callId(), c -> jdbc.update(c, INSERT, ps -> {
            Jdbc.setText(ps, 1, call.callId());
            Jdbc.setText(ps, 2, call.leadId());
            Jdbc.setText(ps, 3, call.brokerId());
            Jdbc.setText(ps, 4, call.provider());
            Jdbc.setText(ps, 5, activity.type().name());
            Jdbc.setText(ps, 6, call.status().name());
            Jdbc.setText(ps, 7, activity.previousStatus().name());
            Jdbc.setText(ps, 8, activity.detail());
            ps.setLong(9, call.version());
            Jdbc.setInstant(ps, 10, activity.at());
        }));
    }

    /**
     * @param callId our call id
     * @return the call's activities in the order they were stored (oldest first); empty for an unknown call
     */
    public List<StoredActivity> findByCall(String callId) {
        Objects.requireNonNull(callId, "callId");
        return query("list the activity of call " + callId, BY_CALL, ps -> Jdbc.setText(ps, 1, callId));
    }

    /**
     * @param leadId the lead
     * @param limit the most activities to return, at least 1
     * @return the lead's latest activities across all its calls, newest first
     */
    public List<StoredActivity> findByLead(String leadId, int limit) {
        Objects.requireNonNull(leadId, "leadId");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return query("list the activity of lead " + leadId, BY_LEAD, ps -> {
            Jdbc.setText(ps, 1, leadId);
            ps.setInt(2, limit);
        });
    }

    private List<StoredActivity> query(String operation, String sql, Jdbc.Binder binder) {
        return jdbc.query(operation, sql, binder, JdbcCallActivityStore::read);
    }

    private static StoredActivity read(ResultSet rs) throws SQLException {
        return new StoredActivity(rs.getLong("id"), rs.getString("call_id"), rs.getString("lead_id"),
                rs.getString("broker_id"), rs.getString("provider"), CallActivity.Type.valueOf(rs.getString("type")),
                CallStatus.valueOf(rs.getString("status")), CallStatus.valueOf(rs.getString("previous_status")),
                rs.getString("detail"), rs.getLong("call_version"), Jdbc.getInstant(rs, "occurred_at"));
    }

    /**
     * Builder for {@link JdbcCallActivityStore}: {@code createSchema} and {@code queryTimeout} as every JDBC
     * store's (see {@link JdbcStoreBuilder}). Not thread-safe.
     */
    public static final class Builder extends JdbcStoreBuilder<Builder> {

        private Builder(DataSource dataSource) {
            super(dataSource);
        }

        /**
         * Checks the schema (creating it first with {@link #createSchema(boolean) createSchema(true)}).
         *
         * @return the store
         * @throws IllegalStateException its table is missing; the message names the SQL resource to apply
         * @throws StoreUnavailableException the database cannot be reached
         */
        public JdbcCallActivityStore build() {
            return new JdbcCallActivityStore(this);
        }
    }
}
