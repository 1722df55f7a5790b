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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

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

    /** Breakdown, no target: the floor's HMAC alone. */
    @Benchmark
    public byte[] vapiHmacOnly() {
        return hmac(vapiTimestamp, DOT, vapiBody);
    }

    /** Breakdown, no target: the floor's token walk alone. */
    @Benchmark
    public long vapiWalkOnly() throws IOException {
        return tokenWalk(vapiBody);
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

    /** Breakdown, no target: the floor's HMAC alone. */
    @Benchmark
    public byte[] blandHmacOnly() {
        return hmac(blandBody);
    }

    /** Breakdown, no target: the floor's token walk alone. */
    @Benchmark
    public long blandWalkOnly() throws IOException {
        return tokenWalk(blandBody);
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
