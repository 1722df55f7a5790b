package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallInProgressException;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallSummary;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two host instances over one PostgreSQL: every guarantee of the service holds across them. */
class MultiInstanceTest {

    private static final int THREADS = 8;

    private static PostgresTestDatabase db;

    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private final List<VoiceInstance> instances = new ArrayList<>();
    private ExecutorService pool;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create();
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + JdbcCallRepository.TABLE);
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        instances.forEach(VoiceInstance::close);
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A new instance: its own repository object over the shared database, its own executor and fake. */
    private VoiceInstance instance(ManualExecutor executor) {
        VoiceInstance instance = VoiceInstance.over(JdbcCallRepository.builder(db.dataSource()).build(), executor,
                clock);
        instances.add(instance);
        return instance;
    }

    /** Runs the tasks on {@value #THREADS} threads released together; returns their results in order. */
    private <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    private static List<String> dialedNumbers(VoiceInstance... of) {
        return Stream.of(of).flatMap(i -> i.fake.requests().stream()).map(MakeCallRequest::phoneNumber).toList();
    }

    @Test
    void should_dial_each_lead_once_when_both_instances_initiate_every_lead_at_once() throws Exception {
        // given
        VoiceInstance a = instance(new ManualExecutor());
        VoiceInstance b = instance(new ManualExecutor());
        List<Callable<String>> tasks = new ArrayList<>();
        for (int lead = 1; lead <= 50; lead++) {
            int l = lead;
            tasks.add(() -> attempt(a, l));
            tasks.add(() -> attempt(b, l));
        }
        Collections.shuffle(tasks, new Random(7));

        // when
        List<String> outcomes = concurrently(tasks);

        // then one instance placed each lead's call, the other was refused with 409
        assertThat(outcomes).filteredOn("placed"::equals).hasSize(50);
        assertThat(outcomes).filteredOn("refused"::equals).hasSize(50);
        List<String> dialed = dialedNumbers(a, b);
        assertThat(dialed).hasSize(50).doesNotHaveDuplicates();
        for (int lead = 1; lead <= 50; lead++) {
            assertThat(a.service.find(callIdOf(a, b, lead))).isPresent();
        }
    }

    private static String attempt(VoiceInstance instance, int lead) {
        try {
            instance.initiate(lead);
            return "placed";
        } catch (CallInProgressException e) {
            return "refused";
        }
    }

    private static String callIdOf(VoiceInstance a, VoiceInstance b, int lead) {
        return Stream.of(a, b).flatMap(i -> i.fake.requests().stream())
                .filter(r -> r.phoneNumber().equals(VoiceInstance.phoneOf(lead))).findFirst().orElseThrow().callId();
    }

    @Test
    void should_end_every_call_right_and_summarize_it_once_from_shuffled_duplicated_webhooks_on_both() throws Exception {
        // given 200 calls, half placed by each instance, and their webhooks duplicated to 2,000 and shuffled
        ManualExecutor executorA = new ManualExecutor();
        ManualExecutor executorB = new ManualExecutor();
        VoiceInstance a = instance(executorA);
        VoiceInstance b = instance(executorB);
        Map<String, Integer> leadOfCall = new HashMap<>();
        for (int lead = 1; lead <= 200; lead++) {
            VoiceCall call = (lead % 2 == 0 ? a : b).initiate(lead);
            leadOfCall.put(call.callId(), lead);
        }
        List<RecordingSink.Webhook> webhooks = new ArrayList<>();
        webhooks.addAll(a.sink.webhooks());
        webhooks.addAll(b.sink.webhooks());
        List<RecordingSink.Webhook> deliveries = new ArrayList<>();
        Random random = new Random(42);
        while (deliveries.size() < 2_000) {
            deliveries.add(webhooks.get(random.nextInt(webhooks.size())));
        }
        deliveries.addAll(webhooks); // every webhook at least once
        Collections.shuffle(deliveries, random);

        // when 8 threads deliver them, each webhook to either instance
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            RecordingSink.Webhook webhook = deliveries.get(i);
            VoiceInstance target = random.nextBoolean() ? a : b;
            tasks.add(() -> target.deliver(webhook));
        }
        concurrently(tasks);
        // both instances also sweep the outbox, so claims race; then both executors run at once
        a.service.resumePendingSummaries();
        b.service.resumePendingSummaries();
        concurrently(List.<Callable<Object>>of(executorA::runAll, executorB::runAll));

        // then every call ended as its script says, and its summary ran exactly once across the two
        for (Map.Entry<String, Integer> e : leadOfCall.entrySet()) {
            VoiceCall call = a.service.find(e.getKey()).orElseThrow();
            assertThat(call.status()).as("call of lead %d", e.getValue())
                    .isEqualTo(VoiceInstance.expectedStatus(e.getValue()));
            assertThat(call.summaryState()).isEqualTo(SummaryState.DONE);
            assertThat(call.summary()).isEqualTo("summary of " + call.status());
            int runs = runs(a, e.getKey()) + runs(b, e.getKey());
            assertThat(runs).as("summary runs of call %s", e.getKey()).isEqualTo(1);
        }
        assertThat(a.service.find(callIdOf(a, b, 200)).orElseThrow().transcript()).isNotBlank();
    }

    private static int runs(VoiceInstance instance, String callId) {
        AtomicInteger n = instance.summaries.get(callId);
        return n == null ? 0 : n.get();
    }

    @Test
    void should_finish_on_the_other_instance_a_summary_left_running_by_a_stopped_one() throws Exception {
        // given instance A claims a summary and is stopped while its hook runs
        CountDownLatch hookStarted = new CountDownLatch(1);
        ExecutorService executorA = Executors.newSingleThreadExecutor();
        VoiceInstance a = VoiceInstance.over(JdbcCallRepository.builder(db.dataSource()).build(), executorA, clock,
                call -> {
                    hookStarted.countDown();
                    new CountDownLatch(1).await(); // a slow AI call, until the process stops
                    return CallSummary.of("never");
                }, builder -> builder.summaryClaimTimeout(Duration.ofMinutes(10)));
        instances.add(a);
        ManualExecutor executorB = new ManualExecutor();
        VoiceInstance b = instance(executorB);
        VoiceCall call = a.initiate(10);
        a.sink.webhooks().forEach(a::deliver);
        assertThat(hookStarted.await(30, TimeUnit.SECONDS)).isTrue();
        executorA.shutdownNow();
        assertThat(executorA.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(b.service.find(call.callId()).orElseThrow().summaryState()).isEqualTo(SummaryState.RUNNING);

        // when B sweeps before the claim timeout, then after it
        clock.advance(Duration.ofMinutes(9));
        int early = b.service.resumePendingSummaries();
        clock.advance(Duration.ofMinutes(2));
        int late = b.service.resumePendingSummaries();
        executorB.runAll();

        // then only the sweep after the timeout took the summary over, and finished it once
        assertThat(early).isZero();
        assertThat(late).isEqualTo(1);
        VoiceCall done = b.service.find(call.callId()).orElseThrow();
        assertThat(done.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(done.summaryAttempts()).isEqualTo(2);
        assertThat(runs(b, call.callId())).isEqualTo(1);
        assertThat(runs(a, call.callId())).isZero();
    }

    @Test
    void should_let_a_restarted_instance_take_the_webhooks_of_calls_the_old_one_placed() {
        // given an instance places calls and stops before any webhook arrives
        VoiceInstance old = instance(new ManualExecutor());
        List<VoiceCall> placed = List.of(old.initiate(1), old.initiate(5), old.initiate(6));
        List<RecordingSink.Webhook> pending = old.sink.webhooks();
        old.close();

        // when a new instance (new repository, new provider objects) starts over the same database
        ManualExecutor executor = new ManualExecutor();
        VoiceInstance restarted = instance(executor);
        restarted.service.resumePendingSummaries();
        pending.forEach(restarted::deliver);
        executor.runAll();

        // then it finds those calls, ends them and summarizes them, and their leads can be called again
        assertThat(placed).allSatisfy(call -> {
            VoiceCall now = restarted.service.find(call.callId()).orElseThrow();
            assertThat(now.status().isTerminal()).isTrue();
            assertThat(now.summaryState()).isEqualTo(SummaryState.DONE);
            assertThat(now.metadata()).containsEntry("leadId", call.leadId());
        });
        assertThat(restarted.service.find(placed.get(0).callId()).orElseThrow().status())
                .isEqualTo(CallStatus.NO_ANSWER);
        assertThat(restarted.summaries).hasSize(3);
        assertThat(restarted.initiate(5).status()).isEqualTo(CallStatus.QUEUED);
    }
}
