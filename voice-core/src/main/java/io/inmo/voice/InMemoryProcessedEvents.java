package io.inmo.voice;

import io.inmo.voice.spi.ProcessedEvents;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link ProcessedEvents} in memory, for one instance: the most recent {@code capacity} event ids (oldest
 * forgotten first), so memory stays bounded. A replay older than the window is still harmless: the state machine
 * ignores what it has seen. Thread-safe.
 */
public final class InMemoryProcessedEvents implements ProcessedEvents {

    /** The window {@link #InMemoryProcessedEvents()} keeps. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Map<Key, Boolean> recent;

    /** A window of {@value #DEFAULT_CAPACITY} events. */
    public InMemoryProcessedEvents() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity how many event ids to remember, at least 1
     */
    public InMemoryProcessedEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized boolean contains(String provider, String eventId) {
        return recent.containsKey(new Key(provider, eventId));
    }

    @Override
    public synchronized void add(String provider, String eventId, String callId, Instant processedAt) {
        recent.putIfAbsent(new Key(Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(eventId, "eventId")), Boolean.TRUE);
    }

    private record Key(String provider, String eventId) {
    }
}
