package io.inmo.voice.campaign;

import java.time.Instant;
import java.util.Objects;

/**
 * A campaign as a {@link CampaignStore} keeps it: its settings (not its leads, which are
 * {@link LeadRecord}s) and whether it dials.
 *
 * @param id campaign id
 * @param brokerId the broker whose provider places the calls
 * @param window calling window
 * @param retryPolicy retry policy
 * @param pacing pacing, account always set
 * @param state running, paused or canceled
 * @param createdAt when it was started
 */
public record CampaignRecord(String id, String brokerId, CallingWindow window, RetryPolicy retryPolicy,
                             Pacing pacing, CampaignState state, Instant createdAt) {

    /** Validates required fields. */
    public CampaignRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(brokerId, "brokerId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(pacing.account(), "pacing.account");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * @param campaign the campaign's settings
     * @param createdAt when it starts
     * @return a running record for it
     */
    public static CampaignRecord of(Campaign campaign, Instant createdAt) {
        return new CampaignRecord(campaign.id(), campaign.brokerId(), campaign.window(), campaign.retryPolicy(),
                campaign.pacing(), CampaignState.RUNNING, createdAt);
    }

    /** @param state new state @return a copy in that state */
    public CampaignRecord withState(CampaignState state) {
        return new CampaignRecord(id, brokerId, window, retryPolicy, pacing, state, createdAt);
    }
}
