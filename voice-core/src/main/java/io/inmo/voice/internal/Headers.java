package io.inmo.voice.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Case-insensitive header access: HTTP header names are case-insensitive, host frameworks disagree on case. */
public final class Headers {

    private Headers() {
    }

    /**
     * @param headers headers in any case, may be {@code null}
     * @return an unmodifiable copy whose lookups ignore case; null names and values are dropped
     */
    public static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null && values != null) {
                    List<String> kept = values.stream().filter(v -> v != null).toList();
                    copy.merge(name, kept, (a, b) -> {
                        List<String> both = new java.util.ArrayList<>(a);
                        both.addAll(b);
                        return List.copyOf(both);
                    });
                }
            });
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * The first value {@link #caseInsensitiveCopy} would give for {@code name}: the first non-null value of the
     * names equal to {@code name} ignoring case, in the map's iteration order. Reads a map made by
     * {@link #caseInsensitiveCopy} with one lookup, any other map without copying it.
     *
     * @param headers headers in any case, may be {@code null}
     * @param name header name, any case
     * @return that value, or {@code null}
     */
    public static String first(Map<String, List<String>> headers, String name) {
        if (headers == null || name == null) {
            return null;
        }
        if (headers instanceof SortedMap<String, List<String>> sorted
                && sorted.comparator() == String.CASE_INSENSITIVE_ORDER) {
            return firstNonNull(sorted.get(name)); // one key per name ignoring case
        }
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String key = e.getKey();
            if (key != null && key.equalsIgnoreCase(name)) {
                String value = firstNonNull(e.getValue());
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static String firstNonNull(List<String> values) {
        if (values != null) {
            for (String v : values) {
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }
}
