package io.inmo.voice.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.vapi.VapiConfig;
import io.inmo.voice.vapi.VapiProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code VoiceCallService.initiate} with the VAPI provider against a local stub ({@code HttpServer} answering
 * 201 with the {@code create-call-response-201.json} fixture), versus a raw {@code java.net.http} POST of the
 * same body, with the same headers and the same {@code HttpClient} instance (the one the provider is given:
 * connect timeout 10 s, no redirects; request timeout 30 s), to the same stub. Target: initiate at most 1.05x the raw POST. Each initiate uses a fresh
 * lead id (one active call per lead), so the repository grows during the run (hash lookups only).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The stub writes headers and body separately: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms to both sides.
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class InitiateBenchmark {

    private static final String API_KEY = "bench-api-key-00000000";

    private HttpServer server;
    private ExecutorService serverThreads;
    private VoiceCallService service;
    private HttpClient rawClient;
    private URI callUri;
    private byte[] rawBody;
    private final AtomicLong leads = new AtomicLong();
    private final AtomicReference<byte[]> lastRequestBody = new AtomicReference<>();

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
        ProviderConfig config = VapiConfig.builder()
                .apiKey(API_KEY)
                .assistantId("b4a9e2f1-6c3d-4e8a-9f17-0d5c2e8b3a64")
                .phoneNumberId("e2d7c6b5-1a49-4f30-8e2d-9c6b1f4a7e52")
                .baseUrl(base)
                .build();
        // One HttpClient, with the settings ProviderHttpClient builds for the default config, shared by the SDK
        // (injected into the VAPI provider) and the raw POST: same connection pool, same selector thread.
        rawClient = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        VoiceProviderFactory providers = VoiceProviderFactory.builder()
                .discover(false)
                .register(new VapiProvider(ProviderHttpClient.builder().httpClient(rawClient).build()))
                .build();
        service = VoiceCallService.builder()
                .providerFactory(providers)
                .brokerConfigs(brokerId -> Optional.of(config))
                .executor(summary -> { })
                .build();
        VoiceCall first = sdkInitiate();
        NormalizeBenchmark.require(first.status() == CallStatus.QUEUED && first.externalCallId() != null,
                "initiate did not place the call: " + first);
        // The raw POST sends exactly the body the SDK sent (its size does not depend on the lead id's digits
        // beyond a few bytes).
        rawBody = lastRequestBody.get();
        NormalizeBenchmark.require(rawPost().length == created.length, "raw POST failed");
    }

    @TearDown
    public void tearDown() {
        service.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Benchmark
    public VoiceCall sdkInitiate() {
        return service.initiate(CallTarget.of("lead-" + leads.incrementAndGet(), "broker-1", "+14155550123"));
    }

    @Benchmark
    public byte[] rawPost() {
        HttpRequest request = HttpRequest.newBuilder(callUri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("User-Agent", "inmo-voice")
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(rawBody))
                .build();
        try {
            HttpResponse<byte[]> response = rawClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
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
