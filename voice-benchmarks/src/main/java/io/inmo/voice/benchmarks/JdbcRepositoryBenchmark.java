package io.inmo.voice.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.jdbc.JdbcCallRepository;
import io.inmo.voice.webhook.WebhookEvent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * {@link JdbcCallRepository} on a real PostgreSQL 17 (embedded, started per fork) holding {@value #STORED}
 * calls, against the floor: the same statements written by hand with prepared statements on the same pool, with
 * no query timeout (the SDK's statements have one, kept by its watchdog; the floor without any is the stricter
 * comparison).
 * <ul>
 *   <li>{@code handle} / {@code handle8} (1 / 8 threads): {@code VoiceCallService.handle} of a status update
 *       (RINGING) that names only the provider's call id, on a call re-armed to QUEUED before each invocation
 *       (not timed): lookup by {@code (provider, external_call_id)}, state machine, version-checked UPDATE.
 *       Floor {@code handleFloor} / {@code handleFloor8}: that SELECT and an UPDATE of status, updated_at and
 *       version {@code WHERE call_id = ? AND version = ?}, by hand.</li>
 *   <li>{@code initiateStore}: the repository's share of {@code initiate}: {@code insert} of a new call and the
 *       compare-and-set that stores the provider's call id and QUEUED. Floor {@code initiateStoreFloor}: the
 *       INSERT and the UPDATE by hand.</li>
 *   <li>{@code handlePaired} / {@code handlePaired8} and {@code initiateStorePaired}: the SDK and its floor in
 *       the same invocation, one after the other (alternating which goes first), each on its own call, timed
 *       into {@link PairedTimes}; the ratio is taken per iteration. On a shared machine this is the figure to
 *       judge: a load spike hits both sides.</li>
 * </ul>
 * Events per second = threads / average time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 1, timeUnit = TimeUnit.SECONDS)
public class JdbcRepositoryBenchmark {

    static final int STORED = 100_000;
    /** Calls the handle benchmarks rotate through, split between the threads. */
    static final int POOL = 1024;
    private static final Instant T0 = Instant.parse("2026-03-10T16:00:00Z");

    private static final String FLOOR_SELECT = "SELECT call_id, lead_id, broker_id, provider, external_call_id, "
            + "status, provider_reason, transcript, recording_url, duration_micros, cost, summary, summary_state, "
            + "summary_attempts, summary_error, unconfirmed, metadata, created_at, updated_at, ended_at, version "
            + "FROM inmo_voice_call WHERE provider = ? AND external_call_id = ?";
    private static final String FLOOR_UPDATE = "UPDATE inmo_voice_call SET status = ?, updated_at = ?, "
            + "version = ? WHERE call_id = ? AND version = ?";
    private static final String FLOOR_INSERT = "INSERT INTO inmo_voice_call (call_id, lead_id, broker_id, provider, "
            + "status, summary_state, summary_attempts, unconfirmed, metadata, created_at, updated_at, version) "
            + "VALUES (?, ?, ?, ?, 'INITIATED', 'NONE', 0, false, ?::jsonb, ?, ?, 0)";
    private static final String FLOOR_PLACED = "UPDATE inmo_voice_call SET external_call_id = ?, status = 'QUEUED', "
            + "updated_at = ?, version = 1 WHERE call_id = ? AND version = 0";
    private static final String REARM = "UPDATE inmo_voice_call SET status = 'QUEUED', version = version + 1 "
            + "WHERE call_id = ?";

