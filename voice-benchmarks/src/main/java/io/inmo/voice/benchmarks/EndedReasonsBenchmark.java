package io.inmo.voice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.internal.Json;
import io.inmo.voice.vapi.VapiProvider;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.inmo.voice.webhook.WebhookVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * VAPI {@code endedReason} classification over every one of the 595 current values ({@code ended-reasons.json}),
 * one operation per value, measured through the public API only (a provider from {@code VapiProvider.builder()}
 * behind a {@code WebhookNormalizer}, no verification): {@code endedStatus} normalizes a small
 * {@code status-update} with status {@code ended} and the value, which the classifier maps to an outcome;
 * {@code liveStatus} normalizes the same body with status {@code in-progress}, which carries the same bytes to
 * parse (six bytes more) but needs no outcome. The difference is what classification costs. Keeps the classifier
 * from turning into a regex loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class EndedReasonsBenchmark {

    static final int VALUES = 595;
    private static final Map<String, List<String>> NO_HEADERS = Map.of();

    private byte[][] ended;
    private byte[][] live;
    private WebhookNormalizer normalizer;

    @Setup
    public void setup() throws IOException {
        JsonNode current = Json.mapper().readTree(Fixtures.bytes("vapi/ended-reasons.json")).path("current");
        if (current.size() != VALUES) {
            throw new IllegalStateException("expected " + VALUES + " ended reasons, found " + current.size());
        }
        normalizer = WebhookNormalizer.builder()
                .providerFactory(VoiceProviderFactory.builder().discover(false)
                        .register(VapiProvider.builder().build()).build())
                .verifier("vapi", WebhookVerifier.none())
                .build();
        ended = new byte[VALUES][];
        live = new byte[VALUES][];
        for (int i = 0; i < VALUES; i++) {
            String reason = Json.mapper().writeValueAsString(current.get(i).asText());
            ended[i] = body("ended", reason, i);
            live[i] = body("in-progress", reason, i);
        }
        int outcomes = 0;
        for (int i = 0; i < VALUES; i++) {
            // Some reasons are left to the call's history (UNKNOWN); most map to an outcome.
            outcomes += normalizer.normalize("vapi", NO_HEADERS, ended[i]).status().isTerminal() ? 1 : 0;
        }
        NormalizeBenchmark.require(outcomes > VALUES / 2, "only " + outcomes + " of " + VALUES
                + " ended status-updates were classified as an outcome");
    }

    private static byte[] body(String status, String reason, int i) {
        return ("{\"message\":{\"type\":\"status-update\",\"status\":\"" + status + "\",\"endedReason\":"
                + reason + ",\"timestamp\":1773158651870,\"call\":{\"id\":\"call-" + i
                + "\",\"assistantOverrides\":{\"metadata\":{\"callId\":\"ours-" + i + "\"}}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void endedStatus(Blackhole bh) {
        for (byte[] b : ended) {
            bh.consume(normalizer.normalize("vapi", NO_HEADERS, b));
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public void liveStatus(Blackhole bh) {
        for (byte[] b : live) {
            bh.consume(normalizer.normalize("vapi", NO_HEADERS, b));
        }
    }
}
