package io.inmo.voice.benchmarks;

import io.inmo.voice.internal.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Provider fixtures (copies of the ones the provider modules test with) and the signing a provider would do. */
public final class Fixtures {

    /** The webhook secret every benchmark signs with. */
    public static final String SECRET = "whsec_benchmark_0123456789abcdef";
    /** VAPI's {@code message.timestamp} in the end-of-call report fixture (epoch ms): the signed timestamp. */
    public static final long VAPI_TIMESTAMP_MS = 1773158651870L;

    private static final String VAPI_REPORT =
            new String(bytes("vapi/webhook-end-of-call-report-completed.json"), StandardCharsets.UTF_8);

    private Fixtures() {
    }

    /**
     * @param path e.g. {@code vapi/webhook-end-of-call-report-completed.json}
     * @return the bytes
     */
    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the HMAC key bytes of {@link #SECRET} */
    public static byte[] key() {
        return Signatures.utf8(SECRET);
    }

    /**
     * Headers as a host framework hands them over (mixed case, a handful of unrelated ones), signed the way
     * VAPI's HMAC credential signs: hex HMAC-SHA256 of {@code {timestamp}.{body}}.
     *
     * @param body the body
     * @return the headers
     */
    public static Map<String, List<String>> vapiHeaders(byte[] body) {
        String ts = Long.toString(VAPI_TIMESTAMP_MS);
        String sig = Signatures.hex(Signatures.hmac("HmacSHA256", key(), Signatures.utf8(ts), Signatures.utf8("."),
                body));
        Map<String, List<String>> h = hostHeaders(body.length);
        h.put("X-Signature", List.of(sig));
        h.put("X-Timestamp", List.of(ts));
        return h;
    }

    /**
     * @param body the body
     * @return host-style headers with Bland's {@code X-Webhook-Signature} (hex HMAC-SHA256 of the body)
     */
    public static Map<String, List<String>> blandHeaders(byte[] body) {
        Map<String, List<String>> h = hostHeaders(body.length);
        h.put("X-Webhook-Signature", List.of(Signatures.hex(Signatures.hmac("HmacSHA256", key(), body))));
        return h;
    }

    private static Map<String, List<String>> hostHeaders(int length) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("crm.example.com"));
        h.put("User-Agent", List.of("axios/1.7.7"));
        h.put("Accept", List.of("application/json, text/plain, */*"));
        h.put("Accept-Encoding", List.of("gzip, compress, deflate, br"));
        h.put("Content-Type", List.of("application/json"));
        h.put("Content-Length", List.of(Integer.toString(length)));
        h.put("X-Forwarded-For", List.of("203.0.113.7"));
        h.put("X-Forwarded-Proto", List.of("https"));
        return h;
    }

    /**
     * The VAPI end-of-call report fixture rewritten for another call, with the same length: VAPI's call id
     * replaced everywhere, and our {@code callId} put in the metadata (as the SDK's own calls carry it) in
     * place of {@code sdkCorrelationId}, padded with JSON whitespace.
     *
     * @param externalId a 36-character VAPI call id
     * @param callId a 36-character call id of ours
     * @return the body
     */
    public static byte[] vapiReportFor(String externalId, String callId) {
        String text = VAPI_REPORT;
        if (externalId.length() != 36 || callId.length() != 36) {
            throw new IllegalArgumentException("ids must have 36 characters to keep the body size");
        }
        String out = text.replace("3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35", externalId)
                .replace("\"sdkCorrelationId\": \"9b2f6e1c-4d7a-4c85-b0e3-5a8d1f6c2e49\"",
                        "\"callId\":           \"" + callId + "\"");
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != text.getBytes(StandardCharsets.UTF_8).length) {
            throw new IllegalStateException("rewritten body changed size");
        }
        return bytes;
    }

    /**
     * @param n a number
     * @param tag a one-hex-digit tag telling families of ids apart
     * @return a 36-character UUID-shaped id
     */
    public static String id(long n, char tag) {
        // "%08x-0000-4000-8%c00-%012x" of (n >>> 48, tag, low 48 bits), without String.format: the 1M store
        // builds two million of these.
        char[] c = "00000000-0000-4000-8000-000000000000".toCharArray();
        long high = n >>> 48;
        for (int i = 7; i >= 0; i--, high >>>= 4) {
            c[i] = HEX[(int) (high & 0xF)];
        }
        c[20] = tag;
        long low = n & 0xFFFF_FFFF_FFFFL;
        for (int i = 35; i >= 24; i--, low >>>= 4) {
            c[i] = HEX[(int) (low & 0xF)];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
