package io.inmo.voice.campaign;

import io.inmo.voice.VoiceException;

/** No campaign with this id was started in the store (HTTP 404). Nothing changed. */
public class CampaignNotFoundException extends VoiceException {

    private static final long serialVersionUID = 1L;

    /** @param campaignId the id asked for */
    public CampaignNotFoundException(String campaignId) {
        super(404, "campaign_not_found", "no campaign '" + campaignId + "' in the campaign store; start it with "
                + "CampaignDialer.start(campaign) first");
    }
}
