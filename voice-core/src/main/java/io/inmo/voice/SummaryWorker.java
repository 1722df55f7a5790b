package io.inmo.voice;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.inmo.voice.CallStateMachine.Transition;
import io.inmo.voice.VoiceObserver.SummaryResult;
import io.inmo.voice.internal.Observers;
import io.inmo.voice.internal.Retrying;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.SummaryHook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link SummaryHook} once per ended call, off the caller's thread (rule 5 in docs/architecture.md):
 * claims the summary (PENDING, or RUNNING past the claim timeout, to RUNNING) so exactly one worker runs the
 * hook, retries it with backoff, stores the result (DONE) or gives up (FAILED, error kept). The repository is
 * the outbox: {@link #resume()} schedules what a crash or a stopped executor left behind.
 */
final class SummaryWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);
    private static final int RESUME_BATCH = 500;

    /** How the summary step is tuned; the builder's values. */
    record Settings(SummaryHook hook, Sleeper sleeper, int maxAttempts, Duration backoff, Duration claimTimeout) {
    }

    private final CallRepository repository;
    private final Settings settings;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final CallWriter writer;
    private final VoiceObserver observer;

    /**
     * @param writer stores claims and results (and schedules the summaries its changes make due here)
     * @param executor runs the hook; {@code null} for a pool of two daemon threads that {@link #close()} stops
     * @param observer told how each attempt ended
     */
    SummaryWorker(CallRepository repository, CallWriter writer, Settings settings, Executor executor,
                  VoiceObserver observer) {
        this.repository = repository;
        this.writer = writer;
        this.settings = settings;
        this.observer = observer;
        if (executor != null) {
            this.executor = executor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newFixedThreadPool(2, daemonThreads());
            this.executor = ownedExecutor;
        }
    }

    /** Runs the call's summary on the executor; when the executor refuses, it stays due for {@link #resume()}. */
    void schedule(String callId) {
        try {
            executor.execute(() -> run(callId));
        } catch (RejectedExecutionException e) {
            log.warn("summary of call {} not scheduled (executor stopped); it stays due for "
                    + "resumePendingSummaries()", callId);
        }
    }

    /** @return how many due summaries were scheduled */
    int resume() {
        Instant staleBefore = writer.now().minus(settings.claimTimeout());
        List<VoiceCall> due = repository.findSummariesDue(staleBefore, RESUME_BATCH);
        due.forEach(call -> schedule(call.callId()));
        if (!due.isEmpty()) {
            log.info("resumed {} pending summaries", due.size());
        }
        return due.size();
    }

    /** Claims the summary, runs the hook with retries, stores the outcome. Never throws. */
    private void run(String callId) {
        try (MdcScope ignored = MdcScope.of(callId, null)) {
            if (repository.findById(callId).isEmpty()) {
                return;
            }
            CallWriter.Result claim = writer.update(callId, this::claim);
            if (!claim.changed()) {
                return; // done, failed, or claimed by another worker
            }
            VoiceCall call = claim.call();
            AtomicInteger attempts = new AtomicInteger();
            AtomicLong attemptStarted = new AtomicLong();
            try {
                CallSummary summary = Retrying.run(retry(callId), settings.sleeper(), () -> {
                    attempts.incrementAndGet();
                    attemptStarted.set(System.nanoTime());
                    return settings.hook().summarize(call);
                }, (wait, failure) -> observer.summaryFinished(SummaryResult.RETRIED, attempts.get(),
                        Observers.since(attemptStarted.get())));
                observer.summaryFinished(SummaryResult.DONE, attempts.get(), Observers.since(attemptStarted.get()));
                String text = summary != null && summary.text() != null ? summary.text() : call.summary();
                finish(call, attempts.get(), SummaryState.DONE, text, null, CallActivity.Type.SUMMARY_READY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("summary of call {} interrupted; it stays due for resumePendingSummaries()", callId);
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                FailureLog.failed(log, "summary hook failed " + attempts.get() + " time(s) for call " + callId
                        + "; giving up", e, null);
                observer.summaryFinished(SummaryResult.FAILED, attempts.get(), Observers.since(attemptStarted.get()));
                finish(call, attempts.get(), SummaryState.FAILED, null, error, CallActivity.Type.SUMMARY_FAILED);
            }
        } catch (RuntimeException | Error e) {
            FailureLog.failed(log, "summary worker for call " + callId + " stopped; it stays due for "
                    + "resumePendingSummaries()", e, null);
        }
    }

    /**
     * Stores the hook's result, but only while this worker still holds its claim: a worker that was slower
     * than the claim timeout has been replaced by another (which bumped {@code summaryAttempts} when it
     * claimed), and its late result must not overwrite the one that took over.
     *
     * @param claimed the call as this worker claimed it
     * @param attempts hook runs in this claim
     * @param state DONE or FAILED
     * @param summary the new summary text (DONE), or {@code null} to keep the stored one
     * @param error the error to keep (FAILED), or {@code null}
     * @param activity the activity to report when stored
     */
    private void finish(VoiceCall claimed, int attempts, SummaryState state, String summary, String error,
                        CallActivity.Type activity) {
        CallWriter.Result result = writer.update(claimed.callId(), (current, now) -> {
            if (current.summaryState() != SummaryState.RUNNING
                    || current.summaryAttempts() != claimed.summaryAttempts()) {
                return Transition.NONE;
            }
            VoiceCall.Builder next = current.toBuilder().summaryState(state).summaryError(error)
                    .summaryAttempts(current.summaryAttempts() + attempts - 1);
            if (summary != null) {
                next.summary(summary);
            }
            return CallWriter.transition(current, next, now, (before, after) -> List.of(
                    new CallActivity(activity, after, after.status(), error, after.updatedAt())));
        });
        if (!result.changed()) {
            log.warn("summary result ({}) of call {} dropped: another worker took the claim over after the "
                    + "claim timeout", state, claimed.callId());
        }
    }

    /** PENDING (or RUNNING past the claim timeout) to RUNNING, so exactly one worker runs the hook. */
    private Transition claim(VoiceCall current, Instant now) {
        boolean claimable = current.summaryState() == SummaryState.PENDING
                || current.summaryState() == SummaryState.RUNNING
                && !current.updatedAt().isAfter(now.minus(settings.claimTimeout()));
        return !claimable ? Transition.NONE : CallWriter.transition(current, current.toBuilder()
                .summaryState(SummaryState.RUNNING).summaryAttempts(current.summaryAttempts() + 1), now,
                (before, after) -> List.of());
    }

    private Retry retry(String callId) {
        Duration backoff = settings.backoff();
        return Retry.of("summary-" + callId, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> !(e instanceof InterruptedException))
                .intervalBiFunction((attempt, outcome) -> Retrying.backoffMillis(attempt, backoff,
                        backoff.multipliedBy(16)))
                .build());
    }

    /** Stops the executor this worker created, waiting briefly for running summaries; not one passed in. */
    @Override
    public void close() {
        if (ownedExecutor == null) {
            return;
        }
        ownedExecutor.shutdown();
        try {
            if (!ownedExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                ownedExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownedExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "inmo-voice-summary-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
