package io.inmo.voice;

import org.slf4j.MDC;

/**
 * Puts {@code callId} and {@code provider} in the MDC for the duration of a step, then restores what was there
 * (rule 7 in docs/architecture.md: every log line about a call names it).
 */
final class MdcScope implements AutoCloseable {

    private final String previousCallId;
    private final String previousProvider;

    private MdcScope(String callId, String provider) {
        previousCallId = MDC.get("callId");
        previousProvider = MDC.get("provider");
        put("callId", callId);
        put("provider", provider != null ? provider : previousProvider);
    }

    /** @return a scope naming the call and its provider */
    static MdcScope of(VoiceCall call) {
        return new MdcScope(call.callId(), call.provider());
    }

    /** @return a scope naming the call, and the provider when known ({@code null} keeps the current one) */
    static MdcScope of(String callId, String provider) {
        return new MdcScope(callId, provider);
    }

    @Override
    public void close() {
        put("callId", previousCallId);
        put("provider", previousProvider);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
