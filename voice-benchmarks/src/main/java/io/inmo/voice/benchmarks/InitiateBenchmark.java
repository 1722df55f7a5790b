package io.inmo.voice.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.vapi.VapiConfig;
import io.inmo.voice.vapi.VapiProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code VoiceCallService.initiate} with the VAPI provider against a local stub ({@code HttpServer} answering
 * 201 with the {@code create-call-response-201.json} fixture), versus a raw {@code java.net.http} POST of the
 * same body, with the same headers and the same {@code HttpClient} instance (the one the provider is given:
 * connect timeout 10 s, no redirects; request timeout 30 s), to the same stub. Target: initiate at most 1.05x
 * the raw POST. Each initiate uses a fresh lead id (one active call per lead), so the repository grows during
 * the run (hash lookups only).
 *
 * <p>{@link #paired} runs both in the same invocation, one after the other (alternating which goes first), and
 * times each side separately (wall time, and CPU time of the calling thread) into {@link PairedTimes}; the
 * ratio is taken per iteration from the two sums. Both sides see the same JIT state, heap, connection and
 * machine load. Timing them as two benchmarks in separate forks, as this class did first, swung between 1.3x
 * and 2.2x from run to run on a 2-core machine: the wall time of a loopback exchange (three threads handing off
 * to each other) moves by more than the 5% target between forks.
 *
 * <p>{@link #sdkInitiateNoNetwork} and {@link #rawPostNoNetwork} do the same with an HTTP client that answers at
 * once: the SDK's own work per call, without the cache and scheduling effects of a real exchange.
 *
 * <p>Warm-up is long on purpose (30 s over loopback, 10 s without network): the SDK's code reaches C2 only
 * after some 50,000 calls on this 2-core machine (one C2 compiler thread, busy with the JDK's HTTP stack too),
 * and with JMH's usual 5 x 0.5 s it was still in C1, with profiling, for most of the measurement. Per-iteration
 * figures in the JSON show whether the warm-up was enough: the CPU difference per pair should no longer fall.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The stub writes headers and body separately: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms to both sides.
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@Warmup(iterations = 60, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 20, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class InitiateBenchmark {

    private static final String API_KEY = "bench-api-key-00000000";
    /** CPU time of the calling thread: tells work done by the caller from time spent waiting on the others. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HttpServer server;
    private ExecutorService serverThreads;
    private VoiceCallService service;
    private VoiceCallService cannedService;
    private HttpClient cannedClient;
    private String cannedBase;
    private HttpClient rawClient;
    private URI callUri;
    private byte[] rawBody;
    private final AtomicLong leads = new AtomicLong();
    private final AtomicReference<byte[]> lastRequestBody = new AtomicReference<>();
    private boolean sdkFirst;

    /**
     * Nanoseconds spent in each side of {@link InitiateBenchmark#paired} during one iteration, and the number
     * of pairs: JMH reports each field per iteration ({@code EVENTS} counters are summed, not normalized).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PairedTimes {
        /** Time in {@code initiate}, this iteration. */
        public long sdkNanos;
        /** Time in the raw POST, this iteration. */
        public long rawNanos;
        /** Pairs run this iteration. */
        public long pairs;
        /** CPU time of the benchmark thread in {@code initiate}, this iteration. */
        public long sdkCpuNanos;
        /** CPU time of the benchmark thread in the raw POST, this iteration. */
        public long rawCpuNanos;

        /** Counters start at zero every iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            sdkNanos = 0;
            rawNanos = 0;
            pairs = 0;
            sdkCpuNanos = 0;
            rawCpuNanos = 0;
        }
    }

    @Setup
    public void setup() throws IOException {
        byte[] created = Fixtures.bytes("vapi/create-call-response-201.json");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
        server.createContext("/call", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                lastRequestBody.set(in.readAllBytes());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(201, created.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(created);
            }
        });
        serverThreads = Executors.newSingleThreadExecutor();
        server.setExecutor(serverThreads);
        server.start();
        // A literal address: "localhost" would be resolved (from the JDK's cache) on every request of both sides.
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        callUri = URI.create(base + "/call");
        // One HttpClient, with the settings the provider builds for the default config, shared by the SDK
        // (injected into the VAPI provider) and the raw POST: same connection pool, same selector thread.
        rawClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        service = vapiService(base, rawClient);
        cannedClient = new CannedHttpClient(201, created);
        cannedService = vapiService(base, cannedClient);
        cannedBase = base;
        VoiceCall first = sdkInitiate();
        NormalizeBenchmark.require(first.status() == CallStatus.QUEUED && first.externalCallId() != null,
                "initiate did not place the call: " + first);
        // The raw POST sends exactly the body the SDK sent (its size does not depend on the lead id's digits
        // beyond a few bytes).
        rawBody = lastRequestBody.get();
        NormalizeBenchmark.require(rawPost().length == created.length, "raw POST failed");
        NormalizeBenchmark.require(sdkInitiateNoNetwork().status() == CallStatus.QUEUED, "canned initiate failed");
    }

    /**
     * A fresh store for the no-network benchmark every iteration, and short iterations: at 50,000+ initiates a
     * second the store would otherwise reach millions of calls, and copying them in young collections would be
     * what is measured.
     */
    @Setup(Level.Iteration)
    public void freshCannedStore() {
        if (cannedService != null) {
            cannedService.close();
        }
        cannedService = vapiService(cannedBase, cannedClient);
    }

    private static VoiceCallService vapiService(String baseUrl, HttpClient client) {
        ProviderConfig config = VapiConfig.builder()
                .apiKey(API_KEY)
                .assistantId("b4a9e2f1-6c3d-4e8a-9f17-0d5c2e8b3a64")
                .phoneNumberId("e2d7c6b5-1a49-4f30-8e2d-9c6b1f4a7e52")
                .baseUrl(baseUrl)
                .build();
        VoiceProviderFactory providers = VoiceProviderFactory.builder()
                .discover(false)
                .register(VapiProvider.builder().httpClient(client).build())
                .build();
        return VoiceCallService.builder()
                .providerFactory(providers)
                .brokerConfigs(brokerId -> Optional.of(config))
                .executor(summary -> { })
                .build();
    }

    @TearDown
    public void tearDown() {
        service.close();
        cannedService.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    /** @return the stored call, placed through the stub over loopback */
    VoiceCall sdkInitiate() {
        return service.initiate(CallTarget.of("lead-" + leads.incrementAndGet(), "broker-1", "+14155550123"));
    }

    /**
     * One initiate and one raw POST, in alternating order so that neither side always follows the other.
     *
     * @param times where the two durations are added up
     * @param blackhole keeps both results alive
     */
    @Benchmark
    public void paired(PairedTimes times, Blackhole blackhole) {
        sdkFirst = !sdkFirst;
        long startCpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        blackhole.consume(sdkFirst ? sdkInitiate() : rawPost());
        long middle = System.nanoTime();
        long middleCpu = THREADS.getCurrentThreadCpuTime();
        blackhole.consume(sdkFirst ? rawPost() : sdkInitiate());
        long end = System.nanoTime();
        long endCpu = THREADS.getCurrentThreadCpuTime();
        times.sdkCpuNanos += sdkFirst ? middleCpu - startCpu : endCpu - middleCpu;
        times.rawCpuNanos += sdkFirst ? endCpu - middleCpu : middleCpu - startCpu;
        times.sdkNanos += sdkFirst ? middle - start : end - middle;
        times.rawNanos += sdkFirst ? end - middle : middle - start;
        times.pairs++;
    }

    /** @return the raw POST's response body, from the stub over loopback */
    byte[] rawPost() {
        return rawPost(rawClient);
    }

    /**
     * {@link #sdkInitiate} with an HTTP client that answers at once, without I/O: the SDK's own work alone.
     *
     * @return the stored call
     */
    @Benchmark
    @Warmup(iterations = 25, time = 400, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    public VoiceCall sdkInitiateNoNetwork() {
        return cannedService.initiate(CallTarget.of("lead-" + leads.incrementAndGet(), "broker-1", "+14155550123"));
    }

    /** @return {@link #rawPost} with the client that answers at once: the building of the request alone */
    @Benchmark
    @Warmup(iterations = 25, time = 400, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 100, timeUnit = TimeUnit.MILLISECONDS)
    public byte[] rawPostNoNetwork() {
        return rawPost(cannedClient);
    }

    private byte[] rawPost(HttpClient client) {
        HttpRequest request = HttpRequest.newBuilder(callUri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("User-Agent", "inmo-voice")
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rawBody))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("stub answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
