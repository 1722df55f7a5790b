package io.inmo.voice.spring;

import io.inmo.voice.VoiceCallService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The service's background work, on a thread of its own (never the host's scheduler, and no
 * {@code @EnableScheduling} switched on for the whole application):
 * <ul>
 *   <li>at startup, {@link VoiceCallService#resumePendingSummaries()} hands the summaries a crash left due to the
 *       service's executor;</li>
 *   <li>every {@code inmo.voice.reconcile.interval}, {@link VoiceCallService#reconcile(Duration)} settles calls
 *       quiet for {@code inmo.voice.reconcile.quiet-for} (when {@code inmo.voice.reconcile.enabled}).</li>
 * </ul>
 * Stopped with the application context, before the service is closed: {@link #stop()} interrupts a running
 * reconciliation and waits for it up to 10 s (WARN when it did not end).
 */
final class VoiceBackgroundTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VoiceBackgroundTasks.class);
    /** How long {@link #stop()} waits for a running reconciliation. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final VoiceCallService calls;
    private final boolean reconcile;
    private final Duration interval;
    private final Duration quietFor;
    private volatile ScheduledExecutorService scheduler;

    VoiceBackgroundTasks(VoiceCallService calls, VoiceProperties.Reconcile properties) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.reconcile = properties.isEnabled();
        this.interval = requirePositive(properties.getInterval(), "inmo.voice.reconcile.interval");
        this.quietFor = requirePositive(properties.getQuietFor(), "inmo.voice.reconcile.quiet-for");
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "inmo-voice-reconcile");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
        // Resuming only schedules the due summaries on the service's executor: quick, done before serving.
        try {
            int resumed = calls.resumePendingSummaries();
            if (resumed > 0) {
                log.info("resumed {} summaries left pending by a previous run", resumed);
            }
        } catch (RuntimeException e) {
            log.error("could not resume pending summaries; they stay due for the next start", e);
        }
        if (reconcile) {
            executor.scheduleWithFixedDelay(this::reconcileOnce, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            log.info("reconciling calls quiet for {} every {}", quietFor, interval);
        }
    }

    /** One reconciliation run; never throws, so the schedule goes on. */
    void reconcileOnce() {
        try {
            int changed = calls.reconcile(quietFor);
            if (changed > 0) {
                log.info("reconciliation settled {} calls", changed);
            }
        } catch (RuntimeException e) {
            log.warn("reconciliation run failed; retrying in {}", interval, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            shutdown(scheduler, SHUTDOWN_TIMEOUT);
            scheduler = null;
        }
    }

    /**
     * Interrupts the running task and waits for it, at most {@code timeout}: the service and its DataSource are
     * closed right after the lifecycle stops, and a reconciliation still writing would fail half-way.
     *
     * @return whether the executor terminated in time
     */
    static boolean shutdown(ExecutorService executor, Duration timeout) {
        executor.shutdownNow();
        try {
            if (executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            log.warn("the inmo-voice background task did not stop within {}; closing the service anyway", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while waiting for the inmo-voice background task to stop");
        }
        return false;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** @return whether reconciliation is scheduled */
    boolean reconciling() {
        return reconcile && isRunning();
    }

    Duration interval() {
        return interval;
    }

    Duration quietFor() {
        return quietFor;
    }

    private static Duration requirePositive(Duration d, String property) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalStateException(property + " must be a positive duration, was " + d);
        }
        return d;
    }
}
