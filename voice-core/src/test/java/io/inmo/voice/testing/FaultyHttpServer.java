package io.inmo.voice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider that misbehaves at the TCP level, on a raw {@link ServerSocket}: WireMock cannot trickle headers,
 * answer 100-Continue and fall silent, or send a garbage status line. Each connection's request is read in full
 * (and counted: the dial count), then the {@link Fault} is played. Its trickling threads stop when the client
 * goes away or the server is closed. The test thread never sleeps.
 */
public final class FaultyHttpServer implements AutoCloseable {

    /** How the server misbehaves once it has read a request. */
    public enum Fault {
        /** Reads the request, then resets the connection (RST). */
        RESET_AFTER_REQUEST,
        /** Reads the request, then closes the connection without a byte of answer. */
        CLOSE_WITHOUT_ANSWER,
        /** Sends the status line and headers at once, then the body one byte per tick. */
        TRICKLE_BODY,
        /** Sends the status line and headers one byte per tick. */
        TRICKLE_HEADERS,
        /** Sends {@code 100 Continue}, then nothing. */
        CONTINUE_THEN_SILENCE,
        /** Sends a status line that is not HTTP. */
        GARBAGE_STATUS_LINE
    }

    private static final byte[] HEAD = ("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
            + "Content-Length: 4096\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final Fault fault;
    private final Duration tick;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private FaultyHttpServer(Fault fault, Duration tick) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.fault = fault;
        this.tick = tick;
        this.acceptor = new Thread(this::acceptLoop, "faulty-http-" + fault);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /**
     * @param fault what to do after reading a request
     * @param tick interval between trickled bytes
     * @return a started server on a free loopback port
     */
    public static FaultyHttpServer start(Fault fault, Duration tick) {
        try {
            return new FaultyHttpServer(fault, tick);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** @return the request lines read so far, e.g. {@code POST /call HTTP/1.1} */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /**
     * @param method HTTP method
     * @return how many requests with that method were received
     */
    public long count(String method) {
        return requestLines.stream().filter(l -> l.startsWith(method + " ")).count();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread handler = new Thread(() -> handle(socket), "faulty-http-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            readBody(in, contentLength(head));
            requestLines.add(head.substring(0, head.indexOf('\r')));
            switch (fault) {
                case RESET_AFTER_REQUEST:
                    socket.setSoLinger(true, 0);
                    return;
                case CLOSE_WITHOUT_ANSWER:
                    return;
                case TRICKLE_BODY:
                    out.write(HEAD);
                    out.flush();
                    trickle(out, "{\"id\":\"".getBytes(StandardCharsets.US_ASCII), 4096);
                    return;
                case TRICKLE_HEADERS:
                    trickle(out, HEAD, HEAD.length);
                    return;
                case CONTINUE_THEN_SILENCE:
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    waitUntilClosed(in);
                    return;
                case GARBAGE_STATUS_LINE:
                    out.write("SMTP READY 220 hello\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                default:
                    throw new IllegalStateException(fault.name());
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up or the server closed: that is the point of the fault
        }
    }

    /** Writes {@code bytes} (then spaces) one per tick, up to {@code total}, until the peer goes away. */
    private void trickle(OutputStream out, byte[] bytes, int total) throws IOException, InterruptedException {
        for (int i = 0; i < total && !closed; i++) {
            out.write(i < bytes.length ? bytes[i] : ' ');
            out.flush();
            Thread.sleep(tick.toMillis());
        }
    }

    private static void waitUntilClosed(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // discard until the client closes
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static void readBody(InputStream in, int length) throws IOException {
        in.readNBytes(length);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        acceptor.interrupt();
    }
}
