package io.inmo.voice;

import io.inmo.voice.internal.Observers;
import io.inmo.voice.spi.CallRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles calls whose webhooks did not come, by asking their provider and applying the answer through the same
 * {@link CallStateMachine} as a webhook (as a {@link CallObservation}, never as an invented webhook). It never
 * dials. See {@link VoiceCallService#reconcile(Duration)} for what it does to each kind of call.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);
    private static final int BATCH = 500;

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
        Instant now = writer.now();
        int changed = 0;
        List<VoiceCall> quiet = repository.findActiveUpdatedBefore(now.minus(quietFor), BATCH);
        for (VoiceCall call : quiet) {
            try (MdcScope ignored = MdcScope.of(call)) {
                Optional<CallObservation> settle = call.externalCallId() == null
                        ? Optional.of(CallObservation.status(null, CallStatus.FAILED, "no provider call id and no "
                                + "webhook for " + quietFor.toSeconds() + " s after the call was requested; the "
                                + "request's outcome is unknown"))
                        : fetch(call);
                if (settle.isPresent() && writer.observe(call, settle.get()).version() != call.version()) {
                    changed++;
                }
            } catch (RuntimeException e) {
                log.warn("could not reconcile call {} ({}); it is left for the next run: {}", call.callId(),
                        call.provider(), e.getMessage());
            }
        }
        observer.reconcileFinished(quiet.size(), changed, Observers.since(started));
        return changed;
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

    /** The broker's provider, which must still be the one that placed the call. */
    private ResolvedProvider resolve(VoiceCall call) {
        ResolvedProvider resolved = providers.forBroker(call.brokerId());
        if (!resolved.provider().id().equals(call.provider())) {
            throw new ProviderUnavailableException(call.provider(), "broker " + call.brokerId() + " now uses "
                    + resolved.provider().id() + ", not " + call.provider() + "; cannot look the call up");
        }
        return resolved;
    }
}
