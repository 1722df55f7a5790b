package io.inmo.voice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Argument checks shared by the value records; every failure is an {@link InvalidRequestException}. */
final class Checks {

    private Checks() {
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(name + " is required and must not be blank");
        }
        return value;
    }

    /** Longest id the SDK accepts from a host: fits any database index (PostgreSQL's btree limit is ~2.7 KB). */
    static final int MAX_ID_LENGTH = 255;

    /**
     * A host's identifier (lead, broker): non-blank, at most {@value #MAX_ID_LENGTH} characters, no control
     * characters. Checked at the edge so that a shared store never meets a value it can't index or store
     * (PostgreSQL refuses U+0000) and answers with a 5xx for what is really a bad request.
     */
    static String requireId(String value, String name) {
        requireText(value, name);
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidRequestException(name + " must be at most " + MAX_ID_LENGTH + " characters, got "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidRequestException(name + " must not contain control characters (found U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at index " + i + ")");
            }
        }
        return value;
    }

    /** An immutable, order-preserving copy that rejects null keys and values with a message naming the map. */
    static <V> Map<String, V> copyOf(Map<String, V> map, String name) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new InvalidRequestException(name + " must not contain null keys or values (key: " + k + ")");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }
}
