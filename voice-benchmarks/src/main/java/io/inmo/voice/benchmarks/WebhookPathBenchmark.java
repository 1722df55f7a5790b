package io.inmo.voice.benchmarks;

import io.inmo.voice.CallStatus;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.bland.BlandWebhookVerifier;
import io.inmo.voice.micrometer.MicrometerVoiceObserver;
import io.inmo.voice.vapi.VapiWebhookVerifier;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The webhook path a host runs per delivery: {@code normalize} (HMAC-verified VAPI end-of-call report, ~10 KB)
 * then {@code VoiceCallService.handle}, on an {@link InMemoryCallRepository} that already holds
 * {@code storedCalls} calls. The measured paths ({@code *2}: the same on 2 threads):
 * <ul>
 *   <li>{@code applied}: every invocation is an effective transition. A pool of {@value #POOL} calls, each with
 *       its own pre-signed report, is rotated; before each invocation (a {@code Level.Invocation} setup, not
 *       timed) the next call is re-armed to IN_PROGRESS with no summary, so the report moves it to COMPLETED,
 *       stores transcript, recording, cost and duration, sets the summary PENDING with one compare-and-set and
 *       schedules the summary (on an executor that drops it: the summary hook runs off the webhook thread and
 *       is not measured).</li>
 *   <li>{@code duplicate} (1 thread): the same reports delivered again (VAPI retries): lookup + state machine,
 *       which says "no change", and no compare-and-set.</li>
 *   <li>{@code normalizeOnly}: the same bodies through {@code normalize} alone, in the same fork and heap: the
 *       baseline of the 1.5x target.</li>
 *   <li>{@code observerPaired}: the applied path twice per invocation on the same re-armed call, once through a
 *       normalizer and service with the default no-op observer and once through a pair with a
 *       {@link MicrometerVoiceObserver} (on a {@link SimpleMeterRegistry}) attached to both, the order alternating;
 *       each side's time is summed per iteration ({@link ObserverTimes}): the cost of metrics, target 1.1x.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class WebhookPathBenchmark {

    /** Calls with their own pre-signed report, rotated by the benchmarks (split between the threads). */
    static final int POOL = 1024;
    private static final Instant T0 = Instant.parse("2026-03-10T16:00:00Z");

    @Param({"1000", "100000", "1000000"})
    public int storedCalls;

    InMemoryCallRepository repository;
    VoiceCallService service;
    WebhookNormalizer normalizer;
    String[] callIds;
    VoiceCall[] armed;
    byte[][] bodies;
    List<Map<String, List<String>>> headers;
    WebhookEvent[] events;
    VoiceCallService meteredService;
    WebhookNormalizer meteredNormalizer;

    @Setup(Level.Trial)
    public void setup() {
        repository = new InMemoryCallRepository();
        int filler = Math.max(0, storedCalls - POOL);
        // Straight into the repository: same indexes as initiate() builds, without the HTTP round trip.
        for (int i = 0; i < filler; i++) {
            boolean active = i % 10 == 0;
            repository.insert(VoiceCall.builder()
                    .callId(Fixtures.id(i, 'f'))
                    .leadId("lead-f" + i)
                    .brokerId("broker-" + (i % 50))
                    .provider(i % 2 == 0 ? "vapi" : "bland")
                    .externalCallId(Fixtures.id(i, 'e'))
                    .status(active ? CallStatus.QUEUED : CallStatus.COMPLETED)
                    .createdAt(T0)
                    .updatedAt(T0)
                    .endedAt(active ? null : T0)
                    .summaryState(active ? SummaryState.NONE : SummaryState.DONE)
                    .build());
        }
        callIds = new String[POOL];
        armed = new VoiceCall[POOL];
        bodies = new byte[POOL][];
        headers = new java.util.ArrayList<>(POOL);
        for (int j = 0; j < POOL; j++) {
            String externalId = Fixtures.id(j, 'a');
            callIds[j] = Fixtures.id(j, 'c');
            armed[j] = VoiceCall.builder()
                    .callId(callIds[j])
                    .leadId("lead-p" + j)
                    .brokerId("broker-1")
                    .provider("vapi")
                    .externalCallId(externalId)
                    .status(CallStatus.IN_PROGRESS)
                    .createdAt(T0)
                    .updatedAt(T0)
                    .build();
            repository.insert(armed[j]);
            bodies[j] = Fixtures.vapiReportFor(externalId, callIds[j]);
            headers.add(Fixtures.vapiHeaders(bodies[j]));
        }
        service = service(VoiceObserver.noop());
        normalizer = normalizer(VoiceObserver.noop());
        MicrometerVoiceObserver metrics = new MicrometerVoiceObserver(new SimpleMeterRegistry());
        meteredService = service(metrics);
        meteredNormalizer = normalizer(metrics);
        // Fail fast if the measured path were not the intended one.
        VoiceCall after = deliver(0).orElseThrow(() -> new IllegalStateException("report matched no call"));
        NormalizeBenchmark.require(after.status() == CallStatus.COMPLETED && after.version() == 1
                && after.summaryState() == SummaryState.PENDING, "report was not applied: " + after);
        NormalizeBenchmark.require(deliver(0).orElseThrow().version() == 1, "duplicate changed the call");
        rearm(0);
        NormalizeBenchmark.require(deliverMetered(0).orElseThrow().status() == CallStatus.COMPLETED,
                "metered report was not applied");
        rearm(0);
        events = new WebhookEvent[POOL];
        for (int j = 0; j < POOL; j++) {
            events[j] = normalizer.normalize("vapi", headers.get(j), bodies[j]);
        }
    }

    private VoiceCallService service(VoiceObserver observer) {
        return VoiceCallService.builder()
                .repository(repository)
                .brokerConfigs(brokerId -> Optional.empty())
                .executor(summary -> { })
                .observer(observer)
                .build();
    }

    private static WebhookNormalizer normalizer(VoiceObserver observer) {
        return WebhookNormalizer.builder()
                .verifier("vapi", VapiWebhookVerifier.hmac()
                        .secrets(Fixtures.SECRET)
                        .clock(Clock.fixed(Instant.ofEpochMilli(Fixtures.VAPI_TIMESTAMP_MS), ZoneOffset.UTC))
                        .build())
                .verifier("bland", BlandWebhookVerifier.hmacSha256(Fixtures.SECRET))
                .observer(observer)
                .build();
    }

    Optional<VoiceCall> deliver(int i) {
        return service.handle(normalizer.normalize("vapi", headers.get(i), bodies[i]));
    }

    Optional<VoiceCall> deliverMetered(int i) {
        return meteredService.handle(meteredNormalizer.normalize("vapi", headers.get(i), bodies[i]));
    }

    /** Puts call {@code i} back to IN_PROGRESS without summary, with a compare-and-set like any update. */
    void rearm(int i) {
        VoiceCall current = repository.findById(callIds[i]).orElseThrow();
        VoiceCall fresh = armed[i].toBuilder().version(current.version() + 1).build();
        NormalizeBenchmark.require(repository.compareAndSet(current.version(), fresh), "re-arm lost a race");
    }

    /** This thread's share of the pool, rotated. */
    abstract static class Share {
        int from;
        int count;
        int next;

        void init(ThreadParams threads) {
            count = POOL / threads.getThreadCount();
            from = threads.getThreadIndex() * count;
        }

        int advance() {
            int i = from + next;
            next = next + 1 == count ? 0 : next + 1;
            return i;
        }
    }

    /** Rotates over this thread's share. */
    @State(Scope.Thread)
    public static class Plain extends Share {
        @Setup(Level.Trial)
        public void setup(ThreadParams threads) {
            init(threads);
        }
    }

    /** Re-arms the next call of this thread's share before each invocation (not timed). */
    @State(Scope.Thread)
    public static class Armed extends Share {
        int current;

        @Setup(Level.Trial)
        public void setup(ThreadParams threads) {
            init(threads);
        }

        @Setup(Level.Invocation)
        public void rearmNext(WebhookPathBenchmark b) {
            current = advance();
            b.rearm(current);
        }
    }

    /** Delivers every report of this thread's share once, so that every measured delivery is a repeat. */
    @State(Scope.Thread)
    public static class Delivered extends Share {
        @Setup(Level.Trial)
        public void setup(ThreadParams threads, WebhookPathBenchmark b) {
            init(threads);
            for (int k = 0; k < count; k++) {
                b.deliver(from + k);
            }
        }
    }

    /**
     * Nanoseconds spent on each side of {@link #observerPaired} during one iteration, and the rounds: JMH reports
     * each field per iteration ({@code EVENTS} counters are summed, not normalized).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ObserverTimes extends Share {
        /** Time on the path with the no-op observer, this iteration. */
        public long noopNanos;
        /** Time on the path with the Micrometer observer, this iteration. */
        public long meteredNanos;
        /** Rounds (one delivery on each side) this iteration. */
        public long rounds;

        @Setup(Level.Trial)
        public void setup(ThreadParams threads) {
            init(threads);
        }

        /** Counters start at zero every iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            noopNanos = 0;
            meteredNanos = 0;
            rounds = 0;
        }
    }

    /**
     * The applied path with and without metrics, on the same call re-armed before each side (re-arming is in
     * the invocation but outside both timed sections), alternating which side runs first.
     *
     * @param t where the two durations are added up
     * @param blackhole keeps the results alive
     */
    @Benchmark
    public void observerPaired(ObserverTimes t, Blackhole blackhole) {
        int i = t.advance();
        boolean meteredFirst = (t.rounds & 1) == 1;
        for (int side = 0; side < 2; side++) {
            boolean metered = meteredFirst == (side == 0);
            rearm(i);
            long start = System.nanoTime();
            blackhole.consume(metered ? deliverMetered(i) : deliver(i));
            long took = System.nanoTime() - start;
            if (metered) {
                t.meteredNanos += took;
            } else {
                t.noopNanos += took;
            }
        }
        t.rounds++;
    }

    @Benchmark
    public Optional<VoiceCall> applied(Armed s) {
        return deliver(s.current);
    }

    @Benchmark
    @Threads(2)
    public Optional<VoiceCall> applied2(Armed s) {
        return deliver(s.current);
    }

    @Benchmark
    public Optional<VoiceCall> duplicate(Delivered s) {
        return deliver(s.advance());
    }

    /** Breakdown, no target: {@code handle} alone, on the event {@code normalize} made in setup (same path as applied). */
    @Benchmark
    public Optional<VoiceCall> handleOnly(Armed s) {
        return service.handle(events[s.current]);
    }

    @Benchmark
    public WebhookEvent normalizeOnly(Plain s) {
        int i = s.advance();
        return normalizer.normalize("vapi", headers.get(i), bodies[i]);
    }

    @Benchmark
    @Threads(2)
    public WebhookEvent normalizeOnly2(Plain s) {
        int i = s.advance();
        return normalizer.normalize("vapi", headers.get(i), bodies[i]);
    }
}
