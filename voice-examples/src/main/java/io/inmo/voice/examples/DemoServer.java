package io.inmo.voice.examples;

import static io.inmo.voice.examples.HttpExchanges.declaredLength;
import static io.inmo.voice.examples.HttpExchanges.readBody;
import static io.inmo.voice.examples.HttpExchanges.sendError;
import static io.inmo.voice.examples.HttpExchanges.sendJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceException;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.examples.HttpExchanges.ApiError;
import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.fake.FakeWebhookSink;
import io.inmo.voice.micrometer.MicrometerVoiceObserver;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo host application: the seed's endpoints on the JDK's {@link HttpServer}, backed by a
 * {@link VoiceCallService}.
 *
 * <ul>
 *   <li>{@code POST /api/v1/calls/initiate} {@code {"lead_id": "lead-1"}}: 201 with the call;</li>
 *   <li>{@code GET /api/v1/calls/{call_id}}: the call with transcript, summary and the lead's score;</li>
 *   <li>{@code POST /webhooks/voice/{provider}}: raw body and headers to {@link WebhookNormalizer}, then
 *       {@link VoiceCallService#handle}; 200 for handled and ignored events;</li>
 *   <li>{@code GET /api/v1/leads} and {@code GET /api/v1/leads/{lead_id}}: the seeded leads and their scores;</li>
 *   <li>{@code GET /metrics}: the SDK's meters ({@link MicrometerVoiceObserver}), in the Prometheus text format
 *       when the registry is a Prometheus one, else as JSON ({@link MetricsEndpoint}).</li>
 * </ul>
 *
 * Errors are {@code {"error": code, "message": ...}} with the {@link VoiceException}'s HTTP status; every
 * request gets an answer, a body that cannot even be read included (400). The fake provider posts its signed
 * webhooks to this server's own webhook endpoint, so every call goes through the real HTTP path, signature
 * check included.
 *
 * <p>What a host must do besides, and this one does: bound request reads and handler time (see
 * {@link HttpServerLimits}: a client that sends half a request cannot hold a thread), run
 * {@link VoiceCallService#resumePendingSummaries()} at start and {@link VoiceCallService#reconcile(Duration)} on a
 * schedule (lost webhooks), and keep the API behind a token when it is reachable from the internet
 * ({@link Builder#apiToken(String)}; the webhook endpoint stays open: its requests are signed).
 */
public final class DemoServer implements AutoCloseable {

    /** Largest accepted {@code POST /api/v1/calls/initiate} body. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024;
    /**
     * Threads serving HTTP. The JDK server reads request headers on these threads, so they also bound how many
     * slow clients are waited for at once (each for at most {@link HttpServerLimits#MAX_REQUEST_TIME}).
     */
    static final int HTTP_THREADS = 32;

    private static final Logger log = LoggerFactory.getLogger(DemoServer.class);
    private static final String CALLS = "/api/v1/calls";
    private static final String LEADS = "/api/v1/leads";
    private static final String WEBHOOKS = "/webhooks/voice";
    private static final String METRICS = "/metrics";

    private final HttpServer http;
    private final URI baseUri;
    private final LeadStore leads;
    private final VoiceCallService calls;
    private final VoiceProviderFactory providers;
    private final WebhookNormalizer normalizer;
    private final TimelineListener timeline;
    private final MeterRegistry meterRegistry;
    private final VoiceObserver metrics;
    private final ExecutorService httpThreads;
    private final ExecutorService ownedWebhookThreads;
    private final Maintenance maintenance;
    private final byte[] apiToken;

    private DemoServer(Builder b, HttpServer http) {
        this.leads = b.leads != null ? b.leads : new LeadStore(DemoData.leads(b.env.demoCallTo().orElse(null)));
        this.http = http;
        this.baseUri = URI.create("http://127.0.0.1:" + http.getAddress().getPort());

        Executor webhookThreads = b.webhookExecutor;
        this.ownedWebhookThreads = webhookThreads == null ? Executors.newFixedThreadPool(2, daemon("fake-webhooks"))
                : null;
        if (webhookThreads == null) {
            webhookThreads = ownedWebhookThreads;
        }
        String secret = b.env.fakeWebhookSecret();
        FakeVoiceProvider.Builder fake = FakeVoiceProvider.builder()
                .sink(FakeWebhookSink.http(baseUri.resolve(WEBHOOKS + "/" + FakeVoiceProvider.ID)))
                .executor(webhookThreads)
                .signingSecret(secret);
        b.outcomes.forEach(fake::outcomeFor);
        this.providers = VoiceProviderFactory.builder().register(fake.build()).build();

        Map<String, ProviderConfig> brokers = new HashMap<>();
        brokers.put(DemoData.DEMO_BROKER, ProviderConfig.builder(FakeVoiceProvider.ID).build());
        b.env.vapiConfig().ifPresent(c -> brokers.put(DemoData.VAPI_BROKER, c));
        b.env.blandConfig().ifPresent(c -> brokers.put(DemoData.BLAND_BROKER, c));
        // DemoData.NO_PROVIDER_BROKER deliberately has no entry: calling its lead answers 503.

        this.timeline = new TimelineListener(id -> this.leads.find(id).map(Lead::name).orElse(id), b.liveTimeline);
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : new SimpleMeterRegistry();
        // Zero counters for every installed provider: a scrape shows "0 unauthorized" before the first one.
        this.metrics = MicrometerVoiceObserver.builder(meterRegistry)
                .providers(providers.providerIds().toArray(new String[0])).build();
        VoiceCallService.Builder service = VoiceCallService.builder();
        if (b.repository != null) {
            service.repository(b.repository);
        }
        this.calls = service
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(brokers))
                .summaryHook(new RuleBasedSummaryHook(this.leads))
                .listener(timeline)
                .observer(metrics)
                .summaryBackoff(Duration.ofMillis(200))
                .build();
        this.normalizer = b.env.configureVerifiers(WebhookNormalizer.builder()
                        .providerFactory(providers)
                        .maxBodyBytes(b.maxWebhookBytes)
                        .observer(metrics)
                        .verifier(FakeVoiceProvider.ID, FakeVoiceProvider.verifier(secret)))
                .build();

        this.apiToken = b.apiToken == null ? null : b.apiToken.getBytes(StandardCharsets.UTF_8);
        this.maintenance = new Maintenance(calls, b.reconcileEvery, b.reconcileQuietFor);
        http.createContext(CALLS, handler(authorized(this::calls)));
        http.createContext(LEADS, handler(authorized(this::leads)));
        http.createContext(WEBHOOKS, handler(this::webhook));
        http.createContext(METRICS, handler(authorized(new MetricsEndpoint(meterRegistry)::handle)));
        http.createContext("/", handler(exchange -> {
            throw ApiError.notFound("no endpoint " + exchange.getRequestURI().getPath());
        }));
        this.httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemon("demo-http"));
        http.setExecutor(httpThreads);
    }

    /** @return a builder: port 0 (any free port), the seeded leads, the process environment */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts accepting requests, finishes the summaries a previous run left due, and schedules reconciliation.
     *
     * @return this server
     */
    public DemoServer start() {
        http.start();
        maintenance.start();
        return this;
    }

    /** @return {@code http://127.0.0.1:port} */
    public URI baseUri() {
        return baseUri;
    }

    /** @return the port the server listens on */
    public int port() {
        return http.getAddress().getPort();
    }

    /** @return the leads and their scores */
    public LeadStore leads() {
        return leads;
    }

    /** @return every call activity so far */
    public TimelineListener timeline() {
        return timeline;
    }

    /** @return where the SDK's meters are recorded */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** @return the call service (for tests and embedding) */
    public VoiceCallService calls() {
        return calls;
    }

    /** Stops accepting requests, then stops the service and the threads this server created. */
    @Override
    public void close() {
        http.stop(0);
        maintenance.close();
        calls.close();
        if (ownedWebhookThreads != null) {
            ownedWebhookThreads.shutdownNow();
        }
        httpThreads.shutdownNow();
    }

    // ---- /api/v1/calls ----

    private void calls(HttpExchange exchange) throws IOException {
        List<String> path = segments(exchange, CALLS);
        if (path.size() != 1) {
            throw ApiError.notFound("use POST " + CALLS + "/initiate or GET " + CALLS + "/{call_id}");
        }
        String method = exchange.getRequestMethod();
        if (path.get(0).equals("initiate")) {
            if (!method.equals("POST")) {
                throw ApiError.methodNotAllowed(method, "POST");
            }
            initiate(exchange);
        } else {
            if (!method.equals("GET")) {
                throw ApiError.methodNotAllowed(method, "GET");
            }
            VoiceCall call = calls.find(path.get(0)).orElseThrow(() ->
                    new ApiError(404, "call_not_found", "no call with id '" + path.get(0) + "'"));
            sendJson(exchange, 200, DemoJson.call(call, leads));
        }
    }

    private void initiate(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange, MAX_REQUEST_BYTES);
        JsonNode json;
        try {
            json = HttpExchanges.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Not a JsonProcessingException: e.g. CharConversionException for bytes that are not UTF-8/16/32.
            throw new ApiError(400, "invalid_json", "the body is not valid JSON text: " + e.getMessage());
        }
        JsonNode leadId = json == null ? null : json.get("lead_id");
        if (json == null || !json.isObject() || leadId == null || !leadId.isTextual() || leadId.asText().isBlank()) {
            throw new ApiError(400, "invalid_request", "expected a JSON object with a string \"lead_id\", "
                    + "for example {\"lead_id\": \"lead-1\"}");
        }
        Lead lead = leads.find(leadId.asText()).orElseThrow(() ->
                new ApiError(404, "lead_not_found", "no lead with id '" + leadId.asText() + "'"));
        VoiceCall call = calls.initiate(lead.callTarget());
        exchange.getResponseHeaders().set("Location", CALLS + "/" + call.callId());
        sendJson(exchange, 201, DemoJson.call(call, leads));
    }

    // ---- /api/v1/leads ----

    private void leads(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            throw ApiError.methodNotAllowed(exchange.getRequestMethod(), "GET");
        }
        List<String> path = segments(exchange, LEADS);
        if (path.isEmpty()) {
            sendJson(exchange, 200, leads.all().stream().map(l -> DemoJson.lead(l, leads)).toList());
        } else if (path.size() == 1) {
            Lead lead = leads.find(path.get(0)).orElseThrow(() ->
                    new ApiError(404, "lead_not_found", "no lead with id '" + path.get(0) + "'"));
            sendJson(exchange, 200, DemoJson.lead(lead, leads));
        } else {
            throw ApiError.notFound("use GET " + LEADS + " or GET " + LEADS + "/{lead_id}");
        }
    }

    // ---- /webhooks/voice/{provider} ----

    private void webhook(HttpExchange exchange) throws IOException {
        List<String> path = segments(exchange, WEBHOOKS);
        if (path.size() != 1) {
            throw ApiError.notFound("use POST " + WEBHOOKS + "/{provider}");
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            throw ApiError.methodNotAllowed(exchange.getRequestMethod(), "POST");
        }
        // The normalizer owns every check on the raw request (unknown provider before reading, size limit while
        // reading, truncated upload) and reports each refusal to the metrics.
        WebhookEvent event = normalizer.normalize(path.get(0), new HashMap<>(exchange.getRequestHeaders()),
                exchange.getRequestBody(), declaredLength(exchange));
        Optional<VoiceCall> call = calls.handle(event);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("result", event.type() == WebhookEvent.Type.IGNORED ? "ignored"
                : call.isPresent() ? "handled" : "unknown_call");
        json.put("event_id", event.eventId());
        json.put("call_id", call.map(VoiceCall::callId).orElse(null));
        json.put("status", call.map(c -> c.status().name()).orElse(null));
        sendJson(exchange, 200, json);
    }

    // ---- plumbing ----

    /** @return the path segments after {@code prefix}; a path that does not continue the prefix has none */
    private static List<String> segments(HttpExchange exchange, String prefix) {
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith(prefix) || path.length() > prefix.length() && path.charAt(prefix.length()) != '/') {
            throw ApiError.notFound("no endpoint " + path);
        }
        String rest = path.substring(prefix.length());
        return rest.isEmpty() || rest.equals("/") ? List.of() : List.of(rest.substring(1).split("/", -1));
    }

    @FunctionalInterface
    private interface Endpoint {
        void handle(HttpExchange exchange) throws IOException;
    }

    /**
     * With an API token set, the endpoint needs {@code Authorization: Bearer <token>} (compared in constant
     * time): the API places paid calls and lists phone numbers.
     */
    private Endpoint authorized(Endpoint endpoint) {
        if (apiToken == null) {
            return endpoint;
        }
        return exchange -> {
            if (!HttpExchanges.hasBearer(exchange, apiToken)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new ApiError(401, "unauthorized", "this server's API needs 'Authorization: Bearer <token>' "
                        + "(the token printed at start, or DEMO_API_TOKEN)");
            }
            endpoint.handle(exchange);
        };
    }

    /** Maps every failure to a JSON error: VoiceException by its own status and code. */
    private static HttpHandler handler(Endpoint endpoint) {
        return exchange -> {
            try {
                try {
                    endpoint.handle(exchange);
                } catch (VoiceException e) {
                    log.debug("{} {} -> {} {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                            e.httpStatus(), e.code());
                    sendError(exchange, e.httpStatus(), e.code(), e.getMessage());
                } catch (ApiError e) {
                    if (e.allow != null) {
                        exchange.getResponseHeaders().set("Allow", e.allow);
                    }
                    sendError(exchange, e.status, e.code, e.getMessage());
                } catch (RuntimeException e) {
                    log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                    sendError(exchange, 500, "internal_error", "unexpected error; see the server log");
                }
            } catch (IOException e) {
                HttpExchanges.answerUnreadable(exchange, e);
            } finally {
                exchange.close();
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Builder for {@link DemoServer}. */
    public static final class Builder {
        private int port;
        private ProviderEnvironment env;
        private LeadStore leads;
        private Map<String, FakeOutcome> outcomes = DemoData.scriptedOutcomes();
        private Executor webhookExecutor;
        private int maxWebhookBytes = WebhookNormalizer.DEFAULT_MAX_BODY_BYTES;
        private PrintStream liveTimeline;
        private CallRepository repository;
        private String apiToken;
        private Duration reconcileEvery = Duration.ofMinutes(1);
        private Duration reconcileQuietFor = Duration.ofMinutes(2);
        private MeterRegistry meterRegistry;

        private Builder() {
        }

        /**
         * @param registry where the SDK's meters go; default a {@link SimpleMeterRegistry}. A Prometheus registry
         *        makes {@code GET /metrics} answer in the Prometheus text format
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * @param token required as {@code Authorization: Bearer <token>} on {@code /api/v1/*}; {@code null}
         *        (default) for an open API (the server listens on 127.0.0.1 only)
         * @return this builder
         */
        public Builder apiToken(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("the API token must not be blank");
            }
            this.apiToken = token;
            return this;
        }

        /** @param repository where calls are stored; default in memory @return this builder */
        public Builder repository(CallRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /**
         * @param every how often {@link VoiceCallService#reconcile(Duration)} runs; default 1 minute,
         *        {@link Duration#ZERO} for never
         * @param quietFor how long a call must have been quiet to be looked up; default 2 minutes
         * @return this builder
         */
        public Builder reconcile(Duration every, Duration quietFor) {
            if (every.isNegative() || quietFor.isNegative()) {
                throw new IllegalArgumentException("reconcile durations must not be negative");
            }
            this.reconcileEvery = every;
            this.reconcileQuietFor = quietFor;
            return this;
        }

        /** @param port TCP port on 127.0.0.1; 0 (default) for any free port @return this builder */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** @param env credentials and secrets; default the process environment @return this builder */
        public Builder environment(ProviderEnvironment env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /** @param leads the CRM's leads; default {@link DemoData#leads(String)} @return this builder */
        public Builder leads(LeadStore leads) {
            this.leads = Objects.requireNonNull(leads, "leads");
            return this;
        }

        /** @param outcomes the fake's outcome by phone number; default {@link DemoData#scriptedOutcomes()} @return this */
        public Builder fakeOutcomes(Map<String, FakeOutcome> outcomes) {
            this.outcomes = Map.copyOf(outcomes);
            return this;
        }

        /** @param executor runs the fake's webhook deliveries; default two daemon threads @return this builder */
        public Builder fakeWebhookExecutor(Executor executor) {
            this.webhookExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @param maxBytes largest accepted webhook body; default 1 MiB @return this builder */
        public Builder maxWebhookBytes(int maxBytes) {
            this.maxWebhookBytes = maxBytes;
            return this;
        }

        /** @param out where to print each call activity as it happens; default nowhere @return this builder */
        public Builder liveTimeline(PrintStream out) {
            this.liveTimeline = out;
            return this;
        }

        /** @return the server, bound but not started @throws IOException if the port cannot be bound */
        public DemoServer build() throws IOException {
            if (env == null) {
                env = ProviderEnvironment.system();
            }
            HttpServerLimits.applyDefaults();
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            try {
                return new DemoServer(this, http);
            } catch (RuntimeException e) {
                http.stop(0); // do not leak the bound port
                throw e;
            }
        }
    }
}
