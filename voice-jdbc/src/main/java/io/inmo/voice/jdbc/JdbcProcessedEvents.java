package io.inmo.voice.jdbc;

import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.jdbc.internal.Jdbc;
import io.inmo.voice.jdbc.internal.StatementDeadlines;
import io.inmo.voice.spi.ProcessedEvents;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@link ProcessedEvents} in PostgreSQL (table {@code inmo_voice_processed_event}, same schema resource as
 * {@link JdbcCallRepository}), shared by every instance: a webhook replayed to any instance is a no-op by
 * contract (hard deduplication).
 *
 * <pre>{@code
 * JdbcProcessedEvents processed = JdbcProcessedEvents.builder(dataSource).build();
 * VoiceCallService service = VoiceCallService.builder()
 *         .repository(JdbcCallRepository.builder(dataSource).build())
 *         .processedEvents(processed)
 *         ...
 *         .build();
 * // on a schedule (daily): providers do not resend after a few days
 * processed.purgeProcessedBefore(clock.instant().minus(Duration.ofDays(30)));
 * }</pre>
 *
 * <p>Costs two statements per webhook (a primary-key lookup and an insert). Database errors give
 * {@link StoreUnavailableException} (503): the host answers 5xx and the provider resends. Thread-safe.
 */
public final class JdbcProcessedEvents implements ProcessedEvents {

    static final String TABLE = "inmo_voice_processed_event";
    private static final String COLUMNS = "provider, event_id, call_id, processed_at";
    private static final String CONTAINS = "SELECT 1 FROM " + TABLE + " WHERE provider = ? AND event_id = ?";
    private static final String ADD = "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (provider, event_id) DO NOTHING";
    private static final String PURGE = "DELETE FROM " + TABLE + " WHERE processed_at < ?";

    private final Jdbc jdbc;

    private JdbcProcessedEvents(Builder b) {
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

    @Override
    public boolean contains(String provider, String eventId) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(eventId, "eventId");
        return !jdbc.query("check " + provider + " event " + eventId, CONTAINS, ps -> {
            Jdbc.setText(ps, 1, provider);
            Jdbc.setText(ps, 2, eventId);
        }, rs -> Boolean.TRUE).isEmpty();
    }

    @Override
    public void add(String provider, String eventId, String callId, Instant processedAt) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(processedAt, "processedAt");
        jdbc.inTransaction("record " + provider + " event " + eventId, c -> jdbc.update(c, ADD, ps -> {
            Jdbc.setText(ps, 1, provider);
            Jdbc.setText(ps, 2, eventId);
            Jdbc.setText(ps, 3, callId);
            Jdbc.setInstant(ps, 4, processedAt);
        }));
    }

    /**
     * Forgets events processed before {@code before}, to keep the table small. A replay of a forgotten event
     * still goes through the state machine, which ignores what it has seen.
     *
     * @param before events recorded earlier than this are deleted
     * @return how many were deleted
     */
    public int purgeProcessedBefore(Instant before) {
        Objects.requireNonNull(before, "before");
        return jdbc.inTransaction("purge processed events",
                c -> jdbc.update(c, PURGE, ps -> Jdbc.setInstant(ps, 1, before)));
    }

    /**
     * Builder for {@link JdbcProcessedEvents}: {@code createSchema} and {@code queryTimeout} as every JDBC store's (see
     * {@link JdbcStoreBuilder}). Not thread-safe.
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
        public JdbcProcessedEvents build() {
            return new JdbcProcessedEvents(this);
        }
    }
}
