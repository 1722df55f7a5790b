package io.inmo.voice;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.internal.Retrying;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The entry point: places calls to leads and follows them to the end.
 *
 * <pre>{@code
 * VoiceCallService calls = VoiceCallService.builder()
 *         .brokerConfigs(brokerId -> brokers.voiceConfigOf(brokerId))   // Optional<ProviderConfig>
 *         .summaryHook(call -> CallSummary.of(llm.summarize(call.transcript())))
 *         .listener(activity -> activityLog.record(activity))
 *         .build();
 *
 * VoiceCall call = calls.initiate(CallTarget.of("lead-42", "broker-7", "+14155550123"));
 *
 * // in the webhook endpoint, with the raw bytes the provider sent:
 * WebhookEvent event = normalizer.normalize("vapi", headers, body);
 * calls.handle(event);
 * }</pre>
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>{@link #initiate} validates the number (400) and resolves the broker's provider (503) before anything
 *       is stored, refuses a second active call per lead (409), stores the call {@code INITIATED} before
 *       dialing and never dials twice (an unknown outcome leaves the call {@code INITIATED} and
 *       {@link VoiceCall#unconfirmed() unconfirmed} for a webhook to settle);</li>
 *   <li>{@link #handle} moves statuses forward only, with compare-and-set on {@link VoiceCall#version()},
 *       so duplicate, late and concurrent webhooks give the same final call;</li>
 *   <li>the {@link SummaryHook} runs on the {@link Builder#executor executor}, never on the caller's thread,
 *       once per ended call, retried with backoff, and {@link #resumePendingSummaries()} finishes what a
 *       crash left behind.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the executor the service created (not one passed in).
 */
public final class VoiceCallService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);
    private static final int MAX_CAS_ATTEMPTS = 1_000;
    private static final int RESUME_BATCH = 500;

    private final CallRepository repository;
    private final VoiceProviderFactory providers;
    private final SummaryHook summaryHook;
    private final CallListener listener;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int summaryMaxAttempts;
    private final Duration summaryBackoff;
    private final Duration summaryClaimTimeout;
    private final Supplier<String> callIds;

    private VoiceCallService(Builder b) {
        this.repository = b.repository != null ? b.repository : new InMemoryCallRepository();
        VoiceProviderFactory factory = b.providerFactory != null ? b.providerFactory : VoiceProviderFactory.discover();
        this.providers = b.brokerConfigs != null ? factory.withBrokerConfigs(b.brokerConfigs) : factory;
        this.summaryHook = b.summaryHook;
        this.listener = b.listener;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newFixedThreadPool(2, daemonThreads());
            this.executor = ownedExecutor;
        }
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.summaryMaxAttempts = b.summaryMaxAttempts;
        this.summaryBackoff = b.summaryBackoff;
        this.summaryClaimTimeout = b.summaryClaimTimeout;
        this.callIds = b.callIds;
    }

    /** @return a builder; every setting has a default except the broker configurations */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Places a call to a lead.
     *
     * @param target who to call and for which broker
     * @return the stored call: {@code QUEUED} with the provider's call id, or {@code INITIATED} and
     *         {@link VoiceCall#unconfirmed() unconfirmed} when the provider's answer was lost (the call may be
     *         live; a webhook settles it; do not initiate again)
     * @throws InvalidPhoneNumberException the number is not E.164 or the provider refused it (400); for the
     *         former nothing is stored
     * @throws ProviderUnavailableException no provider configured for the broker, its jar missing (nothing
     *         stored), or the provider unreachable or refusing our credentials (the call is stored FAILED) (503)
     * @throws CallInProgressException the lead already has an active call (409)
     * @throws ProviderRejectedException the provider refused the request (the call is stored FAILED)
     */
    public VoiceCall initiate(CallTarget target) {
        return initiate(target, CallOptions.NONE);
    }

    /**
     * Places a call to a lead, with per-call metadata and provider options. Same guarantees and errors as
     * {@link #initiate(CallTarget)}.
     *
     * @param target who to call and for which broker
     * @param options metadata for the provider's call record and options merged into its request body
     * @return the stored call
     */
    public VoiceCall initiate(CallTarget target, CallOptions options) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        String phoneNumber = PhoneNumbers.requireE164(target.phoneNumber());
        ResolvedProvider resolved = providers.forBroker(target.brokerId());
        VoiceProvider provider = resolved.provider();
        Instant now = clock.instant();
        VoiceCall call = VoiceCall.builder()
                .callId(callIds.get())
                .leadId(target.leadId())
                .brokerId(target.brokerId())
                .provider(provider.id())
                .metadata(options.metadataFor(target))
                .createdAt(now)
                .updatedAt(now)
                .build();
        try (MdcScope ignored = MdcScope.of(call)) {
            repository.insert(call);
            log.info("initiating call to {} for lead {} via {}", PhoneNumbers.mask(phoneNumber), call.leadId(),
                    provider.id());
            report(new CallActivity(CallActivity.Type.INITIATED, call, call.status(), null, now));
            MakeCallRequest request = MakeCallRequest.builder()
                    .callId(call.callId())
                    .phoneNumber(phoneNumber)
                    .customerName(target.customerName())
                    .variables(target.variables())
                    .metadata(options.metadata())
                    .providerOptions(options.providerOptions())
                    .metadata("leadId", target.leadId())
                    .metadata("brokerId", target.brokerId())
                    .build();
            PlacedCall placed;
            try {
                placed = provider.makeCall(request, resolved.config());
            } catch (CallOutcomeUnknownException e) {
                log.warn("call outcome unknown, not re-dialing; waiting for a webhook to settle it: {}",
                        e.getMessage());
                return markUnconfirmed(call.callId(), e);
            } catch (RuntimeException e) {
                log.error("call could not be placed: {}", e.getMessage(), e);
                markInitiationFailed(call.callId(), e);
                throw e;
            }
            return markPlaced(call.callId(), placed);
        }
    }

    /**
     * Applies a normalized webhook to its call.
     *
     * @param event the event from {@link io.inmo.voice.webhook.WebhookNormalizer}
     * @return the call after the event (unchanged for duplicates and late events), or empty when the event
     *         is {@link WebhookEvent.Type#IGNORED} or matches no stored call (logged, nothing stored)
     */
    public Optional<VoiceCall> handle(WebhookEvent event) {
        Objects.requireNonNull(event, "event");
        if (event.type() == WebhookEvent.Type.IGNORED) {
            return Optional.empty();
        }
        Optional<VoiceCall> found = locate(event);
        if (found.isEmpty()) {
            log.warn("{} webhook {} for unknown call (external id {}, call id {}); nothing stored",
                    event.provider(), event.eventId(), event.externalCallId(), event.callId());
            return Optional.empty();
        }
        return Optional.of(apply(found.get(), event));
    }

    /** Applies an event to a call through the state machine, with compare-and-set; reports and schedules. */
    private VoiceCall apply(VoiceCall call, WebhookEvent event) {
        VoiceCall current = call;
        try (MdcScope ignored = MdcScope.of(current)) {
            for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
                CallStateMachine.Transition t = CallStateMachine.apply(current, event, clock.instant());
                if (!t.changes()) {
                    log.debug("{} event {} changes nothing (status {}, event {})", event.type(), event.eventId(),
                            current.status(), event.status());
                    return current;
                }
                if (repository.compareAndSet(current.version(), t.updated())) {
                    log.info("call {} -> {} ({})", current.status(), t.updated().status(), event.type());
                    if (t.updated().status() == CallStatus.FAILED && current.status() != CallStatus.FAILED) {
                        log.warn("call {} failed: {}", current.callId(), t.updated().providerReason());
                    }
                    t.activities().forEach(this::report);
                    if (t.updated().summaryState() == SummaryState.PENDING) {
                        scheduleSummary(t.updated().callId());
                    }
                    return t.updated();
                }
                current = reread(current.callId());
            }
            throw new IllegalStateException("call " + current.callId() + " kept changing; gave up applying "
                    + event.eventId());
        }
    }

    /**
     * Settles calls whose webhooks did not come, by asking their provider ({@link VoiceProvider#fetchCall}) and
     * applying the answer through the same state machine as a webhook. Run it periodically (every few minutes)
     * with a threshold longer than a normal gap between webhooks; it never dials.
     * <ul>
     *   <li>A call with a provider call id that has not changed for {@code quietFor} is fetched: an outcome ends
     *       it (with the provider's transcript and reason, and its summary becomes due), a later status moves
     *       it forward, a call the provider does not know is marked FAILED.</li>
     *   <li>A call without a provider call id (the request's outcome was unknown, or the process stopped while
     *       dialing) cannot be looked up: after {@code quietFor} without any webhook it is marked FAILED, which
     *       frees the lead. A webhook arriving later still adds its transcript.</li>
     * </ul>
     * A provider that cannot be reached leaves the call as it is, for the next run.
     *
     * @param quietFor how long a call must have gone unchanged to be checked
     * @return how many calls changed
     */
    public int reconcile(Duration quietFor) {
        Objects.requireNonNull(quietFor, "quietFor");
        Instant now = clock.instant();
        int changed = 0;
        for (VoiceCall call : repository.findActiveUpdatedBefore(now.minus(quietFor), RESUME_BATCH)) {
            try (MdcScope ignored = MdcScope.of(call)) {
                Optional<WebhookEvent> settle = call.externalCallId() == null
                        ? Optional.of(reconciliationFailure(call, "no provider call id and no webhook for "
                                + quietFor.toSeconds() + " s after the call was requested; the request's outcome "
                                + "is unknown"))
                        : fetchSettlement(call);
                if (settle.isPresent() && apply(call, settle.get()).version() != call.version()) {
                    changed++;
                }
            } catch (RuntimeException e) {
                log.warn("could not reconcile call {} ({}); it is left for the next run: {}", call.callId(),
                        call.provider(), e.getMessage());
            }
        }
        return changed;
    }

    private Optional<WebhookEvent> fetchSettlement(VoiceCall call) {
        ResolvedProvider resolved = providers.forBroker(call.brokerId());
        if (!resolved.provider().id().equals(call.provider())) {
            throw new ProviderUnavailableException(call.provider(), "broker " + call.brokerId() + " now uses "
                    + resolved.provider().id() + ", not " + call.provider() + "; cannot look the call up");
        }
        Optional<CallSnapshot> snapshot = resolved.provider().fetchCall(call.externalCallId(), resolved.config());
        if (snapshot.isEmpty()) {
            return Optional.of(reconciliationFailure(call, call.provider() + " does not know call "
                    + call.externalCallId()));
        }
        CallSnapshot s = snapshot.get();
        WebhookEvent.Builder event = WebhookEvent.builder()
                .provider(call.provider())
                .eventId("reconcile:" + call.callId() + ":" + s.status())
                .externalCallId(call.externalCallId())
                .callId(call.callId())
                .status(s.status())
                .providerStatus(s.providerStatus())
                .providerReason(s.providerReason());
        if (!s.status().isTerminal()) {
            return Optional.of(event.type(WebhookEvent.Type.STATUS_UPDATE).build());
        }
        return Optional.of(event.type(WebhookEvent.Type.CALL_ENDED).occurredAt(s.endedAt())
                .transcript(s.transcript()).recordingUrl(s.recordingUrl()).duration(s.duration()).cost(s.cost())
                .summary(s.summary()).build());
    }

    private static WebhookEvent reconciliationFailure(VoiceCall call, String reason) {
        return WebhookEvent.builder().provider(call.provider()).type(WebhookEvent.Type.STATUS_UPDATE)
                .eventId("reconcile:" + call.callId() + ":FAILED").callId(call.callId())
                .status(CallStatus.FAILED).providerReason(reason).build();
    }

    /**
     * @param callId our call id
     * @return the stored call
     */
    public Optional<VoiceCall> find(String callId) {
        return repository.findById(callId);
    }

    /**
     * Schedules the summary of every call whose summary is due: {@code PENDING}, or {@code RUNNING} for longer
     * than the claim timeout (the worker that claimed it stopped). Call it at startup, with a service over
     * the same repository as the one that stopped, and periodically if you like; it is safe to run while
     * webhooks arrive.
     *
     * @return how many summaries were scheduled
     */
    public int resumePendingSummaries() {
        Instant staleBefore = clock.instant().minus(summaryClaimTimeout);
        List<VoiceCall> due = repository.findSummariesDue(staleBefore, RESUME_BATCH);
        due.forEach(call -> scheduleSummary(call.callId()));
        if (!due.isEmpty()) {
            log.info("resumed {} pending summaries", due.size());
        }
        return due.size();
    }

    /**
     * Stops the executor this service created, waiting briefly for running summaries. Summaries that did not
     * finish stay due in the repository for {@link #resumePendingSummaries()}. An executor passed to the
     * builder is the host's to stop.
     */
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

    // ---- initiation outcomes ----

    private VoiceCall markPlaced(String callId, PlacedCall placed) {
        // A webhook may have moved the call already (it carries our callId): never move it back.
        return update(callId, current -> {
            VoiceCall.Builder next = current.toBuilder();
            boolean changed = false;
            if (current.externalCallId() == null) {
                next.externalCallId(placed.externalCallId());
                changed = true;
            }
            if (CallStateMachine.rank(placed.status()) > CallStateMachine.rank(current.status())
                    && !current.isTerminal()) {
                next.status(placed.status());
                changed = true;
            }
            return changed ? next : null;
        }, (before, after) -> {
            if (after.status() != before.status()) {
                report(new CallActivity(CallActivity.Type.STATUS_CHANGED, after, before.status(), null,
                        after.updatedAt()));
            }
        });
    }

    private VoiceCall markUnconfirmed(String callId, CallOutcomeUnknownException e) {
        return update(callId, current -> current.status() == CallStatus.INITIATED && current.externalCallId() == null
                        ? current.toBuilder().unconfirmed(true).providerReason(e.getMessage())
                        : null,
                (before, after) -> report(new CallActivity(CallActivity.Type.INITIATION_UNCONFIRMED, after,
                        before.status(), e.getMessage(), after.updatedAt())));
    }

    private void markInitiationFailed(String callId, RuntimeException e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        update(callId, current -> current.status() == CallStatus.INITIATED
                        ? current.toBuilder().status(CallStatus.FAILED).providerReason(reason)
                                .endedAt(clock.instant())
                        : null,
                (before, after) -> report(new CallActivity(CallActivity.Type.INITIATION_FAILED, after,
                        before.status(), reason, after.updatedAt())));
    }

    // ---- summaries ----

    private void scheduleSummary(String callId) {
        try {
            executor.execute(() -> runSummary(callId));
        } catch (RejectedExecutionException e) {
            log.warn("summary of call {} not scheduled (executor stopped); it stays due for "
                    + "resumePendingSummaries()", callId);
        }
    }

    /** Claims the summary, runs the hook with retries, stores the outcome. Never throws. */
    private void runSummary(String callId) {
        try (MdcScope ignored = MdcScope.of(callId, null)) {
            Optional<VoiceCall> claimed = claimSummary(callId);
            if (claimed.isEmpty()) {
                return; // done, failed, or claimed by another worker
            }
            VoiceCall call = claimed.get();
            AtomicInteger attempts = new AtomicInteger();
            try {
                CallSummary summary = Retrying.run(summaryRetry(callId), sleeper, () -> {
                    attempts.incrementAndGet();
                    return summaryHook.summarize(call);
                });
                String text = summary != null && summary.text() != null ? summary.text() : call.summary();
                update(callId, current -> current.toBuilder().summary(text).summaryState(SummaryState.DONE)
                                .summaryError(null).summaryAttempts(current.summaryAttempts() + attempts.get() - 1),
                        (before, after) -> report(new CallActivity(CallActivity.Type.SUMMARY_READY, after,
                                after.status(), null, after.updatedAt())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("summary of call {} interrupted; it stays due for resumePendingSummaries()", callId);
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                log.error("summary hook failed {} time(s) for call {}; giving up", attempts.get(), callId, e);
                update(callId, current -> current.toBuilder().summaryState(SummaryState.FAILED).summaryError(error)
                                .summaryAttempts(current.summaryAttempts() + attempts.get() - 1),
                        (before, after) -> report(new CallActivity(CallActivity.Type.SUMMARY_FAILED, after,
                                after.status(), error, after.updatedAt())));
            }
        } catch (RuntimeException | Error e) {
            log.error("summary worker for call {} stopped; it stays due for resumePendingSummaries()", callId, e);
        }
    }

    /** PENDING (or RUNNING past the claim timeout) -> RUNNING, so exactly one worker runs the hook. */
    private Optional<VoiceCall> claimSummary(String callId) {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            Optional<VoiceCall> stored = repository.findById(callId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            VoiceCall current = stored.get();
            Instant now = clock.instant();
            boolean claimable = current.summaryState() == SummaryState.PENDING
                    || current.summaryState() == SummaryState.RUNNING
                    && !current.updatedAt().isAfter(now.minus(summaryClaimTimeout));
            if (!claimable) {
                return Optional.empty();
            }
            VoiceCall running = current.toBuilder().summaryState(SummaryState.RUNNING)
                    .summaryAttempts(current.summaryAttempts() + 1).version(current.version() + 1).updatedAt(now)
                    .build();
            if (repository.compareAndSet(current.version(), running)) {
                return Optional.of(running);
            }
        }
        return Optional.empty();
    }

    private Retry summaryRetry(String callId) {
        return Retry.of("summary-" + callId, RetryConfig.custom()
                .maxAttempts(summaryMaxAttempts)
                .retryOnException(e -> !(e instanceof InterruptedException))
                .intervalBiFunction((attempt, outcome) -> Retrying.backoffMillis(attempt, summaryBackoff,
                        summaryBackoff.multipliedBy(16)))
                .build());
    }

    // ---- shared plumbing ----

    /** Reports a stored change: the call before it and after it. */
    @FunctionalInterface
    private interface OnStored {
        void accept(VoiceCall before, VoiceCall after);
    }

    /**
     * Compare-and-set loop: re-reads and re-applies {@code change} until it is stored or no longer applies
     * ({@code change} returns {@code null} to leave the call as it is).
     *
     * @return the call as stored afterwards
     */
    private VoiceCall update(String callId, Function<VoiceCall, VoiceCall.Builder> change,
                             OnStored onStored) {
        VoiceCall current = reread(callId);
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            VoiceCall.Builder next = change.apply(current);
            if (next == null) {
                return current;
            }
            VoiceCall updated = next.version(current.version() + 1).updatedAt(clock.instant()).build();
            if (repository.compareAndSet(current.version(), updated)) {
                onStored.accept(current, updated);
                return updated;
            }
            current = reread(callId);
        }
        throw new IllegalStateException("call " + callId + " kept changing; gave up updating it");
    }

    private VoiceCall reread(String callId) {
        return repository.findById(callId)
                .orElseThrow(() -> new IllegalStateException("call " + callId + " disappeared from the repository"));
    }

    /** Our callId first (it is in the provider's metadata, even before makeCall returned), then the provider id. */
    private Optional<VoiceCall> locate(WebhookEvent event) {
        Optional<VoiceCall> byCallId = repository.findById(event.callId());
        if (byCallId.isPresent()) {
            if (byCallId.get().provider().equals(event.provider())) {
                return byCallId;
            }
            log.warn("{} webhook names call {} which was placed with {}; ignoring the call id", event.provider(),
                    event.callId(), byCallId.get().provider());
        }
        return repository.findByExternalId(event.provider(), event.externalCallId());
    }

    private void report(CallActivity activity) {
        try {
            listener.onActivity(activity);
        } catch (RuntimeException e) {
            log.warn("CallListener failed on {} of call {}; the call is unaffected", activity.type(),
                    activity.call().callId(), e);
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

    /** Puts {@code callId} and {@code provider} in the MDC for the duration of a step, then restores it. */
    private static final class MdcScope implements AutoCloseable {
        private final String previousCallId;
        private final String previousProvider;

        private MdcScope(String callId, String provider) {
            previousCallId = MDC.get("callId");
            previousProvider = MDC.get("provider");
            put("callId", callId);
            put("provider", provider != null ? provider : previousProvider);
        }

        static MdcScope of(VoiceCall call) {
            return new MdcScope(call.callId(), call.provider());
        }

        static MdcScope of(String callId, String provider) {
            return new MdcScope(callId, provider);
        }

        @Override
        public void close() {
            put("callId", previousCallId);
            put("provider", previousProvider);
        }

        private static void put(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }

    /** Builder for {@link VoiceCallService}. Not thread-safe; the service it builds is. */
    public static final class Builder {
        private CallRepository repository;
        private BrokerConfigSource brokerConfigs;
        private VoiceProviderFactory providerFactory;
        private SummaryHook summaryHook = SummaryHook.providerSummary();
        private CallListener listener = CallListener.noop();
        private Executor executor;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private int summaryMaxAttempts = 3;
        private Duration summaryBackoff = Duration.ofSeconds(2);
        private Duration summaryClaimTimeout = Duration.ofMinutes(10);
        private Supplier<String> callIds = () -> UUID.randomUUID().toString();

        private Builder() {
        }

        /** @param repository where calls are stored; default a new {@link InMemoryCallRepository} @return this */
        public Builder repository(CallRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /**
         * @param brokerConfigs which provider, with which credentials, each broker uses (usually backed by the
         *        host's database); overrides the factory's own source
         * @return this builder
         */
        public Builder brokerConfigs(BrokerConfigSource brokerConfigs) {
            this.brokerConfigs = Objects.requireNonNull(brokerConfigs, "brokerConfigs");
            return this;
        }

        /** @param providerFactory the providers; default {@link VoiceProviderFactory#discover()} @return this */
        public Builder providerFactory(VoiceProviderFactory providerFactory) {
            this.providerFactory = Objects.requireNonNull(providerFactory, "providerFactory");
            return this;
        }

        /** @param summaryHook the post-call step; default keeps the provider's summary @return this builder */
        public Builder summaryHook(SummaryHook summaryHook) {
            this.summaryHook = Objects.requireNonNull(summaryHook, "summaryHook");
            return this;
        }

        /** @param listener receives every activity; default ignores them @return this builder */
        public Builder listener(CallListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param executor runs summary hooks; default a pool of two daemon threads that {@link #close()} stops
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** @param clock time of stored changes and claims; default UTC system clock @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param sleeper waits between summary attempts; tests pass one that records @return this builder */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @param attempts how many times the summary hook is tried, at least 1; default 3 @return this */
        public Builder summaryMaxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("summaryMaxAttempts must be at least 1, was " + attempts);
            }
            this.summaryMaxAttempts = attempts;
            return this;
        }

        /** @param backoff first wait between summary attempts, doubled each time; default 2 s @return this */
        public Builder summaryBackoff(Duration backoff) {
            this.summaryBackoff = requirePositive(backoff, "summaryBackoff");
            return this;
        }

        /**
         * @param timeout how long a running summary may go without finishing before
         *        {@link #resumePendingSummaries()} takes it over; longer than your slowest hook; default 10 min
         * @return this builder
         */
        public Builder summaryClaimTimeout(Duration timeout) {
            this.summaryClaimTimeout = requirePositive(timeout, "summaryClaimTimeout");
            return this;
        }

        /** @param callIds generates our call ids; default random UUIDs @return this builder */
        public Builder callIds(Supplier<String> callIds) {
            this.callIds = Objects.requireNonNull(callIds, "callIds");
            return this;
        }

        /** @return the service */
        public VoiceCallService build() {
            return new VoiceCallService(this);
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
