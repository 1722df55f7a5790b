package io.inmo.voice;

/**
 * What a provider answers when it accepted a call.
 *
 * @param externalCallId the provider's call id (required)
 * @param status the status it reported, usually {@link CallStatus#QUEUED}
 * @param providerStatus the provider's raw status string, or {@code null}
 */
public record PlacedCall(String externalCallId, CallStatus status, String providerStatus) {

    /** Validates the id and status. */
    public PlacedCall {
        externalCallId = Checks.requireText(externalCallId, "externalCallId");
        if (status == null || status == CallStatus.UNKNOWN || status == CallStatus.INITIATED) {
            status = CallStatus.QUEUED;
        }
    }

    /**
     * A call the provider queued.
     *
     * @param externalCallId the provider's call id
     * @return the placed call with status QUEUED
     */
    public static PlacedCall queued(String externalCallId) {
        return new PlacedCall(externalCallId, CallStatus.QUEUED, null);
    }
}
