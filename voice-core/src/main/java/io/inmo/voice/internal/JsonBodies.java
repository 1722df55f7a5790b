package io.inmo.voice.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for the JSON request bodies providers build as maps. */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * Merges {@code overlay} into {@code target}, as providers apply {@code MakeCallRequest.providerOptions()}:
     * maps merge key by key, recursively; every other value replaces. Nested maps are copied, never shared with
     * the caller's options, so the request stays immutable.
     *
     * @param target the body being built (modified)
     * @param overlay the values to merge in
     */
    @SuppressWarnings("unchecked")
    public static void deepMerge(Map<String, Object> target, Map<String, ?> overlay) {
        for (Map.Entry<String, ?> e : overlay.entrySet()) {
            Object existing = target.get(e.getKey());
            Object value = e.getValue();
            if (value instanceof Map) {
                Map<String, Object> merged = existing instanceof Map
                        ? new LinkedHashMap<>((Map<String, Object>) existing) : new LinkedHashMap<>();
                deepMerge(merged, (Map<String, ?>) value);
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), value);
            }
        }
    }
}
