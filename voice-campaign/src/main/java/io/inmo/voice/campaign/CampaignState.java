package io.inmo.voice.campaign;

/** Whether a campaign dials. */
public enum CampaignState {
    /** Due leads are dialed. */
    RUNNING,
    /** Nothing new is dialed; calls already live end normally and their outcomes are recorded. */
    PAUSED,
    /** Final: open leads were canceled; calls already live end normally and are not retried. */
    CANCELED
}
