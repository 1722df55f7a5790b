package io.inmo.voice.internal;

import io.github.resilience4j.retry.Retry;
import io.inmo.voice.Sleeper;
import java.time.Duration;

/**
 * Runs an attempt under a resilience4j {@link Retry}, but waits with an injected {@link Sleeper}.
 * resilience4j's synchronous path sleeps through a static, process-wide function; its async context only
 * computes the wait, which lets each service and provider own its clock and sleeper (and tests run instantly).
 */
public final class Retrying {

    private Retrying() {
    }

    /** One attempt. */
    @FunctionalInterface
    public interface Attempt<T> {
        /** @return the result @throws Exception a failure, retried if the retry's predicate says so */
        T call() throws Exception;
    }

    /** Told about each wait before it starts (for observers). */
    @FunctionalInterface
    public interface BeforeWait {
        /**
         * @param wait how long the retry waits
         * @param failure the failure being retried
         */
        void beforeWait(Duration wait, Exception failure);
    }

    /**
     * @param retry the policy: which failures are retried, how many attempts, how long to wait
     * @param sleeper waits between attempts
     * @param attempt the work
     * @param <T> result type
     * @return the first successful result
     * @throws Exception the failure that was not retried, or the last one when attempts ran out
     */
    public static <T> T run(Retry retry, Sleeper sleeper, Attempt<T> attempt) throws Exception {
        return run(retry, sleeper, attempt, (wait, failure) -> { });
    }

    /**
     * @param retry the policy: which failures are retried, how many attempts, how long to wait
     * @param sleeper waits between attempts
     * @param attempt the work
     * @param beforeWait told about each wait before it starts
     * @param <T> result type
     * @return the first successful result
     * @throws Exception the failure that was not retried, or the last one when attempts ran out
     */
    public static <T> T run(Retry retry, Sleeper sleeper, Attempt<T> attempt, BeforeWait beforeWait)
            throws Exception {
        Retry.AsyncContext<T> context = retry.asyncContext();
        while (true) {
            try {
                T result = attempt.call();
                context.onComplete();
                return result;
            } catch (Exception e) {
                long waitMillis = context.onError(e);
                if (waitMillis < 0) {
                    throw e;
                }
                Duration wait = Duration.ofMillis(waitMillis);
                beforeWait.beforeWait(wait, e);
                sleeper.sleep(wait);
            }
        }
    }

    /**
     * Exponential backoff with jitter: {@code base * 2^(attempt-1)}, capped, times a factor in [0.75, 1.0)
     * so that clients that failed together do not retry together.
     *
     * @param attempt the attempt that just failed, from 1
     * @param base first wait
     * @param cap longest wait
     * @return the wait in milliseconds
     */
    public static long backoffMillis(int attempt, Duration base, Duration cap) {
        double raw = base.toMillis() * Math.pow(2, Math.max(0, attempt - 1));
        double capped = Math.min(raw, cap.toMillis());
        return (long) (capped * (0.75 + 0.25 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
    }
}
