package io.inmo.voice;

import io.inmo.voice.internal.Observers;
import io.inmo.voice.spi.CallRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes calls whose webhooks did not come, by asking their provider and applying the answer through the same
 * {@link CallStateMachine} as a webhook (as a {@link CallObservation}, never as an invented webhook). It never
 * dials. Three kinds of call, all quiet for the given period:
 * <ul>
 *   <li>a live call with a provider call id: fetched, and moved forward or ended by what the provider says;</li>
 *   <li>a live call without one (the creation request's outcome was unknown): looked up at the provider by our
 *       call id ({@link io.inmo.voice.spi.VoiceProvider#findCall}); a call found is adopted and settled, and only
 *       a provider that answers it has no such call makes it FAILED;</li>
 *   <li>a call that ended by a status update but never got its end report: fetched for its transcript,
 *       recording and duration, and its summary made due, with what is known if the provider has nothing more.</li>
 * </ul>
 * A provider that cannot be reached leaves the call for the next run.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);
    private static final int BATCH = 500;
    /** How far before our record's creation a provider's creation time may lie (clocks differ). */
    static final Duration LOOKUP_BEFORE = Duration.ofMinutes(2);
    /** How far after it: the request's own time, retries included, and clock differences. */
    static final Duration LOOKUP_AFTER = Duration.ofMinutes(10);

    private final CallRepository repository;
    private final VoiceProviderFactory providers;
    private final CallWriter writer;
    private final VoiceObserver observer;

    Reconciler(CallRepository repository, VoiceProviderFactory providers, CallWriter writer, VoiceObserver observer) {
        this.repository = repository;
        this.providers = providers;
        this.writer = writer;
        this.observer = observer;
    }

    /** @return how many calls changed */
    int reconcile(Duration quietFor) {
        long started = System.nanoTime();
        Instant quietSince = writer.now().minus(quietFor);
        List<VoiceCall> live = repository.findActiveUpdatedBefore(quietSince, BATCH);
        List<VoiceCall> unreported = repository.findEndedWithoutReport(quietSince, BATCH);
        int changed = 0;
        for (VoiceCall call : live) {
            changed += settle(call, () -> call.externalCallId() == null ? lookUp(call, quietFor) : fetch(call));
        }
        for (VoiceCall call : unreported) {
            changed += settle(call, () -> finish(call));
        }
        observer.reconcileFinished(live.size() + unreported.size(), changed, Observers.since(started));
        return changed;
    }

    /** @return 1 when what was learned changed the call, 0 otherwise (also when the provider could not answer) */
    private int settle(VoiceCall call, Supplier<Optional<CallObservation>> learn) {
        try (MdcScope ignored = MdcScope.of(call)) {
            Optional<CallObservation> learned = learn.get();
            return learned.isPresent() && writer.observe(call, learned.get()).version() != call.version() ? 1 : 0;
        } catch (RuntimeException e) {
            FailureLog.failed(log, "could not reconcile call " + call.callId() + " (" + call.provider()
                    + "); it is left for the next run", e, null);
            return 0;
        }
    }

    private Optional<CallObservation> fetch(VoiceCall call) {
        ResolvedProvider resolved = resolve(call);
        Optional<CallSnapshot> snapshot = resolved.provider().fetchCall(call.externalCallId(),
                resolved.config().withObserver(observer));
        if (snapshot.isEmpty()) {
            return Optional.of(CallObservation.status(null, CallStatus.FAILED,
                    call.provider() + " does not know call " + call.externalCallId()));
        }
        return Optional.of(CallObservation.of(snapshot.get()));
    }

    /** An unconfirmed call: did the provider place it? Only its definite "no" makes the call FAILED. */
    private Optional<CallObservation> lookUp(VoiceCall call, Duration quietFor) {
        ResolvedProvider resolved = resolve(call);
        String unknown = "no provider call id and no webhook for " + quietFor.toSeconds() + " s after the call was "
                + "requested";
        CallLookup lookup = new CallLookup(call.callId(), call.createdAt().minus(LOOKUP_BEFORE),
                call.createdAt().plus(LOOKUP_AFTER));
        Optional<CallSnapshot> found;
        try {
            found = resolved.provider().findCall(lookup, resolved.config().withObserver(observer));
        } catch (UnsupportedOperationException cannotSearch) {
            log.warn("{} cannot look calls up; call {} stayed unconfirmed for {} s and is marked FAILED",
                    call.provider(), call.callId(), quietFor.toSeconds());
            return Optional.of(CallObservation.status(null, CallStatus.FAILED, unknown + "; the request's outcome "
                    + "is unknown and " + call.provider() + " cannot look calls up"));
        }
        if (found.isEmpty()) {
            log.info("{} lists no call carrying call id {}; it was not placed", call.provider(), call.callId());
            return Optional.of(CallObservation.status(null, CallStatus.FAILED, unknown + ", and " + call.provider()
                    + " lists no call carrying this call id: it was not placed"));
        }
        log.info("{} placed unconfirmed call {} as {}; adopting it", call.provider(), call.callId(),
                found.get().externalCallId());
        return Optional.of(CallObservation.placed(found.get()));
    }

    /** A call that ended by a status update and never got its report: the report's details, and the summary. */
    private Optional<CallObservation> finish(VoiceCall call) {
        ResolvedProvider resolved = resolve(call);
        Optional<CallSnapshot> snapshot = resolved.provider().fetchCall(call.externalCallId(),
                resolved.config().withObserver(observer));
        return Optional.of(snapshot.map(CallObservation::report).orElseGet(CallObservation::endedWithWhatIsKnown));
    }

    /** The broker's provider, which must still be the one that placed the call. */
    private ResolvedProvider resolve(VoiceCall call) {
        ResolvedProvider resolved = providers.forBrokerUnchecked(call.brokerId());
        if (!resolved.provider().id().equals(call.provider())) {
            throw new ProviderUnavailableException(call.provider(), "broker " + call.brokerId() + " now uses "
                    + resolved.provider().id() + ", not " + call.provider() + "; cannot look the call up");
        }
        return resolved;
    }
}
