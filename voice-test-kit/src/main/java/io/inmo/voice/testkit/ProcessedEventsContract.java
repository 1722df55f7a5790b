package io.inmo.voice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.spi.ProcessedEvents;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ProcessedEvents} store promises, as tests: extend this class and return a fresh,
 * empty store from {@link #newStore()}.
 */
public abstract class ProcessedEventsContract {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00.123456Z");

    /** The store under test, fresh for each test. */
    protected ProcessedEvents store;

    /** @return a new store with no event recorded; called before every test */
    protected abstract ProcessedEvents newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void should_remember_an_added_event() {
        // when
        store.add("bland", "bland:c-1:ended:COMPLETED", "call-1", T0);

        // then
        assertThat(store.contains("bland", "bland:c-1:ended:COMPLETED")).isTrue();
        assertThat(store.contains("bland", "bland:c-1:status:RINGING")).isFalse();
    }

    @Test
    void should_key_events_by_provider_and_event_id() {
        // when
        store.add("vapi", "same-id", "call-1", T0);

        // then
        assertThat(store.contains("vapi", "same-id")).isTrue();
        assertThat(store.contains("bland", "same-id")).isFalse();
    }

    @Test
    void should_accept_the_same_event_twice() {
        // when
        store.add("fake", "e-1", "call-1", T0);
        store.add("fake", "e-1", "call-1", T0.plusSeconds(1));

        // then
        assertThat(store.contains("fake", "e-1")).isTrue();
    }

    @Test
    void should_keep_unicode_and_long_event_ids_apart() {
        // given
        String longId = "vapi:" + "x".repeat(2_000);

        // when
        store.add("vapi", longId, "call-1", T0);
        store.add("vapi", "evento-ñ-🏠", "call-2", T0);

        // then
        assertThat(store.contains("vapi", longId)).isTrue();
        assertThat(store.contains("vapi", longId + "y")).isFalse();
        assertThat(store.contains("vapi", "evento-ñ-🏠")).isTrue();
        assertThat(store.contains("vapi", "evento-n-🏠")).isFalse();
    }
}
