package io.inmo.voice.campaign;

import io.inmo.voice.InvalidRequestException;

/**
 * A campaign, lead, window, retry policy or pacing setting is invalid (HTTP 400). Nothing was stored and
 * nothing was dialed; the message says which value to fix.
 */
public class InvalidCampaignException extends InvalidRequestException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public InvalidCampaignException(String message) {
        super("invalid_campaign", message, null);
    }

    /** For the stores: the database refused the change as breaking a constraint ({@code cause}). */
    InvalidCampaignException(String message, Throwable cause) {
        super("invalid_campaign", message, cause);
    }
}
