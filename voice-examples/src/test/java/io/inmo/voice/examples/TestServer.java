package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helpers: a known webhook secret, HTTP calls to the demo server, and polling with a deadline. */
final class TestServer {

    static final String SECRET = "test-webhook-secret";
    static final ProviderEnvironment ENV = new ProviderEnvironment(Map.of("FAKE_WEBHOOK_SECRET", SECRET));

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer() {
    }

    /** An answer: status, parsed JSON body (null when not JSON), headers. */
    record Answer(int status, JsonNode json, HttpResponse<byte[]> raw) {
        String error() {
            return json == null ? null : json.path("error").asText(null);
        }
    }

    static DemoServer.Builder server() {
        return DemoServer.builder().port(0).environment(ENV);
    }

    static Answer get(DemoServer server, String path) {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path)).GET());
    }

    static Answer post(DemoServer server, String path, String body, String... headers) {
        return post(server, path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static Answer post(DemoServer server, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    static Answer initiate(DemoServer server, String leadId) {
        return post(server, "/api/v1/calls/initiate", "{\"lead_id\": \"" + leadId + "\"}",
                "Content-Type", "application/json");
    }

    static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = null;
            try {
                json = HttpExchanges.JSON.readTree(response.body());
            } catch (IOException notJson) {
                // leave null
            }
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the lowercase hex HMAC-SHA256 the fake provider signs with */
    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls GET /api/v1/calls/{id} until {@code done} holds, for at most 10 s. */
    static JsonNode awaitCall(DemoServer server, String callId, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(server, "/api/v1/calls/" + callId).json();
            if (done.test(last)) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return fail("call " + callId + " did not reach the expected state in 10 s; last: " + last);
    }

    static boolean finished(JsonNode call) {
        return call.path("summary_state").asText().equals("DONE") || call.path("summary_state").asText().equals("FAILED");
    }

    /** Holds every task until {@link #release()}: the fake's webhooks stay undelivered until then. */
    static final class HeldExecutor implements Executor {
        private final List<Runnable> held = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable task) {
            held.add(task);
        }

        synchronized int size() {
            return held.size();
        }

        void release() {
            List<Runnable> tasks;
            synchronized (this) {
                tasks = List.copyOf(held);
                held.clear();
            }
            Thread delivery = new Thread(() -> tasks.forEach(Runnable::run), "held-webhooks");
            delivery.setDaemon(true);
            delivery.start();
        }
    }
}
