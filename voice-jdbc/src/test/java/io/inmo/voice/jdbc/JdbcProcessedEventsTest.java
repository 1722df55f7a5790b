package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.spi.ProcessedEvents;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.testkit.ProcessedEventsContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC store keeps the {@link ProcessedEventsContract}, and deduplicates across instances. */
class JdbcProcessedEventsTest extends ProcessedEventsContract {

    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create();
        JdbcProcessedEvents.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected ProcessedEvents newStore() {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + JdbcProcessedEvents.TABLE + ", " + JdbcCallRepository.TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JdbcProcessedEvents.builder(db.dataSource()).build();
    }

    @Test
    void should_forget_events_processed_before_a_cutoff() {
        // given
        JdbcProcessedEvents processed = (JdbcProcessedEvents) store;
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        processed.add("bland", "old", "c-1", t0);
        processed.add("bland", "new", "c-2", t0.plus(Duration.ofDays(40)));

        // when
        int purged = processed.purgeProcessedBefore(t0.plus(Duration.ofDays(30)));

        // then
        assertThat(purged).isEqualTo(1);
        assertThat(processed.contains("bland", "old")).isFalse();
        assertThat(processed.contains("bland", "new")).isTrue();
    }

    @Test
    void should_make_a_webhook_replayed_to_the_other_instance_a_no_op() {
        // given two instances sharing the store, and a call ended through instance A
        MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
        VoiceInstance a = VoiceInstance.over(JdbcCallRepository.builder(db.dataSource()).build(),
                new ManualExecutor(), clock, call -> null, b -> b.processedEvents(store));
        VoiceInstance b = VoiceInstance.over(JdbcCallRepository.builder(db.dataSource()).build(),
                new ManualExecutor(), clock, call -> null, builder -> builder.processedEvents(store));
        VoiceCall call = a.initiate(5);
        List<RecordingSink.Webhook> webhooks = a.sink.webhooks();
        webhooks.forEach(a::deliver);
        VoiceCall ended = a.service.find(call.callId()).orElseThrow();

        // when every webhook is replayed to B
        webhooks.forEach(b::deliver);

        // then B recognised each one and changed nothing
        assertThat(ended.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(b.service.find(call.callId())).contains(ended);
        a.close();
        b.close();
    }
}
