package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How far a campaign has got, from {@link CampaignDialer#progress(String)}.
 *
 * @param campaignId the campaign
 * @param state running, paused or canceled
 * @param total leads in the campaign
 * @param pending not dialed yet and not waiting for a window
 * @param waitingForWindow due while their calling window was closed; wait for its opening
 * @param dialing on a call that has not ended
 * @param retryScheduled to be called again later
 * @param doneByOutcome finished leads by the outcome of their last call (COMPLETED, and outcomes not retried)
 * @param exhausted finished after every attempt the retry policy allows
 * @param refusedByGuard refused by the {@link DialGuard}; never dialed
 * @param held time zone unknown; never dialed (see {@link CampaignDialer#leads(String, LeadState, int)})
 * @param canceled canceled with the campaign
 * @param eta the shortest time the open leads' next attempts can take at the pacing limits (each needs one
 *        dial at the account's full rate; windows, retries and other campaigns on the account make it longer);
 *        zero when nothing is open
 */
public record CampaignProgress(String campaignId, CampaignState state, long total, long pending,
                               long waitingForWindow, long dialing, long retryScheduled,
                               Map<CallStatus, Long> doneByOutcome, long exhausted, long refusedByGuard, long held,
                               long canceled, Duration eta) {

    /** Validates and copies. */
    public CampaignProgress {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(state, "state");
        doneByOutcome = Map.copyOf(doneByOutcome);
        Objects.requireNonNull(eta, "eta");
    }

    /** @return leads finished with an outcome (the sum of {@link #doneByOutcome()}) */
    public long done() {
        return doneByOutcome.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return leads that are in a final state */
    public long finished() {
        return done() + exhausted + refusedByGuard + held + canceled;
    }

    /** @return {@code true} when no lead is open: nothing more will be dialed */
    public boolean isFinished() {
        return finished() == total;
    }
}
