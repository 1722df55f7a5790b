package io.inmo.voice.campaign;

import io.inmo.voice.VoiceException;

/**
 * A campaign with this id was already started (HTTP 409). Nothing changed: the stored campaign and its leads
 * go on as they were (after a restart, simply keep calling {@link CampaignDialer#dispatchDue()}).
 */
public class CampaignExistsException extends VoiceException {

    private static final long serialVersionUID = 1L;

    /** @param campaignId the id that is taken */
    public CampaignExistsException(String campaignId) {
        super(409, "campaign_exists", "campaign '" + campaignId + "' already exists in the campaign store; use a "
                + "new id for a new campaign");
    }
}
