package io.inmo.voice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallInProgressException;
import io.inmo.voice.CallStatus;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.spi.CallRepository;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CallRepository} promises, as tests: extend this class, return a fresh, empty
 * repository from {@link #newRepository()}, and JUnit runs them all against it.
 *
 * <pre>{@code
 * class MyCallRepositoryTest extends CallRepositoryContract {
 *     @Override
 *     protected CallRepository newRepository() {
 *         return new MyCallRepository(freshDatabase());
 *     }
 * }
 * }</pre>
 *
 * <p>Covered: one active call per lead (also with {@value #THREADS} threads racing for one lead), duplicate
 * call ids, compare-and-set on {@code version} (also under contention), the lookups by id, provider call id and
 * lead, the reconciliation and summary-outbox queries (order, limit, stale claims), and the exact round trip of
 * every {@link VoiceCall} field: metadata, absent values, a 200 KB unicode transcript, {@code BigDecimal} cost
 * with its scale, microsecond instants and durations.
 */
public abstract class CallRepositoryContract {

    /** How many threads the contention tests start. */
    protected static final int THREADS = 8;
    /** A microsecond-precision instant: every repository keeps at least microseconds. */
    protected static final Instant T0 = Instant.parse("2026-03-02T10:00:00.123456Z");

    /** The repository under test, fresh for each test. */
    protected CallRepository repository;
    private ExecutorService pool;

    /**
     * @return a new repository with no calls stored; called before every test
     */
    protected abstract CallRepository newRepository();

    @BeforeEach
    void createRepository() {
        repository = newRepository();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A new call as the service stores it before dialing: INITIATED, version 0.
     *
     * @param callId our call id
     * @param leadId the lead
     * @return the call
     */
    protected static VoiceCall newCall(String callId, String leadId) {
        return VoiceCall.builder().callId(callId).leadId(leadId).brokerId("broker-1").provider("fake")
                .metadata(Map.of("leadId", leadId, "brokerId", "broker-1")).createdAt(T0).updatedAt(T0).build();
    }

    /** Stores the next version of a call, which must succeed, and returns it. */
    private VoiceCall advance(VoiceCall current, UnaryOperator<VoiceCall.Builder> change) {
        VoiceCall next = change.apply(current.toBuilder()).version(current.version() + 1).build();
        assertThat(repository.compareAndSet(current.version(), next)).as("compare-and-set of %s", next.callId())
                .isTrue();
        return next;
    }

    private VoiceCall stored(String callId) {
        return repository.findById(callId).orElseThrow(() -> new AssertionError("call " + callId + " not stored"));
    }

    /** Runs the task on {@value #THREADS} threads released at once; returns their results. */
    private <T> List<T> race(Callable<T> task) throws Exception {
        pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        ready.await();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    // ---- insert and lookups ----

    @Test
    void should_find_an_inserted_call_by_id_and_as_the_leads_active_call() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");

        // when
        repository.insert(call);

        // then
        assertThat(repository.findById("c-1")).contains(call);
        assertThat(repository.findActiveByLead("lead-1")).contains(call);
    }

    @Test
    void should_find_nothing_for_unknown_or_null_keys() {
        // given
        repository.insert(newCall("c-1", "lead-1"));

        // then
        assertThat(repository.findById("c-2")).isEmpty();
        assertThat(repository.findById(null)).isEmpty();
        assertThat(repository.findActiveByLead("lead-2")).isEmpty();
        assertThat(repository.findActiveByLead(null)).isEmpty();
        assertThat(repository.findByExternalId("fake", "nope")).isEmpty();
        assertThat(repository.findByExternalId(null, "nope")).isEmpty();
        assertThat(repository.findByExternalId("fake", null)).isEmpty();
    }

    @Test
    void should_find_nothing_for_keys_with_a_nul_character() {
        // given a call id read back from a webhook's metadata can hold anything, U+0000 included
        // (PostgreSQL refuses U+0000 in text: a store must not answer such a lookup with an error)
        repository.insert(newCall("c-1", "lead-1"));

        // then
        assertThat(repository.findById("c-1\u0000")).isEmpty();
        assertThat(repository.findActiveByLead("lead-1\u0000")).isEmpty();
        assertThat(repository.findByExternalId("fake", "ext\u0000")).isEmpty();
    }

    @Test
    void should_find_a_call_by_provider_and_external_id_once_known() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);

        // when
        VoiceCall queued = advance(call, b -> b.externalCallId("ext-1").status(CallStatus.QUEUED));

        // then the provider is part of the key
        assertThat(repository.findByExternalId("fake", "ext-1")).contains(queued);
        assertThat(repository.findByExternalId("vapi", "ext-1")).isEmpty();
    }

    @Test
    void should_find_a_call_by_an_external_id_given_at_insert() {
        // given
        VoiceCall call = newCall("c-1", "lead-1").toBuilder().externalCallId("ext-1").build();

        // when
        repository.insert(call);

        // then
        assertThat(repository.findByExternalId("fake", "ext-1")).contains(call);
    }

    @Test
    void should_refuse_a_second_active_call_for_a_lead_and_store_nothing() {
        // given
        repository.insert(newCall("c-1", "lead-1"));

        // when / then
        assertThatThrownBy(() -> repository.insert(newCall("c-2", "lead-1")))
                .isInstanceOfSatisfying(CallInProgressException.class, e -> {
                    assertThat(e.leadId()).isEqualTo("lead-1");
                    assertThat(e.activeCallId()).isEqualTo("c-1");
                    assertThat(e.httpStatus()).isEqualTo(409);
                });
        assertThat(repository.findById("c-2")).isEmpty();
        assertThat(repository.findActiveByLead("lead-1")).map(VoiceCall::callId).contains("c-1");
    }

    @Test
    void should_refuse_a_second_call_while_the_first_is_in_any_active_status() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);

        for (CallStatus active : List.of(CallStatus.QUEUED, CallStatus.RINGING, CallStatus.IN_PROGRESS)) {
            // when
            call = advance(call, b -> b.status(active));

            // then
            String newId = "c-" + active;
            assertThatThrownBy(() -> repository.insert(newCall(newId, "lead-1")))
                    .as("second call while %s", active).isInstanceOf(CallInProgressException.class);
        }
    }

    @Test
    void should_accept_a_new_call_for_a_lead_once_its_call_ended() {
        // given
        VoiceCall first = newCall("c-1", "lead-1");
        repository.insert(first);
        advance(first, b -> b.status(CallStatus.NO_ANSWER).endedAt(T0.plusSeconds(30)));
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();

        // when
        VoiceCall second = newCall("c-2", "lead-1");
        repository.insert(second);

        // then both are kept, only the new one is active
        assertThat(repository.findActiveByLead("lead-1")).contains(second);
        assertThat(stored("c-1").status()).isEqualTo(CallStatus.NO_ANSWER);
    }

    @Test
    void should_accept_a_call_inserted_already_ended_without_blocking_the_lead() {
        // given a call that failed before it could be stored active (for example a rejected request)
        VoiceCall failed = newCall("c-1", "lead-1").toBuilder().status(CallStatus.FAILED).endedAt(T0).build();

        // when
        repository.insert(failed);
        repository.insert(newCall("c-2", "lead-1"));

        // then
        assertThat(repository.findById("c-1")).contains(failed);
        assertThat(repository.findActiveByLead("lead-1")).map(VoiceCall::callId).contains("c-2");
    }

    @Test
    void should_refuse_a_duplicate_call_id_and_keep_the_stored_call() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);
        advance(call, b -> b.status(CallStatus.COMPLETED).endedAt(T0));

        // when / then: another lead, so only the id clashes
        assertThatThrownBy(() -> repository.insert(newCall("c-1", "lead-2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("c-1");
        assertThat(stored("c-1").leadId()).isEqualTo("lead-1");
        assertThat(repository.findActiveByLead("lead-2")).isEmpty();
    }

    @Test
    void should_let_exactly_one_of_racing_inserts_for_one_lead_win() throws Exception {
        // when
        List<String> outcomes = race(() -> {
            String id = "c-" + Thread.currentThread().getId();
            try {
                repository.insert(newCall(id, "lead-race"));
                return id;
            } catch (CallInProgressException e) {
                return "refused";
            }
        });

        // then
        List<String> winners = outcomes.stream().filter(o -> !o.equals("refused")).toList();
        assertThat(winners).hasSize(1);
        assertThat(repository.findActiveByLead("lead-race")).map(VoiceCall::callId).contains(winners.get(0));
    }

    // ---- compare-and-set ----

    @Test
    void should_store_an_update_only_over_the_expected_version() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);
        VoiceCall ringing = advance(call, b -> b.status(CallStatus.RINGING).updatedAt(T0.plusSeconds(1)));

        // when a writer that read version 0 tries again
        VoiceCall stale = call.toBuilder().status(CallStatus.QUEUED).version(1).build();
        boolean stored = repository.compareAndSet(0, stale);

        // then
        assertThat(stored).isFalse();
        assertThat(stored("c-1")).isEqualTo(ringing);
    }

    @Test
    void should_not_store_an_update_of_an_unknown_call() {
        // when
        boolean stored = repository.compareAndSet(0, newCall("ghost", "lead-1").toBuilder().version(1).build());

        // then
        assertThat(stored).isFalse();
        assertThat(repository.findById("ghost")).isEmpty();
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();
    }

    @Test
    void should_reject_an_update_whose_version_is_not_the_next_one() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);

        // when / then
        assertThatThrownBy(() -> repository.compareAndSet(0, call.toBuilder().version(2).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository.compareAndSet(0, call))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stored("c-1")).isEqualTo(call);
    }

    @Test
    void should_free_the_lead_when_an_update_ends_the_call() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);

        // when
        advance(call, b -> b.status(CallStatus.BUSY).endedAt(T0.plusSeconds(5)));

        // then
        assertThat(repository.findActiveByLead("lead-1")).isEmpty();
    }

    @Test
    void should_let_exactly_one_of_racing_compare_and_sets_win_each_version() throws Exception {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);

        // when every thread tries to move version 0 on, each with its own value
        List<String> winners = race(() -> {
            String reason = "writer-" + Thread.currentThread().getId();
            VoiceCall mine = call.toBuilder().providerReason(reason).version(1).build();
            return repository.compareAndSet(0, mine) ? reason : null;
        }).stream().filter(w -> w != null).toList();

        // then exactly one stored its value, intact
        assertThat(winners).hasSize(1);
        assertThat(stored("c-1").providerReason()).isEqualTo(winners.get(0));
        assertThat(stored("c-1").version()).isEqualTo(1);
    }

    @Test
    void should_lose_no_increment_when_threads_retry_their_compare_and_set() throws Exception {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);
        int perThread = 10;

        // when every thread adds one summary attempt ten times, re-reading after each lost race
        race(() -> {
            for (int i = 0; i < perThread; i++) {
                boolean done = false;
                while (!done) {
                    VoiceCall current = stored("c-1");
                    done = repository.compareAndSet(current.version(), current.toBuilder()
                            .summaryAttempts(current.summaryAttempts() + 1).version(current.version() + 1).build());
                }
            }
            return null;
        });

        // then
        assertThat(stored("c-1").summaryAttempts()).isEqualTo(THREADS * perThread);
        assertThat(stored("c-1").version()).isEqualTo(THREADS * perThread);
    }

    // ---- reconciliation and summary outbox queries ----

    @Test
    void should_list_quiet_active_calls_oldest_first_within_the_limit() {
        // given calls last changed 1..5 minutes after T0, one of them ended
        for (int i = 1; i <= 5; i++) {
            VoiceCall call = newCall("c-" + i, "lead-" + i);
            repository.insert(call);
            Instant at = T0.plusSeconds(60L * (6 - i)); // c-5 is the oldest
            advance(call, b -> b.status(CallStatus.QUEUED).updatedAt(at));
        }
        VoiceCall ended = stored("c-4");
        advance(ended, b -> b.status(CallStatus.COMPLETED).endedAt(ended.updatedAt()).updatedAt(ended.updatedAt()));

        // when
        Instant cutoff = T0.plusSeconds(60L * 4); // before: c-3 (3 min), c-4 (2 min, ended), c-5 (1 min)
        List<VoiceCall> quiet = repository.findActiveUpdatedBefore(cutoff, 10);
        List<VoiceCall> limited = repository.findActiveUpdatedBefore(cutoff, 1);

        // then
        assertThat(quiet).extracting(VoiceCall::callId).containsExactly("c-5", "c-3");
        assertThat(limited).extracting(VoiceCall::callId).containsExactly("c-5");
        assertThat(repository.findActiveUpdatedBefore(T0.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void should_list_due_summaries_oldest_first_with_stale_claims_but_not_fresh_ones() {
        // given one call per summary state, each changed at its own time
        VoiceCall pendingNew = endedWithSummary("pending-new", SummaryState.PENDING, 50);
        VoiceCall pendingOld = endedWithSummary("pending-old", SummaryState.PENDING, 10);
        VoiceCall staleClaim = endedWithSummary("running-stale", SummaryState.RUNNING, 20);
        endedWithSummary("running-fresh", SummaryState.RUNNING, 40);
        endedWithSummary("done", SummaryState.DONE, 5);
        endedWithSummary("failed", SummaryState.FAILED, 5);
        endedWithSummary("none", SummaryState.NONE, 5);

        // when claims older than T0+30s are abandoned
        List<VoiceCall> due = repository.findSummariesDue(T0.plusSeconds(30), 10);
        List<VoiceCall> limited = repository.findSummariesDue(T0.plusSeconds(30), 2);

        // then
        assertThat(due).containsExactly(pendingOld, staleClaim, pendingNew);
        assertThat(limited).containsExactly(pendingOld, staleClaim);
    }

    @Test
    void should_stop_listing_a_summary_once_it_is_done() {
        // given
        VoiceCall pending = endedWithSummary("c-1", SummaryState.PENDING, 10);

        // when
        advance(pending, b -> b.summaryState(SummaryState.DONE).summary("ok"));

        // then
        assertThat(repository.findSummariesDue(T0.plusSeconds(3600), 10)).isEmpty();
    }

    @Test
    void should_list_calls_that_ended_without_their_report_oldest_first_within_the_limit() {
        // given calls ended by a status update (summary NONE) with and without a provider id, reported ones, a live one
        VoiceCall newer = endedByStatus("unreported-new", "ext-new", 50);
        VoiceCall older = endedByStatus("unreported-old", "ext-old", 10);
        endedByStatus("never-placed", null, 5);
        endedWithSummary("reported", SummaryState.PENDING, 5);
        endedWithSummary("summarized", SummaryState.DONE, 5);
        VoiceCall live = newCall("live", "lead-live");
        repository.insert(live);
        advance(live, b -> b.status(CallStatus.IN_PROGRESS).externalCallId("ext-live").updatedAt(T0.plusSeconds(5)));

        // when
        List<VoiceCall> unreported = repository.findEndedWithoutReport(T0.plusSeconds(60), 10);
        List<VoiceCall> limited = repository.findEndedWithoutReport(T0.plusSeconds(60), 1);
        List<VoiceCall> quietOnly = repository.findEndedWithoutReport(T0.plusSeconds(30), 10);

        // then
        assertThat(unreported).containsExactly(older, newer);
        assertThat(limited).containsExactly(older);
        assertThat(quietOnly).containsExactly(older);
    }

    @Test
    void should_stop_listing_a_call_without_report_once_its_summary_is_due() {
        // given
        VoiceCall unreported = endedByStatus("c-1", "ext-1", 10);

        // when
        advance(unreported, b -> b.summaryState(SummaryState.PENDING).transcript("Agent: hola"));

        // then
        assertThat(repository.findEndedWithoutReport(T0.plusSeconds(3600), 10)).isEmpty();
    }

    private VoiceCall endedByStatus(String callId, String externalCallId, long secondsAfterT0) {
        VoiceCall call = newCall(callId, "lead-" + callId);
        repository.insert(call);
        Instant at = T0.plusSeconds(secondsAfterT0);
        return advance(call, b -> b.status(CallStatus.NO_ANSWER).externalCallId(externalCallId).endedAt(at)
                .updatedAt(at));
    }

    private VoiceCall endedWithSummary(String callId, SummaryState state, long secondsAfterT0) {
        VoiceCall call = newCall(callId, "lead-" + callId);
        repository.insert(call);
        Instant at = T0.plusSeconds(secondsAfterT0);
        return advance(call, b -> b.status(CallStatus.COMPLETED).endedAt(at).summaryState(state).updatedAt(at));
    }

    // ---- round trip ----

    @Test
    void should_return_every_field_exactly_as_stored() {
        // given every field set, with values that lose precision or characters in careless stores
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("leadId", "lead-ñ-1");
        metadata.put("brokerId", "broker-1");
        metadata.put("campaign \"quoted\"", "Año nuevo \\ 🏠 \t 'single' </script>");
        metadata.put("empty", "");
        VoiceCall call = newCall("c-1", "lead-ñ-1").toBuilder().metadata(metadata).build();
        repository.insert(call);
        String transcript = unicodeTranscript(200 * 1024);

        // when
        VoiceCall full = advance(call, b -> b
                .externalCallId("ext-Ω-1")
                .status(CallStatus.COMPLETED)
                .providerReason("customer-ended-call")
                .transcript(transcript)
                .recordingUrl("https://rec.example/ü/1.wav?sig=a%2Fb")
                .duration(Duration.ofSeconds(95, 123_456_000))
                .cost(new BigDecimal("0.12345678901234567890"))
                .summary("Resumen: interesado en el piso de Chamberí ✓")
                .summaryState(SummaryState.FAILED)
                .summaryAttempts(3)
                .summaryError("IllegalStateException: «model» unavailable")
                .unconfirmed(true)
                .updatedAt(T0.plusSeconds(100).plusNanos(7_000))
                .endedAt(T0.plusSeconds(99).plusNanos(654_321_000)));

        // then
        VoiceCall read = stored("c-1");
        assertThat(read).isEqualTo(full);
        assertThat(read.transcript()).isEqualTo(transcript);
        assertThat(read.metadata()).containsExactlyInAnyOrderEntriesOf(metadata);
        assertThat(repository.findByExternalId("fake", "ext-Ω-1")).contains(full);
    }

    @Test
    void should_keep_the_scale_of_a_cost() {
        // given
        VoiceCall call = newCall("c-1", "lead-1");
        repository.insert(call);

        // when
        advance(call, b -> b.cost(new BigDecimal("12.10")));

        // then equals, not only compareTo: 12.10 stays 12.10
        assertThat(stored("c-1").cost()).isEqualTo(new BigDecimal("12.10"));
    }

    @Test
    void should_return_absent_values_as_null_and_no_metadata_as_empty() {
        // given the fewest fields a call can have
        VoiceCall minimal = VoiceCall.builder().callId("c-1").leadId("lead-1").brokerId("broker-1").provider("fake")
                .createdAt(T0).updatedAt(T0).build();

        // when
        repository.insert(minimal);

        // then
        VoiceCall read = stored("c-1");
        assertThat(read).isEqualTo(minimal);
        assertThat(read.externalCallId()).isNull();
        assertThat(read.transcript()).isNull();
        assertThat(read.duration()).isNull();
        assertThat(read.cost()).isNull();
        assertThat(read.endedAt()).isNull();
        assertThat(read.summaryError()).isNull();
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void should_keep_instants_to_the_microsecond_whatever_the_zone() {
        // given instants on both sides of a daylight-saving change in the northern hemisphere
        Instant beforeDst = Instant.parse("2026-03-08T09:59:59.999999Z");
        Instant afterDst = Instant.parse("2026-03-08T10:00:00.000001Z");
        VoiceCall call = VoiceCall.builder().callId("c-1").leadId("lead-1").brokerId("broker-1").provider("fake")
                .createdAt(beforeDst).updatedAt(afterDst).endedAt(Instant.EPOCH.plusNanos(1_000)).build();

        // when
        repository.insert(call);

        // then
        assertThat(stored("c-1")).isEqualTo(call);
    }

    private static String unicodeTranscript(int minChars) {
        String[] turns = {
            "AI: ¡Hola Ana! Soy la asistente de Inmobiliaria Núñez. ¿Tiene un momento?",
            "User: Sí, claro. ¿El piso de Chamberí sigue disponible? 🏠",
            "AI: Sí. Son 85 m², tercera planta, 1.250 €/mes. 中文 テスト 한국어 עברית العربية",
            "User: Perfecto — ¿podemos verlo el jueves a las 18:30? \"Gracias\" \\ 'ok'",
        };
        StringBuilder text = new StringBuilder(minChars + 200);
        for (int i = 0; text.length() < minChars; i++) {
            text.append(turns[i % turns.length]).append(" #").append(i).append('\n');
        }
        return text.toString();
    }
}
