package io.inmo.voice.examples;

import io.inmo.voice.VoiceCallService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SDK asks every host to run besides answering requests: {@link VoiceCallService#resumePendingSummaries()}
 * once at start (summaries a crash left due; the repository is the outbox) and
 * {@link VoiceCallService#reconcile(Duration)} on a schedule (calls whose webhooks were lost). One daemon thread;
 * a failing run is logged and the schedule goes on.
 */
final class Maintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final VoiceCallService calls;
    private final Duration every;
    private final Duration quietFor;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-maintenance");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param calls the service to maintain
     * @param every how often to reconcile; {@link Duration#ZERO} for never
     * @param quietFor how long a call must have been quiet to be looked up
     */
    Maintenance(VoiceCallService calls, Duration every, Duration quietFor) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.every = Objects.requireNonNull(every, "every");
        this.quietFor = Objects.requireNonNull(quietFor, "quietFor");
    }

    /** Resumes due summaries now and starts the reconciliation schedule. */
    void start() {
        thread.execute(() -> guarded("resume pending summaries", calls::resumePendingSummaries));
        if (!every.isZero()) {
            thread.scheduleWithFixedDelay(() -> guarded("reconcile", () -> calls.reconcile(quietFor)),
                    every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void guarded(String job, IntSupplier work) {
        try {
            int n = work.getAsInt();
            if (n > 0) {
                log.info("{}: {} call(s)", job, n);
            }
        } catch (RuntimeException e) {
            log.warn("{} failed; retried on the next run: {}", job, e.toString());
        }
    }

    /** Stops the schedule (a run in progress is interrupted). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
