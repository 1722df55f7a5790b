package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Stopping the background work waits for a running reconciliation, within a bound. */
class VoiceBackgroundTasksShutdownTest {

    @Test
    void should_wait_for_the_running_task_to_end_before_returning() throws Exception {
        // given a task running on the background executor, that ends when interrupted
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        executor.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                cleanedUp.set(true); // e.g. the last store write of a reconciliation
            }
        });
        started.await();

        // when
        boolean terminated = VoiceBackgroundTasks.shutdown(executor, VoiceBackgroundTasks.SHUTDOWN_TIMEOUT);

        // then
        assertThat(terminated).isTrue();
        assertThat(executor.isTerminated()).isTrue();
        assertThat(cleanedUp).isTrue();
    }

    @Test
    void should_give_up_after_the_bound_when_the_task_ignores_the_interrupt() throws Exception {
        // given a task that does not answer interrupts
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        executor.execute(() -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keeps running, as a blocking JDBC call may
                }
            }
        });
        started.await();

        // when
        boolean terminated = VoiceBackgroundTasks.shutdown(executor, Duration.ofMillis(50));

        // then it returns (logged at WARN) instead of blocking the application's shutdown
        assertThat(terminated).isFalse();
        release.countDown();
    }

    @Test
    void should_use_a_ten_second_bound() {
        assertThat(VoiceBackgroundTasks.SHUTDOWN_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
    }
}
