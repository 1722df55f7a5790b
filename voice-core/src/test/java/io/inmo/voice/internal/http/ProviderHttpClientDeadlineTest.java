package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request timeout is one deadline over the whole exchange, also where the JDK's own timer does not reach: its
 * internal re-send of a GET on a stale pooled connection, and a host client whose executor is slow to hand over
 * the body. Real sockets on loopback: the servers wait, the test only bounds how long the client took.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProviderHttpClientDeadlineTest {

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII);

    private static ProviderConfig config(String baseUrl, Duration timeout) {
        return ProviderConfig.builder("acme").apiKey("sk").baseUrl(baseUrl).requestTimeout(timeout).maxAttempts(1)
                .build();
    }

    private static void readHead(InputStream in) throws Exception {
        int matched = 0;
        int c;
        while (matched < 4 && (c = in.read()) != -1) {
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Test
    void should_keep_one_deadline_when_the_jdk_resends_a_get_on_a_new_connection() throws Exception {
        // given a server that answers a first GET, drops the next one on the same kept-alive connection after
        // 800 ms, and answers the JDK's re-send on a new connection after another 800 ms
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            daemon(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        int n = connections.incrementAndGet();
                        daemon(() -> {
                            try (socket) {
                                InputStream in = socket.getInputStream();
                                OutputStream out = socket.getOutputStream();
                                readHead(in);
                                if (n == 1) {
                                    out.write(OK);
                                    out.flush();
                                    readHead(in);
                                    Thread.sleep(800);
                                    return;
                                }
                                Thread.sleep(800);
                                out.write(OK);
                                out.flush();
                            } catch (Exception ignored) {
                                // the client went away
                            }
                        });
                    }
                } catch (Exception ignored) {
                    // server closed
                }
            });
            String base = "http://127.0.0.1:" + server.getLocalPort();
            ProviderHttpClient client = ProviderHttpClient.create();
            ProviderRequest get = ProviderRequest.get("acme", URI.create(base + "/calls/1"), Map.of());
            client.send(get, config(base, Duration.ofSeconds(1)));

            // when
            long started = System.nanoTime();
            Throwable thrown = null;
            try {
                client.send(get, config(base, Duration.ofSeconds(1)));
            } catch (RuntimeException e) {
                thrown = e;
            }

            // then it stopped at the deadline (plus one tick), as a timeout, instead of 1.6 s later with a 200
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_250));
            assertThat(thrown).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("no complete response (headers and body) within 1000 ms");
        }
    }

    @Test
    void should_keep_the_deadline_of_a_call_creation_when_the_hosts_executor_is_slow_to_hand_over_the_body()
            throws Exception {
        // given a host client whose executor stalls for 3 s once the provider has the request
        AtomicBoolean busy = new AtomicBoolean();
        Executor slow = task -> daemon(() -> {
            if (busy.get()) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            task.run();
        });
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            daemon(() -> {
                try (Socket socket = server.accept()) {
                    readHead(socket.getInputStream());
                    socket.getInputStream().readNBytes(7); // {"a":1}
                    busy.set(true);
                    socket.getOutputStream().write(OK);
                    socket.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (Exception ignored) {
                    // the client went away
                }
            });
            String base = "http://127.0.0.1:" + server.getLocalPort();
            ProviderHttpClient client = ProviderHttpClient.builder()
                    .httpClient(HttpClient.newBuilder().executor(slow).build()).build();
            ProviderRequest post = ProviderRequest.createJson("acme", URI.create(base + "/calls"), Map.of(),
                    Map.of("a", 1));

            // when / then: an unknown outcome at the deadline, never dialed again
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.send(post, config(base, Duration.ofMillis(500))))
                    .isInstanceOf(CallOutcomeUnknownException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(750));
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void should_retry_a_call_creation_stopped_at_its_deadline_before_its_body_was_handed_over() throws Exception {
        // given a host client whose executor runs every task a second late, and a provider that counts the requests
        // it received whole (a request line and headers without the body they announce cannot be processed)
        AtomicInteger requests = new AtomicInteger();
        Executor late = task -> daemon(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            task.run();
        });
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            daemon(() -> {
                try {
                    while (true) {
                        Socket socket = server.accept();
                        daemon(() -> {
                            try (socket) {
                                readHead(socket.getInputStream());
                                if (socket.getInputStream().readNBytes(7).length == 7) { // {"a":1}: a whole request
                                    requests.incrementAndGet();
                                }
                            } catch (Exception ignored) {
                                // the client went away
                            }
                        });
                    }
                } catch (Exception ignored) {
                    // server closed
                }
            });
            String base = "http://127.0.0.1:" + server.getLocalPort();
            ProviderHttpClient client = ProviderHttpClient.builder()
                    .httpClient(HttpClient.newBuilder().executor(late).build()).sleeper(wait -> { }).build();
            ProviderRequest post = ProviderRequest.createJson("acme", URI.create(base + "/calls"), Map.of(),
                    Map.of("a", 1));
            ProviderConfig twoAttempts = ProviderConfig.builder("acme").apiKey("sk").baseUrl(base)
                    .requestTimeout(Duration.ofMillis(300)).maxAttempts(2).build();

            // when / then: provably not sent, so tried again and reported as unavailable, not as a maybe-placed call
            assertThatThrownBy(() -> client.send(post, twoAttempts)).isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("2 attempt");
            assertThat(requests).hasValue(0);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void should_accept_a_request_timeout_too_large_to_count_in_nanoseconds() {
        // given a thousand-year timeout and nothing listening
        ProviderHttpClient client = ProviderHttpClient.create();
        ProviderRequest get = ProviderRequest.get("acme", URI.create("http://127.0.0.1:9/x"), Map.of());

        // when / then: the connection is refused, not the timeout's arithmetic
        assertThatThrownBy(() -> client.send(get, config("http://127.0.0.1:9", Duration.ofDays(365L * 1_000))))
                .isInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void should_refuse_to_send_for_a_caller_already_interrupted_without_claiming_the_call_may_exist() {
        // given
        ProviderHttpClient client = ProviderHttpClient.create();
        ProviderRequest post = ProviderRequest.createJson("acme", URI.create("http://127.0.0.1:9/calls"), Map.of(),
                Map.of("a", 1));
        Thread.currentThread().interrupt();

        // when / then: nothing was sent, so the outcome is known
        try {
            assertThatThrownBy(() -> client.send(post, config("http://127.0.0.1:9", Duration.ofSeconds(1))))
                    .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("before sending");
        } finally {
            Thread.interrupted();
        }
    }
}
