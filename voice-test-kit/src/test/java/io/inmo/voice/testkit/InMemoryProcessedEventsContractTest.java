package io.inmo.voice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.InMemoryProcessedEvents;
import io.inmo.voice.spi.ProcessedEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryProcessedEventsContractTest extends ProcessedEventsContract {

    @Override
    protected ProcessedEvents newStore() {
        return new InMemoryProcessedEvents();
    }

    @Test
    void should_forget_the_oldest_events_beyond_its_window() {
        // given
        InMemoryProcessedEvents window = new InMemoryProcessedEvents(2);

        // when
        window.add("fake", "e-1", "c", Instant.EPOCH);
        window.add("fake", "e-2", "c", Instant.EPOCH);
        window.add("fake", "e-3", "c", Instant.EPOCH);

        // then
        assertThat(window.contains("fake", "e-1")).isFalse();
        assertThat(window.contains("fake", "e-2")).isTrue();
        assertThat(window.contains("fake", "e-3")).isTrue();
        assertThatThrownBy(() -> new InMemoryProcessedEvents(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
