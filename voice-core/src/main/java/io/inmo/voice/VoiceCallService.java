package io.inmo.voice;

import io.inmo.voice.VoiceObserver.WebhookResult;
import io.inmo.voice.internal.Observers;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.ProcessedEvents;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>This class is the public front; the work is done by package-private collaborators: {@code CallInitiator}
 * (placing), {@code CallWriter} (every stored change, listener dispatch), {@code CallStateMachine} (the status
 * rules), {@code Reconciler} and {@code SummaryWorker}. docs/architecture.md says which does what.
 */
public final class VoiceCallService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);

    private final CallRepository repository;
    private final CallWriter writer;
    private final CallInitiator initiator;
    private final VoiceObserver observer;
    private final Reconciler reconciler;
    private final SummaryWorker summaries;
    private final ProcessedEvents processedEvents;

    private VoiceCallService(Builder b) {
        this.repository = b.repository != null ? b.repository : new InMemoryCallRepository();
        VoiceProviderFactory factory = b.providerFactory != null ? b.providerFactory : VoiceProviderFactory.discover();
        VoiceProviderFactory providers = b.brokerConfigs != null ? factory.withBrokerConfigs(b.brokerConfigs) : factory;
        this.observer = Observers.guard(b.observer);
        this.writer = new CallWriter(repository, b.clock, b.listener, this::scheduleSummary, observer);
        this.summaries = new SummaryWorker(repository, writer, new SummaryWorker.Settings(b.summaryHook, b.sleeper,
                b.summaryMaxAttempts, b.summaryBackoff, b.summaryClaimTimeout), b.executor, observer);
        this.initiator = new CallInitiator(repository, providers, writer, b.callIds, observer);
        this.reconciler = new Reconciler(repository, providers, writer, observer);
        this.processedEvents = b.processedEvents;
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
        return initiator.initiate(target, options);
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
        long started = System.nanoTime();
        Optional<CallObservation> observation = CallObservation.of(event);
        if (observation.isEmpty()) {
            observer.webhookFinished(event.provider(), WebhookResult.IGNORED, Observers.since(started));
            return Optional.empty();
        }
        Optional<VoiceCall> found = locate(event);
        if (found.isEmpty()) {
            log.warn("{} webhook {} for unknown call (external id {}, call id {}); nothing stored",
                    event.provider(), event.eventId(), event.externalCallId(), event.callId());
            observer.webhookFinished(event.provider(), WebhookResult.UNKNOWN_CALL, Observers.since(started));
            return Optional.empty();
        }
        try (MdcScope ignored = MdcScope.of(found.get())) {
            if (processedEvents.contains(event.provider(), event.eventId())) {
                log.debug("{} webhook {} was applied before; the replay changes nothing", event.provider(),
                        event.eventId());
                observer.webhookFinished(event.provider(), WebhookResult.DUPLICATE, Observers.since(started));
                return found;
            }
            CallWriter.Result result = writer.apply(found.get(), observation.get());
            // Recorded only once applied: an event whose processing failed is applied when the provider resends it.
            processedEvents.add(event.provider(), event.eventId(), result.call().callId(), writer.now());
            observer.webhookFinished(event.provider(), result.changed() ? WebhookResult.APPLIED
                    : WebhookResult.DUPLICATE, Observers.since(started));
            return Optional.of(result.call());
        }
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

    /**
     * Finishes calls whose webhooks did not come, by asking their provider and applying the answer through the
     * same state machine as a webhook. Run it periodically (every few minutes) with a threshold longer than a
     * normal gap between webhooks; it never dials. Calls that have not changed for {@code quietFor}:
     * <ul>
     *   <li>A live call with a provider call id is fetched ({@link VoiceProvider#fetchCall}): an outcome ends it
     *       (with the provider's transcript and reason, and its summary becomes due), a later status moves it
     *       forward, a call the provider does not know is marked FAILED.</li>
     *   <li>A call without a provider call id (the request's outcome was unknown, or the process stopped while
     *       dialing) is looked up by our call id among the provider's calls created around the time it was
     *       requested ({@link VoiceProvider#findCall}): a call found is adopted (its id stored, the call no longer
     *       unconfirmed) and settled like a fetched one; only when the provider answers that it has no such call
     *       is the call marked FAILED, which frees the lead. A provider that cannot search its calls gets the
     *       older rule: FAILED once the call has been unconfirmed for {@code quietFor}.</li>
     *   <li>A call that reached an outcome by a status update but never got its end-of-call report (the
     *       providers send them separately; either can be lost) is fetched for its transcript, recording and
     *       duration, and its summary becomes due; when the provider has nothing more, the summary runs with
     *       what is known.</li>
     * </ul>
     * A provider that cannot be reached leaves the call as it is, for the next run.
     *
     * @param quietFor how long a call must have gone unchanged to be checked
     * @return how many calls changed
     */
    public int reconcile(Duration quietFor) {
        Objects.requireNonNull(quietFor, "quietFor");
        return reconciler.reconcile(quietFor);
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
        return summaries.resume();
    }

    /**
     * Stops the executor this service created, waiting briefly for running summaries. Summaries that did not
     * finish stay due in the repository for {@link #resumePendingSummaries()}. An executor passed to the
     * builder is the host's to stop.
     */
    @Override
    public void close() {
        summaries.close();
    }

    private void scheduleSummary(String callId) {
        summaries.schedule(callId);
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
        private ProcessedEvents processedEvents = ProcessedEvents.none();
        private VoiceObserver observer = VoiceObserver.noop();

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

        /**
         * @param listener receives every activity; default ignores them. Several: {@link CallListener#composite}
         * @return this builder
         */
        public Builder listener(CallListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param observer told about initiations, provider requests and retry waits, handled webhooks, ended calls,
         *        summary attempts and reconciliation runs (for metrics: {@code MicrometerVoiceObserver} in
         *        voice-micrometer); give the same one to the {@link io.inmo.voice.webhook.WebhookNormalizer}, which
         *        reports the refused webhooks. One that throws is logged once and ignored. Several:
         *        {@link VoiceObserver#composite}. Default {@link VoiceObserver#noop()}
         * @return this builder
         */
        public Builder observer(VoiceObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
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

        /**
         * @param processedEvents remembers applied webhook events so a replay is a no-op by contract (hard
         *        deduplication); default {@link ProcessedEvents#none()}: the state machine alone makes replays
         *        harmless. Use {@link InMemoryProcessedEvents} on one instance, the JDBC store on several
         * @return this builder
         */
        public Builder processedEvents(ProcessedEvents processedEvents) {
            this.processedEvents = Objects.requireNonNull(processedEvents, "processedEvents");
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
