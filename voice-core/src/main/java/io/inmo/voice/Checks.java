package io.inmo.voice;

import io.inmo.voice.internal.Ids;
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

    /** A host's identifier (lead, broker): the rule of {@link Ids}. */
    static String requireId(String value, String name) {
        String problem = Ids.problem(value, name);
        if (problem != null) {
            throw new InvalidRequestException(problem);
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
