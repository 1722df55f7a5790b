package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One lead of a campaign as a {@link CampaignStore} keeps it: where it stands and what happened to it. Updated
 * with compare-and-set on {@link #version()}. Read it with {@link CampaignDialer#lead(String, String)}.
 *
 * @param campaignId the campaign
 * @param seq the lead's position in the campaign (dial order among leads due at the same time)
 * @param lead the lead as given
 * @param zone the time zone its window is evaluated in (given, or resolved from the number); {@code null} when
 *        {@link LeadState#HELD held}
 * @param state where it stands
 * @param attempts calls placed so far
 * @param nextAttemptAt when it is due (for PENDING, WAITING_FOR_WINDOW and RETRY_SCHEDULED), else {@code null}
 * @param callId our id of its current or last call, or {@code null}
 * @param lastOutcome the final status of its last call, or {@code null}
 * @param reason why it is where it is (the provider's reason, the guard's, why it is held), or {@code null}
 * @param updatedAt when it last changed
 * @param version incremented by every stored change
 */
public record LeadRecord(String campaignId, long seq, CampaignLead lead, ZoneId zone, LeadState state, int attempts,
                         Instant nextAttemptAt, String callId, CallStatus lastOutcome, String reason,
                         Instant updatedAt, long version) {

    /** Validates required fields. */
    public LeadRecord {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (state.isDue() && nextAttemptAt == null) {
            throw new IllegalArgumentException("a " + state + " lead needs nextAttemptAt");
        }
        if (state != LeadState.HELD && zone == null) {
            throw new IllegalArgumentException("only a HELD lead may have no zone");
        }
        if (attempts < 0 || version < 0) {
            throw new IllegalArgumentException("attempts and version must not be negative");
        }
    }

    /** @return the lead id */
    public String leadId() {
        return lead.leadId();
    }

    /**
     * @param state new state
     * @param nextAttemptAt when due, or {@code null} for a state that is not due
     * @param at when the change happens
     * @return a copy in the new state (same version: the store sets it)
     */
    public LeadRecord moveTo(LeadState state, Instant nextAttemptAt, Instant at) {
        return new LeadRecord(campaignId, seq, lead, zone, state, attempts, nextAttemptAt, callId, lastOutcome,
                reason, at, version);
    }

    /** @param reason why @return a copy with this reason */
    public LeadRecord withReason(String reason) {
        return new LeadRecord(campaignId, seq, lead, zone, state, attempts, nextAttemptAt, callId, lastOutcome,
                reason, updatedAt, version);
    }

    /** @param callId the call placed @param attempts attempts made with it @return a copy with the call */
    public LeadRecord withCall(String callId, int attempts) {
        return new LeadRecord(campaignId, seq, lead, zone, state, attempts, nextAttemptAt, callId, lastOutcome,
                reason, updatedAt, version);
    }

    /** @param outcome final status of the last call @return a copy with it */
    public LeadRecord withOutcome(CallStatus outcome) {
        return new LeadRecord(campaignId, seq, lead, zone, state, attempts, nextAttemptAt, callId, outcome,
                reason, updatedAt, version);
    }

    /** @param version the stored version @return a copy with it (stores use this) */
    public LeadRecord withVersion(long version) {
        return new LeadRecord(campaignId, seq, lead, zone, state, attempts, nextAttemptAt, callId, lastOutcome,
                reason, updatedAt, version);
    }
}