    EmbeddedPostgres postgres;
    HikariDataSource pool;
    JdbcCallRepository repository;
    VoiceCallService service;
    final AtomicLong newCalls = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(10);
        pool = new HikariDataSource(config);
        repository = JdbcCallRepository.builder(pool).createSchema(true).build();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // 100,000 stored calls, 90% ended, half VAPI half Bland, then POOL active ones the benchmarks rotate.
            s.execute("INSERT INTO inmo_voice_call (call_id, lead_id, broker_id, provider, external_call_id, status, "
                    + "summary_state, metadata, created_at, updated_at, ended_at, version) "
                    + "SELECT 'f-' || i, 'lead-f' || i, 'broker-' || (i % 50), "
                    + "CASE WHEN i % 2 = 0 THEN 'vapi' ELSE 'bland' END, 'e-' || i, "
                    + "CASE WHEN i % 10 = 0 THEN 'QUEUED' ELSE 'COMPLETED' END, "
                    + "CASE WHEN i % 10 = 0 THEN 'NONE' ELSE 'DONE' END, '{\"leadId\":\"x\"}', "
                    + "timestamptz '2026-03-10 16:00:00Z', timestamptz '2026-03-10 16:00:00Z', "
                    + "CASE WHEN i % 10 = 0 THEN NULL ELSE timestamptz '2026-03-10 16:00:00Z' END, 0 "
                    + "FROM generate_series(1, " + (STORED - POOL) + ") AS i");
            s.execute("INSERT INTO inmo_voice_call (call_id, lead_id, broker_id, provider, external_call_id, status, "
                    + "summary_state, created_at, updated_at, version) "
                    + "SELECT 'p-' || i, 'lead-p' || i, 'broker-1', 'vapi', 'ext-p-' || i, 'QUEUED', 'NONE', "
                    + "timestamptz '2026-03-10 16:00:00Z', timestamptz '2026-03-10 16:00:00Z', 0 "
                    + "FROM generate_series(0, " + (POOL - 1) + ") AS i");
            s.execute("ANALYZE inmo_voice_call");
        }
        service = VoiceCallService.builder()
                .repository(repository)
                .brokerConfigs(brokerId -> Optional.empty())
                .executor(summary -> { })
                .build();
        // Fail fast if the measured path were not the intended one.
        rearm("p-0");
        VoiceCall after = service.handle(ringing(0)).orElseThrow(() -> new IllegalStateException("no call"));
        NormalizeBenchmark.require(after.status() == CallStatus.RINGING, "event was not applied: " + after);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        pool.close();
        postgres.close();
    }

    static WebhookEvent ringing(int i) {
        return WebhookEvent.builder().provider("vapi").type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("vapi:ext-p-" + i + ":ringing").externalCallId("ext-p-" + i).status(CallStatus.RINGING)
                .providerStatus("ringing").build();
    }

    void rearm(String callId) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(REARM)) {
            ps.setString(1, callId);
            ps.executeUpdate();
        }
    }

    /** This thread's share of the pool, rotated; the next call is re-armed before each invocation. */
    @State(Scope.Thread)
    public static class Share {
        int from;
        int count;
        int next;
        int current;
        /** A second call, for the floor side of the paired benchmarks. */
        int other;

        @Setup(Level.Trial)
        public void init(ThreadParams threads) {
            count = POOL / threads.getThreadCount();
            from = threads.getThreadIndex() * count;
        }

        @Setup(Level.Invocation)
        public void arm(JdbcRepositoryBenchmark b) throws SQLException {
            current = from + next;
            other = from + (next + 1) % count;
            next = (next + 2) % count;
            b.rearm("p-" + current);
            b.rearm("p-" + other);
        }
    }

    /** Nanoseconds in each side of a paired benchmark during one iteration, and the number of pairs. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PairedTimes {
        /** Time in the SDK, this iteration. */
        public long sdkNanos;
        /** Time in the hand-written statements, this iteration. */
        public long floorNanos;
        /** Pairs run this iteration. */
        public long pairs;

        /** Counters start at zero every iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            sdkNanos = 0;
            floorNanos = 0;
            pairs = 0;
        }

        void add(boolean sdkFirst, long start, long middle, long end) {
            sdkNanos += sdkFirst ? middle - start : end - middle;
            floorNanos += sdkFirst ? end - middle : middle - start;
            pairs++;
        }
    }

    @Benchmark
    public void handlePaired(Share share, PairedTimes times) throws SQLException {
        pairedHandle(share, times);
    }

    @Benchmark
    @Threads(8)
    public void handlePaired8(Share share, PairedTimes times) throws SQLException {
        pairedHandle(share, times);
    }

    private void pairedHandle(Share share, PairedTimes times) throws SQLException {
        boolean sdkFirst = (times.pairs & 1) == 0;
        long start = System.nanoTime();
        if (sdkFirst) {
            service.handle(ringing(share.current));
        } else {
            handByHand(share.other);
        }
        long middle = System.nanoTime();
        if (sdkFirst) {
            handByHand(share.other);
        } else {
            service.handle(ringing(share.current));
        }
        times.add(sdkFirst, start, middle, System.nanoTime());
    }

    @Benchmark
    public void initiateStorePaired(PairedTimes times) throws SQLException {
        boolean sdkFirst = (times.pairs & 1) == 0;
        long start = System.nanoTime();
        if (sdkFirst) {
            initiateStore();
        } else {
            initiateStoreFloor();
        }
        long middle = System.nanoTime();
        if (sdkFirst) {
            initiateStoreFloor();
        } else {
            initiateStore();
        }
        times.add(sdkFirst, start, middle, System.nanoTime());
    }

    @Benchmark
    public Object handle(Share share) {
        return service.handle(ringing(share.current));
    }

    @Benchmark
    @Threads(8)
    public Object handle8(Share share) {
        return service.handle(ringing(share.current));
    }

    @Benchmark
    public int handleFloor(Share share) throws SQLException {
        return handByHand(share.current);
    }

    @Benchmark
    @Threads(8)
    public int handleFloor8(Share share) throws SQLException {
        return handByHand(share.current);
    }

    int handByHand(int i) throws SQLException {
        String callId;
        long version;
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(FLOOR_SELECT)) {
                ps.setString(1, "vapi");
                ps.setString(2, "ext-p-" + i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    callId = rs.getString("call_id");
                    version = rs.getLong("version");
                }
            }
        }
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(FLOOR_UPDATE)) {
            ps.setString(1, "RINGING");
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(3, version + 1);
            ps.setString(4, callId);
            ps.setLong(5, version);
            return ps.executeUpdate();
        }
    }

    @Benchmark
    public boolean initiateStore() {
        long n = newCalls.incrementAndGet();
        Instant now = Instant.now();
        VoiceCall call = VoiceCall.builder().callId("n-" + n).leadId("lead-n" + n).brokerId("broker-1")
                .provider("vapi").metadata(Map.of("leadId", "lead-n" + n, "brokerId", "broker-1"))
                .createdAt(now).updatedAt(now).build();
        repository.insert(call);
        return repository.compareAndSet(0, call.toBuilder().externalCallId("ext-n-" + n)
                .status(CallStatus.QUEUED).version(1).updatedAt(Instant.now()).build());
    }

    @Benchmark
    public int initiateStoreFloor() throws SQLException {
        long n = newCalls.incrementAndGet();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(FLOOR_INSERT)) {
            ps.setString(1, "h-" + n);
            ps.setString(2, "lead-h" + n);
            ps.setString(3, "broker-1");
            ps.setString(4, "vapi");
            ps.setString(5, "{\"leadId\":\"lead-h" + n + "\",\"brokerId\":\"broker-1\"}");
            ps.setObject(6, now);
            ps.setObject(7, now);
            ps.executeUpdate();
        }
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(FLOOR_PLACED)) {
            ps.setString(1, "ext-h-" + n);
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(3, "h-" + n);
            return ps.executeUpdate();
        }
    }
}
