package io.inmo.voice;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A call as the provider reports it when asked ({@link io.inmo.voice.spi.VoiceProvider#fetchCall}), for
 * reconciling calls whose webhooks never came. Absent values are {@code null}.
 *
 * @param externalCallId the provider's call id
 * @param status mapped status ({@link CallStatus#UNKNOWN} if it could not be mapped)
 * @param providerStatus raw provider status
 * @param providerReason raw provider reason (VAPI {@code endedReason}, Bland {@code error_message})
 * @param transcript transcript, one {@code Speaker: text} line per turn
 * @param recordingUrl recording URL
 * @param duration talk time
 * @param cost cost in USD
 * @param summary the provider's own summary
 * @param endedAt when the call ended
 */
public record CallSnapshot(String externalCallId, CallStatus status, String providerStatus, String providerReason,
                           String transcript, String recordingUrl, Duration duration, BigDecimal cost,
                           String summary, Instant endedAt) {

    /** Validates the id and status. */
    public CallSnapshot {
        externalCallId = Checks.requireText(externalCallId, "externalCallId");
        Objects.requireNonNull(status, "status");
    }
}
