package io.inmo.voice.vapi;

import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.internal.JsonBodies;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds VAPI's {@code POST /call} body: {@code assistantId}, {@code phoneNumberId},
 * {@code customer{number, name}} (the name cut to VAPI's 40-character limit),
 * {@code assistantOverrides.variableValues} (the request's variables), {@code assistantOverrides.metadata} (the
 * request's metadata plus our call id under {@code callId}, which VAPI echoes in every webhook),
 * {@code assistantOverrides.server.url} when a server URL is configured, and the request's provider options
 * deep-merged on top (our {@code callId} always wins).
 */
final class VapiRequests {

    /** Key of our call id in {@code assistantOverrides.metadata}. */
    static final String METADATA_CALL_ID = "callId";
    /** VAPI's limit on {@code customer.name}. */
    static final int MAX_CUSTOMER_NAME = 40;

    private VapiRequests() {
    }

    /**
     * @param request what to dial
     * @param settings the broker's assistant, calling number and, when set, the server URL for webhooks
     * @return the body, every map in it a fresh {@code LinkedHashMap}
     */
    static Map<String, Object> callBody(MakeCallRequest request, VapiSettings settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistantId", settings.assistantId());
        body.put("phoneNumberId", settings.phoneNumberId());
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("number", request.phoneNumber());
        if (request.customerName() != null && !request.customerName().isBlank()) {
            customer.put("name", cut(request.customerName().strip(), MAX_CUSTOMER_NAME));
        }
        body.put("customer", customer);
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (!request.variables().isEmpty()) {
            overrides.put("variableValues", new LinkedHashMap<>(request.variables()));
        }
        Map<String, Object> metadata = new LinkedHashMap<>(request.metadata());
        metadata.put(METADATA_CALL_ID, request.callId());
        overrides.put("metadata", metadata);
        if (settings.serverUrl() != null) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("url", settings.serverUrl());
            overrides.put("server", server);
        }
        body.put("assistantOverrides", overrides);
        JsonBodies.deepMerge(body, request.providerOptions());
        // Correlation must survive whatever the options say: webhooks are matched on it.
        Map<String, Object> mergedOverrides = childMap(body, "assistantOverrides");
        childMap(mergedOverrides, "metadata").put(METADATA_CALL_ID, request.callId());
        return body;
    }

    /** @return the {@code Authorization} header VAPI expects */
    static Map<String, String> auth(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    /** Cuts to at most {@code max} UTF-16 units (VAPI counts JavaScript string length) without splitting a pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    /**
     * The map under {@code key}, changed in place: every map in a body {@link #callBody} builds is its own
     * {@code LinkedHashMap} ({@code deepMerge} copies the option maps it merges), so none is shared with the
     * caller. A value that is not a map (options may put one there) is replaced.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> childMap(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        Map<String, Object> child = new LinkedHashMap<>();
        parent.put(key, child);
        return child;
    }
}
