package io.inmo.voice.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar voice-demo.jar}: starts the demo server on a free port, calls the seeded leads over HTTP
 * with the fake provider, waits for every call and summary, prints the results and the activity timeline, and
 * exits 0 (1 if something did not finish as expected).
 *
 * <p>{@code java -jar voice-demo.jar --serve [--port 8080] [--webhook-delay-ms 3000]} keeps the server up for
 * {@code curl}.
 */
public final class Main {

    /** How long the demo waits for calls and summaries. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final String USAGE = String.join("\n",
            "usage: java -jar voice-demo.jar                 run the scripted demo and exit",
            "       java -jar voice-demo.jar --campaign      a 200-lead campaign on a simulated clock, then exit",
            "       java -jar voice-demo.jar --serve [--port N] [--webhook-delay-ms MS]",
            "                                                keep the server up (port 8080; fake webhooks delayed",
            "                                                3000 ms so you can watch a call and see the 409)");

    private Main() {
    }

    /** @param args see {@link Main} */
    public static void main(String[] args) {
        System.exit(run(args, console(), System.getenv()));
    }

    /**
     * @param args command line
     * @param out where everything is printed
     * @param env environment variables
     * @return the exit code: 0 ok, 1 something did not finish as expected, 2 bad arguments
     */
    public static int run(String[] args, PrintStream out, Map<String, String> env) {
        boolean serve = false;
        Integer port = null;
        Long webhookDelayMs = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--campaign":
                        return CampaignDemo.runFromMain(out);
                    case "--serve":
                        serve = true;
                        break;
                    case "--port":
                        port = Integer.parseInt(args[++i]);
                        break;
                    case "--webhook-delay-ms":
                        webhookDelayMs = Long.parseLong(args[++i]);
                        break;
                    case "-h":
                    case "--help":
                        out.println(USAGE);
                        return 0;
                    default:
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            out.println(e instanceof ArrayIndexOutOfBoundsException ? "missing value after " + args[args.length - 1]
                    : e.getMessage());
            out.println(USAGE);
            return 2;
        }
        ProviderEnvironment environment = new ProviderEnvironment(env);
        try {
            return serve ? serve(out, environment, port == null ? 8080 : port,
                    webhookDelayMs == null ? 3000 : webhookDelayMs)
                    : demo(out, environment, port == null ? 0 : port, webhookDelayMs == null ? 0 : webhookDelayMs);
        } catch (IOException e) {
            out.println("could not start the server: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("interrupted");
            return 1;
        }
    }

    private static int demo(PrintStream out, ProviderEnvironment env, int port, long webhookDelayMs)
            throws IOException, InterruptedException {
        ExecutorService webhookThreads = Executors.newFixedThreadPool(2);
        try (DemoServer server = DemoServer.builder().port(port).environment(env)
                .fakeWebhookExecutor(delayed(webhookThreads, webhookDelayMs)).build().start()) {
            out.println("inmo-voice demo: server on " + server.baseUri()
                    + " (the fake provider POSTs signed webhooks to /webhooks/voice/fake)");
            env.describe().forEach(line -> out.println("  " + line));
            out.println();
            DemoScenario.Result result = new DemoScenario(server.baseUri(), out, DEADLINE, POLL_INTERVAL)
                    .run(DemoScenario.defaultSteps());
            out.println();
            result.printTable(out);
            out.println();
            out.println("Activity timeline (CallListener):");
            out.println("  " + TimelineListener.header());
            server.timeline().entries().forEach(e -> out.println("  " + TimelineListener.format(e)));
            out.println();
            out.println("Metrics (MicrometerVoiceObserver, read from its SimpleMeterRegistry):");
            MetricsSummary.lines(server.meterRegistry()).forEach(line -> out.println("  " + line));
            out.println();
            return result.printVerdict(out);
        } finally {
            webhookThreads.shutdownNow();
        }
    }

