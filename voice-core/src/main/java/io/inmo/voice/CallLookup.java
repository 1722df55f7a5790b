package io.inmo.voice;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link io.inmo.voice.spi.VoiceProvider#findCall} searches for: the provider's call that carries our
 * {@code callId} in its metadata, among the calls created in a time window. Reconciliation uses it for a call
 * whose creation request had an unknown outcome (no provider call id came back), to find out whether the
 * provider placed it.
 *
 * @param callId our call id, as sent in the provider's call metadata
 * @param createdFrom the earliest creation time to search (inclusive)
 * @param createdTo the latest creation time to search (inclusive)
 */
public record CallLookup(String callId, Instant createdFrom, Instant createdTo) {

    /** Validates the id and the window. */
    public CallLookup {
        callId = Checks.requireText(callId, "callId");
        Objects.requireNonNull(createdFrom, "createdFrom");
        Objects.requireNonNull(createdTo, "createdTo");
        if (createdTo.isBefore(createdFrom)) {
            throw new IllegalArgumentException("createdTo " + createdTo + " is before createdFrom " + createdFrom);
        }
    }

    /**
     * @param created when the provider says a call was created, or {@code null} when it does not say
     * @return whether that time lies in the window ({@code false} for {@code null})
     */
    public boolean covers(Instant created) {
        return created != null && !created.isBefore(createdFrom) && !created.isAfter(createdTo);
    }
}
