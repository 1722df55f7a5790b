package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceCall;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lead-side effects of a call's life: a call created for a claimed lead is attached to it (one attempt
 * used), a call that ended moves its lead to DONE, RETRY_SCHEDULED or EXHAUSTED by the retry policy. Every change
 * is a compare-and-set on the lead, and each is idempotent, so the listener, the dialer and reconciliation may
 * all report the same end without harm. Thread-safe.
 */
final class LeadOutcomes {

    private static final Logger log = LoggerFactory.getLogger(LeadOutcomes.class);
    private static final int MAX_CAS_ATTEMPTS = 100;

    private final CampaignStore store;
    private final Clock clock;
    private final RandomGenerator random;

    LeadOutcomes(CampaignStore store, Clock clock, RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    CampaignStore store() {
        return store;
    }

    /** Records the call just created for a claimed lead: its id, and one more attempt. */
    void attach(LeadRecord claimed, String callId) {
        update(claimed.campaignId(), claimed.leadId(), lead -> {
            // Attached already (the listener and the dialer both report it), or no longer this claim.
            if (lead.state() != LeadState.DIALING || lead.callId() != null || lead.version() != claimed.version()) {
                return null;
            }
            return lead.withCall(callId, lead.attempts() + 1).moveTo(LeadState.DIALING, null, clock.instant());
        });
    }

    /** Moves the lead of an ended call on, by the campaign's retry policy. No-op for other calls. */
    void settle(VoiceCall call) {
        if (!call.isTerminal()) {
            return;
        }
        for (int i = 0; i < MAX_CAS_ATTEMPTS; i++) {
            Optional<LeadRecord> found = store.leadByCallId(call.callId());
            if (found.isEmpty()) {
                return; // not a campaign call
            }
            LeadRecord lead = found.get();
            if (lead.state() != LeadState.DIALING || !call.callId().equals(lead.callId())) {
                return; // settled already
            }
            CampaignRecord campaign = store.campaign(lead.campaignId()).orElseThrow();
            LeadRecord next = decide(campaign, lead, call);
            if (store.compareAndSet(lead, next)) {
                log.info("campaign {} lead {}: call {} ended {} -> {}{}", lead.campaignId(), lead.leadId(),
                        call.callId(), call.status(), next.state(),
                        next.nextAttemptAt() == null ? "" : " at " + next.nextAttemptAt());
                return;
            }
        }
        log.warn("lead of call {} kept changing; its outcome is left for reconciliation", call.callId());
    }

    private LeadRecord decide(CampaignRecord campaign, LeadRecord lead, VoiceCall call) {
        Instant now = clock.instant();
        CallStatus outcome = call.status();
        RetryPolicy policy = campaign.retryPolicy();
        LeadRecord ended = lead.withOutcome(outcome).withReason(call.providerReason());
        if (campaign.state() == CampaignState.CANCELED) {
            return ended.moveTo(LeadState.DONE, null, now);
        }
        if (call.unconfirmed() && call.externalCallId() == null) {
            // The provider may have dialed although we never learned its call id: calling again could ring the
            // lead twice. Final, whatever the policy says.
            return ended.withReason("the call's placement had an unknown outcome; never re-dialed ("
                    + call.providerReason() + ")").moveTo(LeadState.DONE, null, now);
        }
        if (!policy.retries(outcome)) {
            return ended.moveTo(LeadState.DONE, null, now);
        }
        if (lead.attempts() >= policy.maxAttempts()) {
            return ended.moveTo(LeadState.EXHAUSTED, null, now);
        }
        Instant endedAt = call.endedAt() != null ? call.endedAt() : now;
        Instant next = policy.nextAttemptAt(lead.attempts(), endedAt, campaign.window(), lead.zone(), random);
        if (next == null) {
            return ended.withReason("the calling window never opens again").moveTo(LeadState.EXHAUSTED, null, now);
        }
        return ended.moveTo(LeadState.RETRY_SCHEDULED, next, now);
    }

    /**
     * Gives a claimed lead back without a call: due again at {@code at} in {@code state}, attempts unchanged. A
     * lead of a campaign canceled meanwhile is CANCELED instead, so that the campaign can finish.
     *
     * @return {@code true} if it was still claimed and is now released
     */
    boolean release(LeadRecord claimed, LeadState state, Instant at, String reason) {
        boolean canceled = store.campaign(claimed.campaignId()).map(c -> c.state() == CampaignState.CANCELED)
                .orElse(false);
        return update(claimed.campaignId(), claimed.leadId(), lead -> lead.state() != LeadState.DIALING
                || lead.callId() != null || lead.version() != claimed.version() ? null
                : canceled ? lead.withReason("campaign canceled").moveTo(LeadState.CANCELED, null, clock.instant())
                : lead.withReason(reason).moveTo(state, at, clock.instant()));
    }

    /**
     * The "dialing now" step right before a call is placed: one compare-and-set on the claim's version, so a
     * claim that was released (and perhaps claimed and dialed by another instance) meanwhile is never dialed.
     *
     * @return the lead as stored now, or empty when it changed since the claim
     */
    Optional<LeadRecord> markDialing(LeadRecord claimed, Instant now) {
        if (claimed.state() != LeadState.DIALING || claimed.callId() != null) {
            return Optional.empty();
        }
        LeadRecord next = claimed.moveTo(LeadState.DIALING, null, now);
        return store.compareAndSet(claimed, next) ? Optional.of(next.withVersion(claimed.version() + 1))
                : Optional.empty();
    }

    /**
     * An initiation that threw: one attempt is used (unless the call was attached, which counted it already);
     * a permanent refusal ends the lead DONE/FAILED, anything else follows the campaign's retry policy.
     *
     * @param dialing the lead as marked dialing
     * @return {@code true} if the lead moved
     */
    boolean initiationFailed(LeadRecord dialing, boolean permanent, String reason) {
        CampaignRecord campaign = store.campaign(dialing.campaignId()).orElse(null);
        if (campaign == null) {
            return false;
        }
        return update(dialing.campaignId(), dialing.leadId(), lead -> {
            if (lead.state() != LeadState.DIALING) {
                return null;
            }
            LeadRecord counted;
            if (lead.callId() == null && lead.version() == dialing.version()) {
                counted = lead.withCall(null, lead.attempts() + 1); // no call stored, or its INITIATED not seen
            } else if (lead.callId() != null && lead.version() == dialing.version() + 1) {
                counted = lead; // attached by the listener: the attempt is counted
            } else {
                return null; // no longer this dial
            }
            Instant now = clock.instant();
            LeadRecord ended = counted.withOutcome(CallStatus.FAILED).withReason(reason);
            RetryPolicy policy = campaign.retryPolicy();
            if (permanent || campaign.state() == CampaignState.CANCELED || !policy.retries(CallStatus.FAILED)) {
                return ended.moveTo(LeadState.DONE, null, now);
            }
            if (counted.attempts() >= policy.maxAttempts()) {
                return ended.moveTo(LeadState.EXHAUSTED, null, now);
            }
            Instant next = policy.nextAttemptAt(counted.attempts(), now, campaign.window(), counted.zone(), random);
            return next == null ? ended.moveTo(LeadState.EXHAUSTED, null, now)
                    : ended.moveTo(LeadState.RETRY_SCHEDULED, next, now);
        });
    }

    /** Ends a claimed lead without a call (refused by the guard, a number the provider will never take). */
    boolean finish(LeadRecord claimed, LeadState state, CallStatus outcome, String reason) {
        return update(claimed.campaignId(), claimed.leadId(), lead -> lead.state() != LeadState.DIALING
                || lead.callId() != null || lead.version() != claimed.version() ? null
                : lead.withOutcome(outcome).withReason(reason).moveTo(state, null, clock.instant()));
    }

    /** Compare-and-set loop; {@code change} answers {@code null} when there is nothing (more) to do. */
    private boolean update(String campaignId, String leadId, UnaryOperator<LeadRecord> change) {
        for (int i = 0; i < MAX_CAS_ATTEMPTS; i++) {
            Optional<LeadRecord> current = store.lead(campaignId, leadId);
            if (current.isEmpty()) {
                return false;
            }
            LeadRecord next = change.apply(current.get());
            if (next == null) {
                return false;
            }
            if (store.compareAndSet(current.get(), next)) {
                return true;
            }
        }
        log.warn("campaign {} lead {} kept changing; gave up updating it", campaignId, leadId);
        return false;
    }
}
