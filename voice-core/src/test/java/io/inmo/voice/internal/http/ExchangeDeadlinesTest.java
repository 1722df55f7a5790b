package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.Sleeper;
import io.inmo.voice.testing.ManualExecutor;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The body deadline on its own: a hand-driven clock, the watchdog's loop run on the test thread. */
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

    /** A subscription that counts its cancels. */
    private static final class Subscription implements Flow.Subscription {
        int cancels;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    private HttpResponse.BodySubscriber<byte[]> body(long deadline, Subscription subscription) {
        HttpResponse.BodySubscriber<byte[]> body = deadlines.bytesBy(deadline, TIMEOUT).apply(null);
        body.onSubscribe(subscription);
        return body;
    }

    @Test
    void should_fail_a_body_still_arriving_at_its_deadline_and_cancel_its_subscription() {
        // given a body whose headers came, and then one byte
        Subscription subscription = new Subscription();
        long deadline = nanos.get() + TIMEOUT.toNanos();
        HttpResponse.BodySubscriber<byte[]> body = body(deadline, subscription);
        body.onNext(List.of(ByteBuffer.wrap(new byte[] {'{'})));

        // when / then: not a nanosecond early, then failed once
        assertThat(deadlines.tick(deadline - 1)).isZero();
        assertThat(deadlines.tick(deadline)).isEqualTo(1);
        assertThat(deadlines.tick(deadline + 1)).isZero();
        CompletableFuture<byte[]> result = body.getBody().toCompletableFuture();
        assertThat(result).isCompletedExceptionally();
        try {
            result.get();
        } catch (ExecutionException | InterruptedException e) {
            assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class).hasMessageContaining("400 ms");
        }
        assertThat(subscription.cancels).isEqualTo(1);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_leave_a_body_that_arrived_in_time_alone() throws Exception {
        // given
        Subscription subscription = new Subscription();
        long deadline = nanos.get() + TIMEOUT.toNanos();
        HttpResponse.BodySubscriber<byte[]> body = body(deadline, subscription);

        // when it completes before its deadline
        body.onNext(List.of(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8))));
        body.onComplete();

        // then it is read, forgotten, and never cancelled
        assertThat(body.getBody().toCompletableFuture().get()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(deadlines.pending()).isZero();
        assertThat(deadlines.tick(deadline + 60_000 * MILLI)).isZero();
        assertThat(subscription.cancels).isZero();
    }

    @Test
    void should_pass_a_failed_body_on_and_forget_it() {
        // given
        HttpResponse.BodySubscriber<byte[]> body = body(nanos.get() + TIMEOUT.toNanos(), new Subscription());

        // when the connection breaks
        body.onError(new java.io.IOException("connection reset"));

        // then
        assertThat(body.getBody().toCompletableFuture()).isCompletedExceptionally();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void should_start_its_thread_with_the_first_body_fail_it_on_time_and_stop_a_minute_after_the_last() {
        // given a body that never arrives
        long started = nanos.get();
        Subscription subscription = new Subscription();
        body(started + TIMEOUT.toNanos(), subscription);
        body(started + TIMEOUT.toNanos(), new Subscription());
        assertThat(threads.submitted()).isEqualTo(1);

        // when the watchdog's loop runs
        threads.runAll();

        // then it failed the body at the tick of its deadline (400 ms), and stopped a minute after the last tick
        // that still saw it running (300 ms)
        assertThat(subscription.cancels).isEqualTo(1);
        assertThat(sleeps).allMatch(ExchangeDeadlines.PERIOD::equals);
        assertThat(Duration.ofNanos(nanos.get() - started)).isEqualTo(ExchangeDeadlines.IDLE_EXIT.plus(TIMEOUT)
                .minus(ExchangeDeadlines.PERIOD));

        // and the next body starts a new thread
        body(nanos.get() + TIMEOUT.toNanos(), new Subscription());
        assertThat(threads.submitted()).isEqualTo(2);
    }
}
