package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.Sleeper;
import io.inmo.voice.testing.ManualExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exchange deadline on its own: a hand-driven clock, the watchdog's loop run on the test thread. */
class ExchangeDeadlinesTest {

    private static final long MILLI = 1_000_000L;
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    private final AtomicLong nanos = new AtomicLong(1_000_000 * MILLI);
    private final ManualExecutor threads = new ManualExecutor();
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> { };
    private final Sleeper sleeper = duration -> {
        sleeps.add(duration);
        if (sleeps.size() > 10_000) {
            throw new AssertionError("the watchdog loop did not stop");
        }
        nanos.addAndGet(duration.toNanos());
        onSleep.run();
    };
    private final ExchangeDeadlines deadlines = new ExchangeDeadlines(nanos::get, sleeper, threads);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void should_interrupt_the_caller_at_the_deadline_once_and_say_so_when_it_finishes() {
        // given an exchange on this thread
        long started = nanos.get();
        ExchangeDeadlines.Exchange exchange = deadlines.start(TIMEOUT);

        // when / then: not a nanosecond early, then once
        assertThat(deadlines.tick(started + TIMEOUT.toNanos() - 1)).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(deadlines.tick(started + TIMEOUT.toNanos())).isEqualTo(1);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(deadlines.tick(started + 2 * TIMEOUT.toNanos())).isZero();

        // and finishing it reports the deadline and clears the interrupt, which was the watchdog's
        assertThat(deadlines.finish(exchange)).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_leave_an_exchange_that_finished_in_time_and_a_host_interrupt_alone() {
        // given
        ExchangeDeadlines.Exchange exchange = deadlines.start(TIMEOUT);
        Thread.currentThread().interrupt(); // the host's own

        // when
        boolean stoppedByDeadline = deadlines.finish(exchange);

        // then
        assertThat(stoppedByDeadline).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(deadlines.tick(nanos.get() + 60_000 * MILLI)).isZero();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_leave_a_host_interrupt_that_came_first_to_the_host() {
        // given a caller the host interrupted, whose exchange then reaches its deadline
        long started = nanos.get();
        ExchangeDeadlines.Exchange exchange = deadlines.start(TIMEOUT);
        Thread.currentThread().interrupt();
        deadlines.tick(started + TIMEOUT.toNanos());

        // when / then: reported as the host's interrupt, and its flag kept
        assertThat(deadlines.finish(exchange)).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void should_accept_a_timeout_too_large_to_count_in_nanoseconds() {
        // given a thousand years, capped at decades
        ExchangeDeadlines.Exchange exchange = deadlines.start(Duration.ofDays(365L * 1_000));

        // when / then
        assertThat(deadlines.tick(nanos.get() + Duration.ofDays(365L * 50).toNanos())).isZero();
        assertThat(deadlines.finish(exchange)).isFalse();
    }

    @Test
    void should_start_its_thread_with_the_first_exchange_stop_it_on_time_and_exit_a_minute_after_the_last() {
        // given an exchange that never answers
        long started = nanos.get();
        ExchangeDeadlines.Exchange exchange = deadlines.start(TIMEOUT);
        deadlines.finish(deadlines.start(TIMEOUT));
        assertThat(threads.submitted()).isEqualTo(1);

        // when the watchdog's loop runs
        threads.runAll();

        // then it stopped the exchange at the tick of its deadline (400 ms), and exited a minute after the last
        // tick that still saw it running (300 ms)
        assertThat(deadlines.finish(exchange)).isTrue();
        assertThat(sleeps).allMatch(ExchangeDeadlines.PERIOD::equals);
        assertThat(Duration.ofNanos(nanos.get() - started)).isEqualTo(ExchangeDeadlines.IDLE_EXIT.plus(TIMEOUT)
                .minus(ExchangeDeadlines.PERIOD));

        // and the next exchange starts a new thread
        deadlines.finish(deadlines.start(TIMEOUT));
        assertThat(threads.submitted()).isEqualTo(2);
    }
}
