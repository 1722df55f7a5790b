package io.inmo.voice.examples;

import java.time.Duration;

/**
 * Limits of the JDK's {@link com.sun.net.httpserver.HttpServer} that only exist as system properties, read once
 * per JVM when the first server is created. Without them a peer that sends half a request line and stops holds
 * a handler thread forever (the server reads the request headers on its executor's threads, before any handler
 * runs), and every keep-alive response waits for the client's delayed ACK (Nagle, ~40 ms).
 *
 * <ul>
 *   <li>{@code sun.net.httpserver.maxReqTime}: a request (line, headers and body) must arrive within
 *       {@link #MAX_REQUEST_TIME}, else the connection is closed;</li>
 *   <li>{@code sun.net.httpserver.maxRspTime}: a response must be finished within {@link #MAX_RESPONSE_TIME} of
 *       the request, which bounds the handler's time too;</li>
 *   <li>{@code sun.net.httpserver.nodelay}: TCP_NODELAY on accepted connections.</li>
 * </ul>
 * Values already set (on the command line, or by a test) win: these are defaults. They apply to every JDK
 * HttpServer of the JVM, which in the demo is only this one.
 */
final class HttpServerLimits {

    /** Longest time a client may take to send a whole request. */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);
    /**
     * Longest time from a complete request to a complete response. Above the providers' request timeout
     * (30 s), so that a slow {@code initiate} still answers.
     */
    static final Duration MAX_RESPONSE_TIME = Duration.ofSeconds(60);

    private HttpServerLimits() {
    }

    /** Sets the defaults that are not set yet; call before the first {@code HttpServer.create}. */
    static void applyDefaults() {
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_TIME.toSeconds()));
        setIfAbsent("sun.net.httpserver.maxRspTime", Long.toString(MAX_RESPONSE_TIME.toSeconds()));
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