    private static int serve(PrintStream out, ProviderEnvironment env, int port, long webhookDelayMs)
            throws IOException, InterruptedException {
        ExecutorService webhookThreads = Executors.newFixedThreadPool(2);
        // Reachable from the internet through DEMO_PUBLIC_URL: the API places paid calls and lists phone numbers.
        String token = env.apiToken().orElse(null);
        DemoServer server = DemoServer.builder().port(port).environment(env).liveTimeline(out).apiToken(token)
                .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .fakeWebhookExecutor(delayed(webhookThreads, webhookDelayMs)).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            webhookThreads.shutdownNow();
            stopped.countDown();
        }, "demo-shutdown"));
        out.println("inmo-voice demo server on " + server.baseUri() + "  (Ctrl-C to stop)");
        env.describe().forEach(line -> out.println("  " + line));
        out.printf(Locale.ROOT, "  fake webhooks are delivered %d ms after each call is placed%n", webhookDelayMs);
        out.println();
        out.println("Leads:");
        for (Lead lead : server.leads().all()) {
            out.printf(Locale.ROOT, "  %-7s %-22s %-14s broker %-8s score %d%n", lead.id(), lead.name(),
                    lead.phoneNumber() == null ? "(no number)" : lead.phoneNumber(), lead.brokerId(),
                    server.leads().score(lead.id()));
        }
        out.println();
        if (token != null) {
            out.println("The API needs 'Authorization: Bearer <token>' (DEMO_PUBLIC_URL is set)"
                    + (env.apiTokenGenerated() ? "; this run's token: " + token : "; the token is DEMO_API_TOKEN"));
        }
        out.println("Try:");
        curlExamples(server.baseUri().toString(), token != null).forEach(line -> out.println("  " + line));
        out.println();
        out.println("Activity timeline (as it happens):");
        out.println("  " + TimelineListener.header());
        stopped.await();
        return 0;
    }

    /** @param base the server's base URI @return copy-paste curl commands for every endpoint */
    static List<String> curlExamples(String base) {
        return curlExamples(base, false);
    }

    /**
     * @param base the server's base URI
     * @param withToken whether the API needs the bearer token (then {@code $TOKEN} stands for it)
     * @return copy-paste curl commands for every endpoint
     */
    static List<String> curlExamples(String base, boolean withToken) {
        String auth = withToken ? " -H \"Authorization: Bearer $TOKEN\"" : "";
        return List.of(
                "curl -s" + auth + " " + base + "/api/v1/leads",
                "curl -s" + auth + " -X POST " + base + "/api/v1/calls/initiate -H 'Content-Type: application/json' "
                        + "-d '{\"lead_id\": \"lead-1\"}'",
                "curl -s" + auth + " " + base + "/api/v1/calls/CALL_ID          # CALL_ID from the answer above",
                "curl -s" + auth + " -X POST " + base + "/api/v1/calls/initiate -d '{\"lead_id\": \"lead-1\"}'"
                        + "   # again within the webhook delay: 409 call_in_progress",
                "curl -s" + auth + " -X POST " + base + "/api/v1/calls/initiate -d '{\"lead_id\": \"lead-6\"}'"
                        + "   # 400 invalid_phone_number",
                "curl -s" + auth + " -X POST " + base + "/api/v1/calls/initiate -d '{\"lead_id\": \"lead-7\"}'"
                        + "   # 503 provider_unavailable",
                "curl -s" + auth + " -X POST " + base + "/api/v1/calls/initiate -d '{\"lead_id\": \"nobody\"}'"
                        + "   # 404 lead_not_found",
                "curl -s -X POST " + base + "/webhooks/voice/fake -d '{\"type\": \"status-update\"}'"
                        + "   # 401: unsigned",
                "curl -s" + auth + " " + base + "/metrics                  # the SDK's meters, Prometheus text format");
    }

    private static Executor delayed(ExecutorService threads, long delayMs) {
        return delayMs <= 0 ? threads : CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, threads);
    }

    /** System.out, in UTF-8 when the platform says plain ASCII (a bare container), so lead names print. */
    private static PrintStream console() {
        String encoding = System.getProperty("stdout.encoding", System.getProperty("native.encoding", "UTF-8"));
        Charset charset;
        try {
            charset = Charset.forName(encoding);
        } catch (RuntimeException e) {
            charset = StandardCharsets.UTF_8;
        }
        if (charset.equals(StandardCharsets.US_ASCII)) {
            charset = StandardCharsets.UTF_8;
        }
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, charset);
    }
}
