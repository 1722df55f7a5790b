package io.inmo.voice.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inmo.voice.bland.BlandWebhookVerifier;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.vapi.VapiWebhookVerifier;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code WebhookNormalizer.normalize} (verification included, as a host calls it) against two baselines over
 * the same bytes, each with the same HMAC over the same signed content, computed the cheapest way JCA allows
 * (one {@code Mac} initialised in setup and reused: {@code doFinal} resets it; no lookup, no key set-up, no
 * allocation), so the floor is a real floor:
 * <ul>
 *   <li>{@code *Floor}: a bare Jackson token walk ({@code nextToken} to the end), the floor for any JSON
 *       reader, from the same read-constrained factory the normalizer uses;</li>
 *   <li>{@code *ReadTree}: {@code ObjectMapper.readTree}, what a hand-written parser usually does.</li>
 * </ul>
 * Targets: normalize at most 1.5x the floor and below readTree; with {@code -prof gc}, at most 3x the body
 * size allocated per normalize.
 *
 * <p>{@code vapiPaired} and {@code blandPaired} run the three (normalize, floor, readTree) in the same
 * invocation, rotating which goes first, and time each into {@link PairedTimes}; the ratios are taken per
 * iteration from the sums. On a noisy 2-core machine the separate benchmarks, each in its own forks, moved by
 * 20-40% between runs on unchanged code; the paired figures see the same JIT state, heap and load on all
 * three sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class NormalizeBenchmark {

    private static final byte[] DOT = Signatures.utf8(".");

    private byte[] key;
    private byte[] vapiBody;
    private Map<String, List<String>> vapiHeaders;
    private byte[] vapiTimestamp;
    private byte[] vapiSignature;
    private byte[] blandBody;
    private Map<String, List<String>> blandHeaders;
    private byte[] blandSignature;
    private WebhookNormalizer normalizer;
    private JsonFactory factory;
    private ObjectMapper mapper;
    private Mac mac;

    @Setup
    public void setup() {
        key = Fixtures.key();
        vapiBody = Fixtures.bytes("vapi/webhook-end-of-call-report-completed.json");
        vapiHeaders = Fixtures.vapiHeaders(vapiBody);
        vapiTimestamp = Signatures.utf8(Long.toString(Fixtures.VAPI_TIMESTAMP_MS));
        vapiSignature = Signatures.fromHex(vapiHeaders.get("X-Signature").get(0), "X-Signature");
        blandBody = Fixtures.bytes("bland/webhook-completed-human.json");
        blandHeaders = Fixtures.blandHeaders(blandBody);
        blandSignature = Signatures.fromHex(blandHeaders.get("X-Webhook-Signature").get(0), "X-Webhook-Signature");
        normalizer = WebhookNormalizer.builder()
                .verifier("vapi", VapiWebhookVerifier.hmac()
                        .secrets(Fixtures.SECRET)
                        .clock(Clock.fixed(Instant.ofEpochMilli(Fixtures.VAPI_TIMESTAMP_MS), ZoneOffset.UTC))
                        .build())
                .verifier("bland", BlandWebhookVerifier.hmacSha256(Fixtures.SECRET))
                .build();
        mapper = Json.webhookMapper(Json.DEFAULT_MAX_NESTING_DEPTH);
        factory = mapper.getFactory();
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        require(Signatures.matches(hmac(vapiTimestamp, DOT, vapiBody), vapiSignature), "vapi floor MAC");
        require(Signatures.matches(hmac(blandBody), blandSignature), "bland floor MAC");
        // Fail fast if a benchmark would measure an error path.
        require(vapiNormalize().type() == WebhookEvent.Type.CALL_ENDED, "vapi report did not normalize");
        require(blandNormalize().type() == WebhookEvent.Type.CALL_ENDED, "bland body did not normalize");
    }

    // ---- VAPI end-of-call report, ~10 KB ----

    @Benchmark
    public WebhookEvent vapiNormalize() {
        return normalizer.normalize("vapi", vapiHeaders, vapiBody);
    }

    @Benchmark
    public long vapiFloor() throws IOException {
        require(Signatures.matches(hmac(vapiTimestamp, DOT, vapiBody), vapiSignature), "mac");
        return tokenWalk(vapiBody);
    }

    @Benchmark
    public Object vapiReadTree() throws IOException {
        require(Signatures.matches(hmac(vapiTimestamp, DOT, vapiBody), vapiSignature), "mac");
        return mapper.readTree(vapiBody);
    }

    // ---- Bland post-call body, ~4 KB ----

    @Benchmark
    public WebhookEvent blandNormalize() {
        return normalizer.normalize("bland", blandHeaders, blandBody);
    }

    @Benchmark
    public long blandFloor() throws IOException {
        require(Signatures.matches(hmac(blandBody), blandSignature), "mac");
        return tokenWalk(blandBody);
    }

    @Benchmark
    public Object blandReadTree() throws IOException {
        require(Signatures.matches(hmac(blandBody), blandSignature), "mac");
        return mapper.readTree(blandBody);
    }

    /**
     * Nanoseconds spent in each of the three during one iteration of a paired benchmark, and the number of
     * rounds: JMH reports each field per iteration ({@code EVENTS} counters are summed, not normalized).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PairedTimes {
        /** Time in {@code normalize}, this iteration. */
        public long normalizeNanos;
        /** Time in the floor (token walk + HMAC), this iteration. */
        public long floorNanos;
        /** Time in {@code readTree} + HMAC, this iteration. */
        public long readTreeNanos;
        /** Rounds of the three run this iteration. */
        public long rounds;

        /** Counters start at zero every iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            normalizeNanos = 0;
            floorNanos = 0;
            readTreeNanos = 0;
            rounds = 0;
        }
    }

    /** One side of a paired round. */
    @FunctionalInterface
    private interface Side {
        Object run() throws IOException;
    }

    private int rotation;

    /**
     * VAPI normalize, floor and readTree in one invocation.
     *
     * @param times where the three durations are added up
     * @param blackhole keeps the results alive
     * @throws IOException never: the fixture is valid JSON
     */
    @Benchmark
    public void vapiPaired(PairedTimes times, Blackhole blackhole) throws IOException {
        round(times, blackhole, this::vapiNormalize, this::vapiFloor, this::vapiReadTree);
    }

    /**
     * Bland normalize, floor and readTree in one invocation.
     *
     * @param times where the three durations are added up
     * @param blackhole keeps the results alive
     * @throws IOException never: the fixture is valid JSON
     */
    @Benchmark
    public void blandPaired(PairedTimes times, Blackhole blackhole) throws IOException {
        round(times, blackhole, this::blandNormalize, this::blandFloor, this::blandReadTree);
    }

    /** Runs the three once each, the first one rotating from round to round so that none always runs first. */
    private void round(PairedTimes times, Blackhole blackhole, Side normalize, Side floor, Side readTree)
            throws IOException {
        int first = rotation;
        rotation = (rotation + 1) % 3;
        for (int i = 0; i < 3; i++) {
            int side = (first + i) % 3;
            long start = System.nanoTime();
            blackhole.consume(side == 0 ? normalize.run() : side == 1 ? floor.run() : readTree.run());
            long took = System.nanoTime() - start;
            if (side == 0) {
                times.normalizeNanos += took;
            } else if (side == 1) {
                times.floorNanos += took;
            } else {
                times.readTreeNanos += took;
            }
        }
        times.rounds++;
    }

    /** The floor's HMAC: the reused Mac (the benchmark is single-threaded). */
    private byte[] hmac(byte[]... parts) {
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private long tokenWalk(byte[] body) throws IOException {
        long tokens = 0;
        try (JsonParser p = factory.createParser(body)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

}
