package io.inmo.voice;

import io.inmo.voice.CallStateMachine.Transition;
import io.inmo.voice.VoiceObserver.InitiationResult;
import io.inmo.voice.internal.Observers;
import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.VoiceProvider;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a call: validates the number, resolves the broker's provider, stores the call {@code INITIATED} before
 * dialing, asks the provider once and stores what came of it. Never dials twice (rule 1 in
 * docs/architecture.md): an unknown outcome leaves the call {@code INITIATED} and
 * {@link VoiceCall#unconfirmed() unconfirmed} for a webhook or reconciliation to settle.
 */
final class CallInitiator {

    private static final Logger log = LoggerFactory.getLogger(VoiceCallService.class);

    private final CallRepository repository;
    private final VoiceProviderFactory providers;
    private final CallWriter writer;
    private final Supplier<String> callIds;
    private final VoiceObserver observer;

    CallInitiator(CallRepository repository, VoiceProviderFactory providers, CallWriter writer,
                  Supplier<String> callIds, VoiceObserver observer) {
        this.repository = repository;
        this.providers = providers;
        this.writer = writer;
        this.callIds = callIds;
        this.observer = observer;
    }

    /** See {@link VoiceCallService#initiate(CallTarget, CallOptions)}. Reports how it ended to the observer. */
    VoiceCall initiate(CallTarget target, CallOptions options) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        long started = System.nanoTime();
        String phoneNumber;
        ResolvedProvider resolved;
        try {
            phoneNumber = PhoneNumbers.requireE164(target.phoneNumber());
            resolved = providers.forBroker(target.brokerId());
        } catch (RuntimeException e) {
            observer.initiationFinished(VoiceObserver.UNKNOWN_PROVIDER, Observers.initiationResult(e),
                    Observers.since(started));
            throw e;
        }
        String provider = resolved.provider().id();
        try {
            Placed placed = place(target, options, phoneNumber, resolved);
            observer.initiationFinished(provider, placed.result(), Observers.since(started));
            return placed.call();
        } catch (RuntimeException e) {
            observer.initiationFinished(provider, Observers.initiationResult(e), Observers.since(started));
            throw e;
        }
    }

    /** The stored call after {@link #place}, and how initiation ended for the observer. */
    private record Placed(VoiceCall call, InitiationResult result) {
    }

    private Placed place(CallTarget target, CallOptions options, String phoneNumber, ResolvedProvider resolved) {
        VoiceProvider provider = resolved.provider();
        Instant now = writer.now();
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
            writer.report(new CallActivity(CallActivity.Type.INITIATED, call, call.status(), null, now));
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
                placed = provider.makeCall(request, resolved.config().withObserver(observer));
            } catch (CallOutcomeUnknownException e) {
                log.warn("call outcome unknown, not re-dialing; waiting for a webhook to settle it: {}",
                        PhoneNumbers.maskIn(e.getMessage(), phoneNumber));
                return new Placed(markUnconfirmed(call.callId(), e), InitiationResult.UNCONFIRMED);
            } catch (RuntimeException e) {
                FailureLog.failed(log, "call to " + PhoneNumbers.mask(phoneNumber) + " could not be placed", e,
                        phoneNumber);
                markFailed(call.callId(), e);
                throw e;
            }
            return new Placed(markPlaced(call.callId(), placed), InitiationResult.PLACED);
        }
    }

    private VoiceCall markPlaced(String callId, PlacedCall placed) {
        // A webhook may have moved the call already (it carries our callId): never move it back.
        return writer.update(callId, (current, now) -> {
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
            return !changed ? Transition.NONE : CallWriter.transition(current, next, now,
                    (before, after) -> after.status() == before.status() ? List.of()
                            : List.of(new CallActivity(CallActivity.Type.STATUS_CHANGED, after, before.status(),
                                    null, after.updatedAt())));
        }).call();
    }

    private VoiceCall markUnconfirmed(String callId, CallOutcomeUnknownException e) {
        return writer.update(callId, (current, now) ->
                current.status() != CallStatus.INITIATED || current.externalCallId() != null ? Transition.NONE
                        : CallWriter.transition(current,
                                current.toBuilder().unconfirmed(true).providerReason(e.getMessage()), now,
                                (before, after) -> List.of(new CallActivity(CallActivity.Type.INITIATION_UNCONFIRMED,
                                        after, before.status(), e.getMessage(), after.updatedAt())))).call();
    }

    private void markFailed(String callId, RuntimeException e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        writer.update(callId, (current, now) -> current.status() != CallStatus.INITIATED ? Transition.NONE
                : CallWriter.transition(current, current.toBuilder().status(CallStatus.FAILED)
                                .providerReason(reason).endedAt(now), now,
                        (before, after) -> List.of(new CallActivity(CallActivity.Type.INITIATION_FAILED, after,
                                before.status(), reason, after.updatedAt()))));
    }
}
