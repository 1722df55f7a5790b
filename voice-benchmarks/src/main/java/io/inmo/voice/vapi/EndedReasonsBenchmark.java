package io.inmo.voice.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.benchmarks.Fixtures;
import io.inmo.voice.internal.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code EndedReasons.classify} over every one of the 595 current VAPI {@code endedReason} values
 * ({@code ended-reasons.json}), one operation per value, against a {@code HashMap.get} of the same values
 * (the floor of any exact-value lookup). Keeps the classifier from turning into a regex loop. In package
 * {@code io.inmo.voice.vapi} because {@code EndedReasons} is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class EndedReasonsBenchmark {

    static final int VALUES = 595;

    private String[] reasons;
    private Map<String, EndedReasons.Outcome> exact;

    @Setup
    public void setup() throws IOException {
        JsonNode current = Json.mapper().readTree(Fixtures.bytes("vapi/ended-reasons.json")).path("current");
        if (current.size() != VALUES) {
            throw new IllegalStateException("expected " + VALUES + " ended reasons, found " + current.size());
        }
        reasons = new String[VALUES];
        exact = new HashMap<>();
        for (int i = 0; i < VALUES; i++) {
            // Fresh strings, as a parser would hand them over (no cached hash, not interned).
            reasons[i] = new String(current.get(i).asText().toCharArray());
            exact.put(reasons[i], EndedReasons.Outcome.FAILED);
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void classify(Blackhole bh) {
        for (String r : reasons) {
            bh.consume(EndedReasons.classify(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void hashMapFloor(Blackhole bh) {
        for (String r : reasons) {
            bh.consume(exact.get(r));
        }
    }
}
