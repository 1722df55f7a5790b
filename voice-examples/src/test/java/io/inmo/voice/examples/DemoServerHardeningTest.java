package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.inmo.voice.CallStatus;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.examples.TestServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo server as a host worth copying: slow clients, unreadable bodies, maintenance, an API token. */
class DemoServerHardeningTest {

    @Test
    void should_keep_answering_while_eight_clients_hold_half_sent_headers_and_drop_them_later() throws Exception {
        try (DemoServer server = TestServer.server().build().start()) {
            // given eight connections that sent half a request and stopped (the demo used to have 8 threads)
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write("GET /api/v1/leads HTTP/1.1\r\nHost: x\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }

            // when
            long started = System.nanoTime();
            Answer answer = TestServer.get(server, "/api/v1/leads");

            // then the server still answers at once, and closes the slow connections (maxReqTime)
            assertThat(answer.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            for (Socket s : slow) {
                try (s) {
                    s.setSoTimeout(8_000);
                    assertThat(drain(s.getInputStream())).as("closed by the server").isTrue();
                }
            }
        }
    }

    /** @return true when the peer closed (EOF or reset), false when it kept the connection open past the timeout */
    private static boolean drain(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // whatever the server says before closing
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void should_answer_a_body_no_json_decoder_accepts_with_400_json() throws IOException {
        try (DemoServer server = TestServer.server().build().start()) {
            // given bytes that look like UTF-32 to Jackson but are not (it throws CharConversionException)
            byte[] body = {0, 0, 0, '{', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, '}'};

            // when
            Answer answer = TestServer.post(server, "/api/v1/calls/initiate", body, "Content-Type", "application/json");

            // then
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.error()).isEqualTo("invalid_json");
        }
    }

    @Test
    void should_answer_a_body_cut_short_with_400_json() throws Exception {
        try (DemoServer server = TestServer.server().build().start();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            // given a request that announces 100 bytes and sends 8
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/calls/initiate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"lead_i").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            s.setSoTimeout(8_000);

            // when
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            // then
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\"");
        }
    }

    @Test
    void should_keep_the_api_behind_the_token_when_one_is_set_but_not_the_webhooks() throws IOException {
        try (DemoServer server = TestServer.server().apiToken("s3cret-token").build().start()) {
            // when
            Answer without = TestServer.get(server, "/api/v1/leads");
            Answer wrong = TestServer.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/leads"))
                    .header("Authorization", "Bearer nope").GET());
            Answer with = TestServer.send(HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/leads"))
                    .header("Authorization", "Bearer s3cret-token").GET());
            Answer initiate = TestServer.initiate(server, "lead-1");
            Answer webhook = TestServer.post(server, "/webhooks/voice/fake", "{\"type\":\"status-update\"}");

            // then
            assertThat(without.status()).isEqualTo(401);
            assertThat(without.error()).isEqualTo("unauthorized");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(with.status()).isEqualTo(200);
            assertThat(initiate.status()).isEqualTo(401);
            assertThat(server.calls().find("any")).isEmpty();
            assertThat(webhook.error()).as("webhooks are verified by signature, not by the token")
                    .isNotEqualTo("unauthorized");
        }
    }

    @Test
    void should_ask_for_a_token_only_when_the_server_is_public() {
        // given / when / then
        assertThat(new ProviderEnvironment(java.util.Map.of()).apiToken()).isEmpty();
        ProviderEnvironment open = new ProviderEnvironment(java.util.Map.of("DEMO_PUBLIC_URL", "https://x.example"));
        assertThat(open.apiToken()).get().asString().hasSize(64);
        assertThat(open.apiTokenGenerated()).isTrue();
        ProviderEnvironment given = new ProviderEnvironment(java.util.Map.of("DEMO_PUBLIC_URL", "https://x.example",
                "DEMO_API_TOKEN", "mine"));
        assertThat(given.apiToken()).contains("mine");
        assertThat(Main.curlExamples("http://h", true)).allMatch(l -> l.contains("/webhooks/")
                || l.contains("Authorization: Bearer $TOKEN"));
    }

    @Test
    void should_resume_the_summaries_a_previous_run_left_due_at_start() throws IOException {
        // given a call that ended before a crash, its summary never written
        InMemoryCallRepository repository = new InMemoryCallRepository();
        Instant t0 = Instant.now().minusSeconds(600);
        repository.insert(VoiceCall.builder().callId("c-before-crash").leadId("lead-1").brokerId(DemoData.DEMO_BROKER)
                .provider("fake").externalCallId("fake-old").status(CallStatus.COMPLETED)
                .transcript("AI: Hola\nUser: Me interesa, quiero visitarlo").duration(Duration.ofSeconds(60))
                .summaryState(SummaryState.PENDING).createdAt(t0).updatedAt(t0).endedAt(t0).build());

        // when
        try (DemoServer server = TestServer.server().repository(repository).build().start()) {
            // then
            assertThat(TestServer.awaitCall(server, "c-before-crash", TestServer::finished)
                    .path("summary_state").asText()).isEqualTo("DONE");
        }
    }

    @Test
    void should_reconcile_a_call_whose_webhooks_were_lost() throws IOException {
        // given webhooks that are never delivered, and a quick reconciliation schedule
        TestServer.HeldExecutor lost = new TestServer.HeldExecutor();
        try (DemoServer server = TestServer.server().fakeWebhookExecutor(lost)
                .reconcile(Duration.ofMillis(100), Duration.ZERO).build().start()) {
            // when
            Answer placed = TestServer.initiate(server, "lead-1");

            // then the provider is asked and the call ends without a single webhook
            assertThat(placed.status()).isEqualTo(201);
            assertThat(TestServer.awaitCall(server, placed.json().path("call_id").asText(),
                    c -> !Arrays.asList("INITIATED", "QUEUED", "RINGING", "IN_PROGRESS")
                            .contains(c.path("status").asText())).path("status").asText()).isNotBlank();
            assertThat(lost.size()).isPositive();
        }
    }

    @Test
    void should_answer_keep_alive_requests_without_the_nagle_delay() throws Exception {
        try (DemoServer server = TestServer.server().build().start()) {
            // given one keep-alive connection (HTTP/1.1, the JDK client reuses it)
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/leads/lead-1")).GET().build();
            for (int i = 0; i < 5; i++) {
                client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }

            // when
            long[] nanos = new long[31];
            for (int i = 0; i < nanos.length; i++) {
                long started = System.nanoTime();
                client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                nanos[i] = System.nanoTime() - started;
            }

            // then the median is far below the ~40 ms a delayed ACK costs with Nagle on
            Arrays.sort(nanos);
            Duration median = Duration.ofNanos(nanos[nanos.length / 2]);
            System.out.println("keep-alive median: " + median.toNanos() / 1000 + " us");
            if (median.compareTo(Duration.ofMillis(30)) >= 0) {
                fail("keep-alive median " + median + ": TCP_NODELAY is not in effect");
            }
        }
    }
}
