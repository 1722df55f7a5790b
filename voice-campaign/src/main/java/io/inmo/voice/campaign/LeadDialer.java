package io.inmo.voice.campaign;

import io.inmo.voice.CallInProgressException;
import io.inmo.voice.CallOptions;
import io.inmo.voice.CallTarget;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed lead, from claim to call, for {@link CampaignDialer#dispatchDue()}: whether it may still be dialed
 * (campaign running, claim fresh, window open, guard allows) with the clock read at each step, the "dialing now"
 * compare-and-set, the call, and what a failed call does to the lead. Thread-safe.
 */
final class LeadDialer {

    private static final Logger log = LoggerFactory.getLogger(CampaignDialer.class);

    private final VoiceCallService calls;
    private final CampaignStore store;
    private final Clock clock;
    private final DialGuard guard;
    private final DialerListener listener;
    private final LeadOutcomes outcomes;
    private final AtomicBoolean listenerMissingLogged = new AtomicBoolean();

    LeadDialer(VoiceCallService calls, CampaignStore store, Clock clock, DialGuard guard, DialerListener listener,
               LeadOutcomes outcomes) {
        this.calls = calls;
        this.store = store;
        this.clock = clock;
        this.guard = guard;
        this.listener = listener;
        this.outcomes = outcomes;
    }

    /** Best effort after a failure: due again now; if even this fails, {@link #reconcile} frees it later. */
    void releaseQuietly(CampaignRecord campaign, LeadRecord lead) {
        try {
            outcomes.release(lead, dueState(lead), clock.instant(), "dispatch failed; due again");
        } catch (RuntimeException e) {
            log.warn("campaign {} lead {}: could not give the lead back ({}); reconcile() will", campaign.id(),
                    lead.leadId(), e.toString());
        }
    }

    static LeadState dueState(LeadRecord lead) {
        return lead.attempts() == 0 ? LeadState.PENDING : LeadState.RETRY_SCHEDULED;
    }

    /**
     * Whether the claimed lead may still be dialed at {@code now}: its campaign still RUNNING, its claim not older
     * than the pacing window (the rate was counted at the claim time), its window open. When not, the lead is
     * released (or ended) here.
     */
    private boolean stillDialable(CampaignRecord campaign, LeadRecord lead, Instant now) {
        CampaignState state = store.campaign(campaign.id()).map(CampaignRecord::state).orElse(CampaignState.CANCELED);
        if (state != CampaignState.RUNNING) {
            // Paused: due again (the claim skips it until resumed). Canceled: release makes it CANCELED.
            outcomes.release(lead, dueState(lead), now, "campaign " + state.name().toLowerCase(Locale.ROOT));
            return false;
        }
        if (lead.updatedAt().plus(campaign.pacing().per()).isBefore(now)) {
            log.info("campaign {} lead {}: claimed at {}, more than the pacing window ({}) ago; due again",
                    campaign.id(), lead.leadId(), lead.updatedAt(), campaign.pacing().per());
            outcomes.release(lead, dueState(lead), now, "claim expired before the dial; due again");
            return false;
        }
        CallingWindow window = campaign.window();
        if (!window.isOpen(now, lead.zone())) {
            Optional<Instant> opening = window.nextOpening(now, lead.zone());
            if (opening.isEmpty()) {
                outcomes.finish(lead, LeadState.EXHAUSTED, lead.lastOutcome(), "the calling window never opens again");
            } else {
                outcomes.release(lead, LeadState.WAITING_FOR_WINDOW, opening.get(), lead.reason());
            }
            return false;
        }
        return true;
    }

    boolean dial(CampaignRecord campaign, LeadRecord lead) {
        // The clock is read for every lead: the guard, earlier dials and the provider's 429 waits all take time.
        if (!stillDialable(campaign, lead, clock.instant())) {
            return false;
        }
        LeadState dueAgain = dueState(lead);
        DialGuard.Decision decision;
        try {
            decision = Objects.requireNonNull(guard.check(campaign.id(), lead.lead()), "guard decision");
        } catch (RuntimeException e) {
            Instant later = clock.instant().plus(campaign.retryPolicy().callInProgressDelay());
            log.warn("campaign {} lead {}: dial guard failed ({}); not dialed, asked again at {}", campaign.id(),
                    lead.leadId(), e.toString(), later);
            outcomes.release(lead, dueAgain, later, "dial guard failed: " + e.getMessage());
            return false;
        }
        if (!decision.allowed()) {
            log.info("campaign {} lead {}: refused by the dial guard: {}", campaign.id(), lead.leadId(),
                    decision.reason());
            outcomes.finish(lead, LeadState.REFUSED, lead.lastOutcome(), decision.reason());
            return false;
        }
        // The guard took time, and the campaign may have been paused or canceled meanwhile: check again.
        Instant now = clock.instant();
        if (!stillDialable(campaign, lead, now)) {
            return false;
        }
        // "Dialing now": a compare-and-set on the claim's version. If another instance's reconcile released the
        // lead meanwhile (and maybe redialed it), this copy is stale and must not ring the lead a second time.
        Optional<LeadRecord> marked = outcomes.markDialing(lead, now);
        if (marked.isEmpty()) {
            log.info("campaign {} lead {}: changed since its claim (released elsewhere); not dialed", campaign.id(),
                    lead.leadId());
            return false;
        }
        LeadRecord dialing = marked.get();
        CampaignLead l = dialing.lead();
        listener.dialing(dialing);
        try {
            VoiceCall call = calls.initiate(new CallTarget(l.leadId(), campaign.brokerId(), l.phoneNumber(), l.name(),
                    l.variables()), CallOptions.builder().metadata("campaignId", campaign.id())
                    .metadata("campaignAttempt", Integer.toString(dialing.attempts() + 1)).build());
            checkListenerWired();
            outcomes.attach(dialing, call.callId()); // in case the service's listener is not this dialer's
            outcomes.settle(call);
            return true;
        } catch (CallInProgressException e) {
            Instant later = clock.instant().plus(campaign.retryPolicy().callInProgressDelay());
            log.info("campaign {} lead {} is on another call ({}); trying again at {}", campaign.id(), lead.leadId(),
                    e.activeCallId(), later);
            outcomes.release(dialing, dueAgain, later, "on a call from elsewhere (" + e.activeCallId() + ")");
            return false;
        } catch (RuntimeException e) {
            if (e instanceof ProviderRejectedException) {
                checkListenerWired(); // a rejection comes after the call was stored and reported INITIATED
            }
            afterFailedInitiate(campaign, dialing, e);
            return false;
        } finally {
            listener.dialing(null);
        }
    }

    private void checkListenerWired() {
        if (!listener.sawInitiated() && listenerMissingLogged.compareAndSet(false, true)) {
            log.error("the CampaignDialer's callListener() is not wired to the VoiceCallService it dials with: "
                    + "call ends reach the campaign only through reconcile(); pass campaigns.callListener() to "
                    + "VoiceCallService.builder().listener(...)");
        }
    }

    /**
     * A failed initiation uses an attempt, whether or not a call was stored: otherwise a lead the provider keeps
     * refusing (or a service without this dialer's listener) would be dialed forever. A refusal that will not
     * change (4xx other than 408/429, an invalid number) ends the lead; anything else follows the retry policy.
     */
    private void afterFailedInitiate(CampaignRecord campaign, LeadRecord dialing, RuntimeException e) {
        boolean permanent = isPermanent(e);
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        log.warn("campaign {} lead {}: no call placed ({}); {}", campaign.id(), dialing.leadId(), e.toString(),
                permanent ? "the provider refuses it for good, lead ended" : "retry policy applies");
        outcomes.initiationFailed(dialing, permanent, reason);
    }

    static boolean isPermanent(RuntimeException e) {
        if (e instanceof InvalidPhoneNumberException) {
            return true;
        }
        if (e instanceof ProviderRejectedException r) {
            int s = r.providerHttpStatus();
            return s >= 400 && s < 500 && s != 408 && s != 429;
        }
        return false;
    }
}
