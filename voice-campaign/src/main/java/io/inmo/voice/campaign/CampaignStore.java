package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where campaigns and their leads are kept, shared by every {@link CampaignDialer} instance. Implementations:
 * {@link InMemoryCampaignStore} (one process) and {@code JdbcCampaignStore} (PostgreSQL, several instances).
 *
 * <p>The one operation that makes several dialers safe is {@link #claim}: it must be atomic with respect to
 * every other claim of the same pacing account, across processes, so that no lead is claimed twice and the
 * account's limits are never exceeded. Every other change is a compare-and-set on {@link LeadRecord#version()}.
 * Thread-safe.
 */
public interface CampaignStore {

    /**
     * Stores a new campaign and its leads, all or nothing.
     *
     * @param campaign the campaign
     * @param leads its leads, versions 0
     * @throws CampaignExistsException a campaign with this id exists (nothing changed)
     */
    void create(CampaignRecord campaign, List<LeadRecord> leads);

    /** @param campaignId id @return the campaign, if stored */
    Optional<CampaignRecord> campaign(String campaignId);

    /** @return every RUNNING campaign */
    List<CampaignRecord> runningCampaigns();

    /**
     * @param campaignId id
     * @param expected the state it must be in
     * @param next the state to set
     * @return {@code true} if it was in {@code expected} and now is in {@code next}
     */
    boolean setState(String campaignId, CampaignState expected, CampaignState next);

    /**
     * Claims due leads of one campaign for dialing, within the pacing account's limits, atomically with respect
     * to every other claim on the same account. In one step:
     * <ol>
     *   <li>{@code live} = leads in DIALING of every campaign on the account; {@code recent} = dials recorded for
     *       the account after {@code now - per};</li>
     *   <li>{@code n = min(limit, maxConcurrent - live, maxCalls - recent)};</li>
     *   <li>picks up to {@code n} leads of the campaign, only if it is RUNNING, in a due state with
     *       {@code nextAttemptAt <= now}, ordered by {@code (nextAttemptAt, seq)}, skipping a lead whose number
     *       was dialed on the account after {@code now - minGapPerNumber} or is already picked;</li>
     *   <li>moves them to DIALING (callId cleared, nextAttemptAt cleared, version + 1), records one dial per lead
     *       at {@code now} for the rate, and {@code now} as each number's last dial.</li>
     * </ol>
     *
     * @param request what to claim and the limits
     * @return the claimed leads, as stored
     */
    List<LeadRecord> claim(ClaimRequest request);

    /**
     * @param expected the lead as read (its version is compared)
     * @param next the lead as it should be (its version is ignored; the store sets {@code expected.version + 1})
     * @return {@code true} if the stored version was {@code expected.version()} and {@code next} is now stored
     */
    boolean compareAndSet(LeadRecord expected, LeadRecord next);

    /** @param campaignId campaign @param leadId lead @return the lead, if stored */
    Optional<LeadRecord> lead(String campaignId, String leadId);

    /** @param callId our call id @return the lead whose current or last call it is, if any */
    Optional<LeadRecord> leadByCallId(String callId);

    /**
     * @param campaignId campaign
     * @param state a state
     * @param limit most to return
     * @return leads of the campaign in that state, by {@code seq}
     */
    List<LeadRecord> leads(String campaignId, LeadState state, int limit);

    /**
     * @param updatedBefore a time
     * @param limit most to return
     * @return DIALING leads (any campaign) that have not changed since before that time, oldest first
     */
    default List<LeadRecord> dialingUpdatedBefore(Instant updatedBefore, int limit) {
        return dialingUpdatedBefore(updatedBefore, null, limit);
    }

    /**
     * One page of the DIALING leads (any campaign) that have not changed since before a time, ordered by
     * {@code (updatedAt, campaignId, leadId)}.
     *
     * @param updatedBefore a time
     * @param after the last lead of the previous page (only its updatedAt, campaignId and leadId are used), or
     *        {@code null} for the first page
     * @param limit most to return
     * @return the leads after {@code after} in that order
     */
    List<LeadRecord> dialingUpdatedBefore(Instant updatedBefore, LeadRecord after, int limit);

    /**
     * Moves every lead of the campaign in a due state to CANCELED.
     *
     * @param campaignId campaign
     * @param at when
     * @return how many leads were canceled
     */
    int cancelDueLeads(String campaignId, Instant at);

    /** @param campaignId campaign @return the campaign's leads counted by state and, for DONE, by outcome */
    Counts counts(String campaignId);

    /**
     * What {@link #claim} claims and within which limits.
     *
     * @param campaignId the campaign whose leads are claimed
     * @param account the pacing account whose limits apply
     * @param now the claim time (and the dial time recorded for the rate)
     * @param maxConcurrent live calls of the account at most
     * @param maxCalls dials of the account in any {@code per}
     * @param per the rate window
     * @param minGapPerNumber least time between dials of one number on the account
     * @param limit most leads to claim
     */
    record ClaimRequest(String campaignId, String account, Instant now, int maxConcurrent, int maxCalls,
                        Duration per, Duration minGapPerNumber, int limit) {

        /** Validates. */
        public ClaimRequest {
            Objects.requireNonNull(campaignId, "campaignId");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(per, "per");
            Objects.requireNonNull(minGapPerNumber, "minGapPerNumber");
            if (maxConcurrent < 1 || maxCalls < 1 || limit < 1) {
                throw new IllegalArgumentException("maxConcurrent, maxCalls and limit must be at least 1");
            }
        }
    }

    /**
     * A campaign's leads counted.
     *
     * @param byState leads per state (states with none may be absent)
     * @param doneByOutcome DONE leads per last outcome
     * @param exhaustedByOutcome EXHAUSTED leads per last outcome
     */
    record Counts(Map<LeadState, Long> byState, Map<CallStatus, Long> doneByOutcome,
                  Map<CallStatus, Long> exhaustedByOutcome) {

        /** Copies. */
        public Counts {
            byState = Map.copyOf(byState);
            doneByOutcome = Map.copyOf(doneByOutcome);
            exhaustedByOutcome = Map.copyOf(exhaustedByOutcome);
        }

        /** @param state a state @return leads in it */
        public long of(LeadState state) {
            return byState.getOrDefault(state, 0L);
        }
    }
}
