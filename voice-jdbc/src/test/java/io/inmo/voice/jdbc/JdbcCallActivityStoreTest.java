package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallSummary;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcCallActivityStoreTest {

    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private PostgresTestDatabase db;
    private JdbcCallActivityStore timeline;
    private ManualExecutor summaries;
    private VoiceInstance instance;

    @BeforeEach
    void start() {
        db = PostgresTestDatabase.create();
        timeline = JdbcCallActivityStore.builder(db.dataSource()).createSchema(true).build();
        summaries = new ManualExecutor();
        instance = VoiceInstance.over(JdbcCallRepository.builder(db.dataSource()).build(), summaries, clock,
                call -> CallSummary.of("ok"), b -> b.listener(timeline));
    }

    @AfterEach
    void stop() {
        instance.close();
        db.close();
    }

    private VoiceCall callToTheEnd(int lead) {
        instance.sink.clear();
        VoiceCall call = instance.initiate(lead);
        instance.sink.webhooks().forEach(instance::deliver);
        summaries.runAll();
        clock.advance(Duration.ofMinutes(1));
        return call;
    }

    @Test
    void should_store_every_activity_of_a_call_in_order() {
        // when
        VoiceCall call = callToTheEnd(5);

        // then
        assertThat(timeline.findByCall(call.callId())).extracting(StoredActivity::type)
                .startsWith(CallActivity.Type.INITIATED)
                .contains(CallActivity.Type.STATUS_CHANGED, CallActivity.Type.CALL_ENDED)
                .endsWith(CallActivity.Type.SUMMARY_READY);
        assertThat(timeline.findByCall(call.callId())).allSatisfy(a -> {
            assertThat(a.leadId()).isEqualTo("lead-5");
            assertThat(a.brokerId()).isEqualTo(VoiceInstance.BROKER);
            assertThat(a.provider()).isEqualTo("fake");
        });
        assertThat(timeline.findByCall(call.callId())).last().satisfies(a -> {
            assertThat(a.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(a.at()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
        });
        assertThat(timeline.findByCall(call.callId())).extracting(StoredActivity::callVersion).isSorted();
    }

    @Test
    void should_list_a_leads_latest_activities_across_its_calls_newest_first() {
        // given two calls to one lead, one to another
        VoiceCall first = callToTheEnd(1);
        VoiceCall second = callToTheEnd(1);
        callToTheEnd(7);

        // when
        var latest = timeline.findByLead("lead-1", 3);
        var all = timeline.findByLead("lead-1", 100);

        // then
        assertThat(latest).hasSize(3).allSatisfy(a -> assertThat(a.callId()).isEqualTo(second.callId()));
        assertThat(latest).extracting(StoredActivity::id).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(all).extracting(StoredActivity::callId).containsOnly(first.callId(), second.callId());
        assertThat(all).last().satisfies(a -> assertThat(a.type()).isEqualTo(CallActivity.Type.INITIATED));
        assertThat(first.status()).isEqualTo(CallStatus.QUEUED);
        assertThat(timeline.findByLead("lead-404", 10)).isEmpty();
        assertThat(timeline.findByCall("nope")).isEmpty();
    }

    @Test
    void should_refuse_a_limit_below_one_and_a_database_without_its_table() {
        // when / then
        assertThatThrownBy(() -> timeline.findByLead("lead-1", 0)).isInstanceOf(IllegalArgumentException.class);
        PostgresTestDatabase empty = PostgresTestDatabase.create();
        try {
            assertThatThrownBy(() -> JdbcCallActivityStore.builder(empty.dataSource()).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("inmo_voice_call_activity").hasMessageContaining("createSchema(true)");
        } finally {
            empty.close();
        }
    }
}
