package io.inmo.voice.spi;

import java.time.Instant;

/** {@link ProcessedEvents#none()}: remembers nothing. */
enum NoProcessedEvents implements ProcessedEvents {
    INSTANCE;

    @Override
    public boolean contains(String provider, String eventId) {
        return false;
    }

    @Override
    public void add(String provider, String eventId, String callId, Instant processedAt) {
        // nothing to remember
    }
}
