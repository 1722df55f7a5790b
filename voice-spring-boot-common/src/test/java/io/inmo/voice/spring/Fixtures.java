package io.inmo.voice.spring;

import io.inmo.voice.CallStatus;
import io.inmo.voice.SummaryState;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.spi.CallRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test data shared by the starter tests of both Boot lines. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hmacSha256Hex(String secret, String payload) {
        return hmacSha256Hex(secret, payload.getBytes(StandardCharsets.UTF_8));
    }

    static String hmacSha256Hex(String secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ended call whose summary a crash left due. */
    static VoiceCall pendingSummaryCall(String callId) {
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        return VoiceCall.builder().callId(callId).leadId("lead-1").brokerId("demo").provider("fake")
                .externalCallId("fake-call-1").status(CallStatus.COMPLETED).duration(Duration.ofSeconds(60))
                .summaryState(SummaryState.PENDING).createdAt(at).updatedAt(at).endedAt(at).build();
    }

    /** A call stored at {@code at} whose provider request's outcome was never known (no provider call id). */
    static VoiceCall initiatedCall(String callId, String leadId, Instant at) {
        return VoiceCall.builder().callId(callId).leadId(leadId).brokerId("demo").provider("fake")
                .status(CallStatus.INITIATED).unconfirmed(true).createdAt(at).updatedAt(at).build();
    }

    /** A repository whose every method throws, as one whose database is down. */
    static CallRepository repositoryThatThrows(String message) {
        return (CallRepository) Proxy.newProxyInstance(Fixtures.class.getClassLoader(),
                new Class<?>[] {CallRepository.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "BrokenRepository"
                                : method.invoke(new Object(), args);
                    }
                    throw new IllegalStateException(message);
                });
    }
}
