package io.inmo.voice;

import java.time.Duration;

/**
 * Waits between retries. Injected so that retry tests run instantly and assert the waits they asked for.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * @param duration how long to wait
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** @return a sleeper that blocks the calling thread ({@link Thread#sleep(long)}) */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
