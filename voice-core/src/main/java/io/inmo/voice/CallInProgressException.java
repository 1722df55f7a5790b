package io.inmo.voice;

import java.util.Objects;

/**
 * The lead already has a call that has not ended (HTTP 409). A lead gets one active call at a time:
 * this is what keeps a double click, a retried HTTP request or two campaigns from dialing a lead twice.
 */
public class CallInProgressException extends VoiceException {

    private static final long serialVersionUID = 1L;

    private final String leadId;
    private final String activeCallId;

    /**
     * @param leadId the lead
     * @param activeCallId the id of the call that is still active
     */
    public CallInProgressException(String leadId, String activeCallId) {
        super(409, "call_in_progress", "lead '" + leadId + "' already has an active call (" + activeCallId
                + "); wait until it ends before calling again");
        this.leadId = Objects.requireNonNull(leadId, "leadId");
        this.activeCallId = Objects.requireNonNull(activeCallId, "activeCallId");
    }

    /** @return the lead that is already on a call */
    public String leadId() {
        return leadId;
    }

    /** @return our id of the call that is still active */
    public String activeCallId() {
        return activeCallId;
    }
}
