package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryCallRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final int THREADS = 8;

    private final InMemoryCallRepository repository = new InMemoryCallRepository();
    private ExecutorService pool;

    @AfterEach
    void shutDown() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static VoiceCall call(String callId, String leadId) {
        return VoiceCall.builder().callId(callId).leadId(leadId).brokerId("broker-1").provider("fake")
                .createdAt(T0).updatedAt(T0).build();
    }

    /** Stores the next version of a call, which must succeed. */
    private VoiceCall advance(VoiceCall current, java.util.function.UnaryOperator<VoiceCall.Builder> change) {
        VoiceCall next = change.apply(current.toBuilder()).version(current.version() + 1).build();
        assertThat(repository.compareAndSet(current.version(), next)).isTrue();
        return next;
    }

    @Test
    void should_find_an_inserted_call_by_id_and_as_the_leads_active_call() {
        // given
        VoiceCall call = call("c-1", "lead-1");

        // when
        repository.insert(call);

        // then
        assertThat(repository.findById("c-1")).contains(call);
        assertThat(repository.findActiveByLead("lead-1")).contains(call);
        assertThat(repository.findById("c-2")).isEmpty();
        assertThat(repository.findById(null)).isEmpty();
        assertThat(repository.findActiveByLead("lead-2")).isEmpty();
        assertThat(repository.size()).isEqualTo(1);
    }

    @Test
    void should_find_a_call_by_provider_and_external_id_once_known() {
        // given
        VoiceCall call = call("c-1", "lead-1");
        repository.insert(call);
        assertThat(repository.findByExternalId("fake", "fake-call-1")).isEmpty();

        // when
        VoiceCall queued = advance(call, b -> b.externalCallId("fake-call-1").status(CallStatus.QUEUED));

        // then
        assertThat(repository.findByExternalId("fake", "fake-call-1")).contains(queued);
        assertThat(repository.findByExternalId("vapi", "fake-call-1")).isEmpty();
        assertThat(repository.findByExternalId("fake", null)).isEmpty();
        assertThat(repository.findByExternalId(null, "fake-call-1")).isEmpty();
    }

    @Test
    void should_index_an_external_id_given_at_insert() {
        // given
        VoiceCall call = call("c-1", "lead-1").toBuilder().externalCallId("ext-1").build();

        // when
        repository.insert(call);

        // then
        assertThat(repository.findByExternalId("fake", "ext-1")).contains(call);
    }

    @Test
    void should_refuse_a_second_call_for_a_lead_with_an_active_call() {
        // given
        repository.insert(call("c-1", "lead-1"));

        // when / then
        assertThatThrownBy(() -> repository.insert(call("c-2", "lead-1")))
                .isInstanceOfSatisfying(CallInProgressException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("call_in_progress");
                    assertThat(e.leadId()).isEqualTo("lead-1");
                    assertThat(e.activeCallId()).isEqualTo("c-1");
                    assertThat(e.getMessage()).contains("lead-1").contains("c-1");
                });
        assertThat(repository.findById("c-2")).isEmpty();
        assertThat(repository.size()).isEqualTo(1);
    }

    @Test
    void should_allow_a_new_call_once_the_active_one_is_terminal() {
        // given
        VoiceCall first = call("c-1", "lead-1");
        repository.insert(first);
        advance(first, b -> b.status(CallStatus.NO_ANSWER).endedAt(T0.plusSeconds(30)));

        // when
        repository.insert(call("c-2", "lead-1"));

        // then
        assertThat(repository.findActiveByLead("lead-1")).map(VoiceCall::callId).contains("c-2");
        assertThat(repository.findById("c-1")).map(VoiceCall::status).contains(CallStatus.NO_ANSWER);
    }

    @Test
    void should_not_block_a_lead_with_a_call_inserted_already_terminal() {
        // given
        repository.insert(call("c-1", "lead-1").toBuilder().status(CallStatus.FAILED).build());

        // when
        repository.insert(call("c-2", "lead-1"));

        // then
        assertThat(repository.findActiveByLead("lead-1")).map(VoiceCall::callId).contains("c-2");
    }

    @Test
    void should_keep_different_leads_independent() {
        // given
        repository.insert(call("c-1", "lead-1"));

        // when
        repository.insert(call("c-2", "lead-2"));

        // then
        assertThat(repository.findActiveByLead("lead-1")).map(VoiceCall::callId).contains("c-1");
        assertThat(repository.findActiveByLead("lead-2")).map(VoiceCall::callId).contains("c-2");
    }

    @Test
    void should_refuse_a_duplicate_call_id() {
        // given
        VoiceCall first = call("c-1", "lead-1");
        repository.insert(first);
        advance(first, b -> b.status(CallStatus.COMPLETED));

        // when / then
        assertThatThrownBy(() -> repository.insert(call("c-1", "lead-2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("c-1");
        assertThat(repository.findById("c-1")).map(VoiceCall::leadId).contains("lead-1");
        assertThat(repository.findActiveByLead("lead-2")).isEmpty();
    }

    @Test
    void should_store_only_when_the_expected_version_matches() {
        // given
        VoiceCall v0 = call("c-1", "lead-1");
        repository.insert(v0);
        VoiceCall v1 = advance(v0, b -> b.status(CallStatus.QUEUED));

        // when: a writer that read v0 tries to store its own change
        VoiceCall stale = v0.toBuilder().status(CallStatus.RINGING).version(1).build();
        boolean stored = repository.compareAndSet(0, stale);

        // then
        assertThat(stored).isFalse();
        assertThat(repository.findById("c-1")).contains(v1);
    }

    @Test
    void should_reject_an_update_whose_version_is_not_the_expected_one_plus_one() {
        // given
        VoiceCall v0 = call("c-1", "lead-1");
        repository.insert(v0);

        // when / then
        assertThatThrownBy(() -> repository.compareAndSet(0, v0.toBuilder().version(0).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 1");
        assertThatThrownBy(() -> repository.compareAndSet(0, v0.toBuilder().version(2).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 1, not 2");
        assertThat(repository.findById("c-1")).contains(v0);
    }

    @Test
    void should_not_store_an_update_of_an_unknown_call() {
        // given
        VoiceCall ghost = call("ghost", "lead-1").toBuilder().version(1).build();

        // when
        boolean stored = repository.compareAndSet(0, ghost);

        // then
        assertThat(stored).isFalse();
        assertThat(repository.findById("ghost")).isEmpty();
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();
    }

    @Test
    void should_let_exactly_one_of_racing_inserts_for_a_lead_win() throws Exception {
        // given
        pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String callId = "c-" + i;
            results.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                try {
                    repository.insert(call(callId, "lead-1"));
                    return "won:" + callId;
                } catch (CallInProgressException e) {
                    return "lost:" + e.activeCallId();
                }
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get(10, TimeUnit.SECONDS));
        }

        // then
        List<String> winners = outcomes.stream().filter(o -> o.startsWith("won:")).toList();
        assertThat(winners).hasSize(1);
        String winner = winners.get(0).substring("won:".length());
        assertThat(outcomes).filteredOn(o -> o.startsWith("lost:")).hasSize(THREADS - 1)
                .containsOnly("lost:" + winner);
        assertThat(repository.size()).isEqualTo(1);
        assertThat(repository.findActiveByLead("lead-1")).map(VoiceCall::callId).contains(winner);
    }

    @Test
    void should_lose_no_update_when_threads_race_compare_and_set_on_one_call() throws Exception {
        // given
        int incrementsPerThread = 200;
        repository.insert(call("c-1", "lead-1"));
        pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> conflicts = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            conflicts.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                int lost = 0;
                for (int n = 0; n < incrementsPerThread; n++) {
                    while (true) {
                        VoiceCall current = repository.findById("c-1").orElseThrow();
                        VoiceCall next = current.toBuilder().summaryAttempts(current.summaryAttempts() + 1)
                                .version(current.version() + 1).build();
                        if (repository.compareAndSet(current.version(), next)) {
                            break;
                        }
                        lost++;
                    }
                }
                return lost;
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        start.countDown();
        for (Future<Integer> f : conflicts) {
            f.get(30, TimeUnit.SECONDS);
        }

        // then
        VoiceCall stored = repository.findById("c-1").orElseThrow();
        assertThat(stored.summaryAttempts()).isEqualTo(THREADS * incrementsPerThread);
        assertThat(stored.version()).isEqualTo(THREADS * incrementsPerThread);
    }

    @Test
    void should_list_pending_and_stale_running_summaries_oldest_first() {
        // given
        Instant cutoff = T0.plusSeconds(600);
        insertEnded("pending-new", SummaryState.PENDING, T0.plusSeconds(700));
        insertEnded("pending-old", SummaryState.PENDING, T0.plusSeconds(100));
        insertEnded("running-stale", SummaryState.RUNNING, T0.plusSeconds(300));
        insertEnded("running-fresh", SummaryState.RUNNING, T0.plusSeconds(650));
        insertEnded("running-at-cutoff", SummaryState.RUNNING, cutoff);
        insertEnded("done", SummaryState.DONE, T0);
        insertEnded("failed", SummaryState.FAILED, T0);
        insertEnded("none", SummaryState.NONE, T0);

        // when
        List<VoiceCall> due = repository.findSummariesDue(cutoff, 10);

        // then
        assertThat(due).extracting(VoiceCall::callId)
                .containsExactly("pending-old", "running-stale", "pending-new");
    }

    @Test
    void should_limit_the_summaries_due() {
        // given
        for (int i = 0; i < 5; i++) {
            insertEnded("p-" + i, SummaryState.PENDING, T0.plusSeconds(i));
        }

        // when
        List<VoiceCall> due = repository.findSummariesDue(T0, 2);

        // then
        assertThat(due).extracting(VoiceCall::callId).containsExactly("p-0", "p-1");
    }

    @Test
    void should_follow_a_summary_through_pending_running_and_done() {
        // given
        VoiceCall call = call("c-1", "lead-1");
        repository.insert(call);
        assertThat(repository.findSummariesDue(T0.plusSeconds(3600), 10)).isEmpty();

        // when / then
        VoiceCall pending = advance(call, b -> b.status(CallStatus.COMPLETED).summaryState(SummaryState.PENDING)
                .updatedAt(T0.plusSeconds(60)));
        assertThat(repository.findSummariesDue(T0, 10)).extracting(VoiceCall::callId).containsExactly("c-1");

        VoiceCall running = advance(pending, b -> b.summaryState(SummaryState.RUNNING)
                .updatedAt(T0.plusSeconds(120)));
        assertThat(repository.findSummariesDue(T0.plusSeconds(120), 10)).isEmpty();
        assertThat(repository.findSummariesDue(T0.plusSeconds(121), 10)).extracting(VoiceCall::callId)
                .containsExactly("c-1");

        advance(running, b -> b.summaryState(SummaryState.DONE).summary("Interested").updatedAt(T0.plusSeconds(130)));
        assertThat(repository.findSummariesDue(T0.plusSeconds(3600), 10)).isEmpty();
    }

    private void insertEnded(String callId, SummaryState state, Instant updatedAt) {
        repository.insert(call(callId, "lead-" + callId).toBuilder().status(CallStatus.COMPLETED)
                .summaryState(state).updatedAt(updatedAt).build());
    }

    @Test
    void should_list_only_active_calls_unchanged_since_the_given_time_oldest_first() {
        // given an old active call, a newer active call and an old ended call
        repository.insert(call("c-old", "lead-1").toBuilder().updatedAt(T0.minusSeconds(600)).build());
        repository.insert(call("c-new", "lead-2").toBuilder().updatedAt(T0).build());
        repository.insert(call("c-ended", "lead-3").toBuilder().status(CallStatus.COMPLETED)
                .updatedAt(T0.minusSeconds(900)).build());
        repository.insert(call("c-older", "lead-4").toBuilder().updatedAt(T0.minusSeconds(700)).build());

        // when
        java.util.List<VoiceCall> quiet = repository.findActiveUpdatedBefore(T0.minusSeconds(60), 10);

        // then
        assertThat(quiet).extracting(VoiceCall::callId).containsExactly("c-older", "c-old");
        assertThat(repository.findActiveUpdatedBefore(T0.minusSeconds(60), 1)).hasSize(1);
    }
}
