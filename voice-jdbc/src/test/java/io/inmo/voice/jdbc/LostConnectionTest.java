package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.inmo.voice.CallInProgressException;
import io.inmo.voice.CallStatus;
import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceException;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database goes away mid-run (the embedded server is stopped) and comes back. */
class LostConnectionTest {

    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        assumeTrue(PostgresTestDatabase.isEmbedded(), "tests do not stop an external server");
        db = PostgresTestDatabase.create();
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private static int storedCalls() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + JdbcCallRepository.TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void should_answer_503_dial_nothing_write_nothing_while_the_database_is_down_and_recover_after() throws Exception {
        // given a placed call whose webhooks have not arrived yet
        ManualExecutor summaries = new ManualExecutor();
        VoiceInstance instance = VoiceInstance.over(JdbcCallRepository.builder(db.dataSource()).build(), summaries,
                MutableClock.at("2026-11-27T10:00:00Z"));
        VoiceCall placed = instance.initiate(5);
        List<RecordingSink.Webhook> webhooks = instance.sink.webhooks();
        int callsBefore = storedCalls();

        // when the database goes away
        PostgresTestDatabase.stopServer();
        Throwable initiateError;
        Throwable webhookError;
        try {
            initiateError = catchThrowable(() -> instance.initiate(6));
            webhookError = catchThrowable(() -> instance.deliver(webhooks.get(webhooks.size() - 1)));
        } finally {
            PostgresTestDatabase.startServer();
        }

        // then initiate was a 503 before anything was dialed, and the webhook failed so the host answers 5xx
        assertThat(initiateError).isInstanceOfSatisfying(StoreUnavailableException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(503)).hasMessageContaining("could not insert call");
        assertThat(instance.fake.requests()).hasSize(1);
        assertThat(webhookError).isInstanceOfSatisfying(VoiceException.class,
                e -> assertThat(e.httpStatus()).isGreaterThanOrEqualTo(500));

        // and nothing was half-written: the placed call is as it was, the refused one is not stored
        assertThat(storedCalls()).isEqualTo(callsBefore);
        VoiceCall unchanged = instance.service.find(placed.callId()).orElseThrow();
        assertThat(unchanged).isEqualTo(placed);

        // when the provider resends and the lead is called again, after the restart
        webhooks.forEach(instance::deliver);
        summaries.runAll();
        VoiceCall again = instance.initiate(6);

        // then everything works again
        VoiceCall ended = instance.service.find(placed.callId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(ended.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(again.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(instance.fake.requests()).hasSize(2);
        instance.close();
    }

    @Test
    void should_never_dial_again_when_the_store_fails_right_after_the_provider_accepted_the_call() {
        // given a store that takes the new call, then fails (the database goes away during the dial)
        SwitchableDataSource flaky = new SwitchableDataSource(db.dataSource());
        ManualExecutor summaries = new ManualExecutor();
        VoiceInstance instance = VoiceInstance.over(JdbcCallRepository.builder(flaky).build(), summaries,
                MutableClock.at("2026-11-27T10:00:00Z"));
        flaky.failAfter(1);

        // when
        Throwable error = catchThrowable(() -> instance.initiate(7));

        // then the host gets a 503, but the call was placed and stays stored, active, for its webhooks
        assertThat(error).isInstanceOf(StoreUnavailableException.class);
        assertThat(instance.fake.requests()).hasSize(1);
        flaky.recover();
        VoiceCall stored = instance.service.find(instance.fake.requests().get(0).callId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(CallStatus.INITIATED);
        // a retry by the host does not dial the lead again
        assertThat(catchThrowable(() -> instance.initiate(7))).isInstanceOf(CallInProgressException.class);
        assertThat(instance.fake.requests()).hasSize(1);

        // when the provider's webhooks (which carry our call id) arrive
        instance.sink.webhooks().forEach(instance::deliver);
        summaries.runAll();

        // then the call is settled as usual
        assertThat(instance.service.find(stored.callId()).orElseThrow().status()).isEqualTo(CallStatus.COMPLETED);
        instance.close();
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
