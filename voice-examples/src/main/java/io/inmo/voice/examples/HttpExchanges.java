package io.inmo.voice.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading requests with a size cap and writing JSON answers on the JDK's {@code HttpServer}. */
final class HttpExchanges {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Logger log = LoggerFactory.getLogger(HttpExchanges.class);

    private HttpExchanges() {
    }

    /** An HTTP error the demo answers itself, as {@code {"error": code, "message": ...}}. */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final String allow;

        ApiError(int status, String code, String message) {
            this(status, code, message, null);
        }

        ApiError(int status, String code, String message, String allow) {
            super(message);
            this.status = status;
            this.code = code;
            this.allow = allow;
        }

        static ApiError methodNotAllowed(String method, String allow) {
            return new ApiError(405, "method_not_allowed", method + " is not allowed here; use " + allow, allow);
        }

        static ApiError notFound(String what) {
            return new ApiError(404, "not_found", what);
        }
    }

    /**
     * Reads the whole body, but never more than {@code maxBytes + 1} bytes: a larger body is refused with 413
     * without being read (a declared {@code Content-Length} over the limit is refused before reading anything).
     */
    static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException {
        long declared = declaredLength(exchange);
        if (declared > maxBytes) {
            throw tooLarge(declared + " bytes", maxBytes);
        }
        return readAtMost(exchange.getRequestBody(), maxBytes);
    }

    /** @return the request's {@code Content-Length}, or -1 when it has none (chunked) */
    static long declaredLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(declared.trim());
            if (length < 0) {
                throw new NumberFormatException("negative");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalid_request", "Content-Length is not a number");
        }
    }

    /** @return the stream's bytes; stops reading after {@code maxBytes + 1} and refuses with 413 */
    static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
        }
        return body;
    }

    private static ApiError tooLarge(String size, int maxBytes) {
        return new ApiError(413, "payload_too_large", "request body of " + size + " exceeds the limit of "
                + maxBytes + " bytes");
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        sendJson(exchange, status, body);
    }

    /**
     * @param exchange the request
     * @param token the expected token's bytes
     * @return whether it carries {@code Authorization: Bearer <token>}, compared in constant time
     */
    static boolean hasBearer(HttpExchange exchange, byte[] token) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(given, token);
    }

    /**
     * An I/O failure while reading the request (a body cut short, bytes no decoder accepts) still gets a 400 when
     * nothing was answered yet; once the answer has started, the connection is all that is left to close.
     */
    static void answerUnreadable(HttpExchange exchange, IOException e) {
        log.debug("could not read {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            sendError(exchange, 400, "unreadable_request", "the request could not be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IOException gone) {
            log.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    gone.toString());
        }
    }
}
