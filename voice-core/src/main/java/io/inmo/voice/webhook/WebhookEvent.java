package io.inmo.voice.webhook;

import io.inmo.voice.CallStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One provider webhook in provider-neutral form, as {@link WebhookNormalizer#normalize} returns it and
 * {@link io.inmo.voice.VoiceCallService#handle} consumes it. Absent values are {@code null}.
 *
 * <p>A {@link Type#CALL_ENDED} event whose outcome the provider could not classify carries
 * {@link CallStatus#UNKNOWN}: the service then settles it as {@code FAILED} if the call never reached
 * {@code IN_PROGRESS}, otherwise {@code COMPLETED}, keeping {@link #providerReason()} verbatim.
 *
 * @param provider provider id
 * @param type what kind of event
 * @param eventId deduplication key, never {@code null} (provider message id, or derived from call id,
 *        kind and body)
 * @param externalCallId the provider's call id
 * @param callId our call id, read back from the provider's call metadata, or {@code null}
 * @param status mapped status; {@link CallStatus#UNKNOWN} when unmapped or irrelevant (IGNORED)
 * @param providerStatus the provider's raw status, verbatim
 * @param providerReason the provider's raw reason (VAPI {@code endedReason}, Bland {@code error_message}), verbatim
 * @param occurredAt when the provider says the message was sent, or {@code null}
 * @param duration talk time
 * @param transcript plain text, one {@code Speaker: text} line per turn
 * @param summary the provider's own summary
 * @param recordingUrl recording URL
 * @param cost cost in USD
 */
public record WebhookEvent(String provider, Type type, String eventId, String externalCallId, String callId,
                           CallStatus status, String providerStatus, String providerReason, Instant occurredAt,
                           Duration duration, String transcript, String summary, String recordingUrl,
                           BigDecimal cost) {

    /** Kinds of webhook event the SDK distinguishes. */
    public enum Type {
        /** The call's status changed (queued, ringing, in progress, sometimes ended). */
        STATUS_UPDATE,
        /** The end-of-call report: outcome plus transcript, recording, duration, cost. */
        CALL_ENDED,
        /** A message the SDK does not use (speech updates, tool calls, ...); acknowledge it and move on. */
        IGNORED
    }

    /** Validates required fields; a missing status becomes {@link CallStatus#UNKNOWN}. */
    public WebhookEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("eventId is required");
        }
        if (status == null) {
            status = CallStatus.UNKNOWN;
        }
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link WebhookEvent}, for provider implementations and tests. Not thread-safe. */
    public static final class Builder {
        private String provider;
        private Type type;
        private String eventId;
        private String externalCallId;
        private String callId;
        private CallStatus status;
        private String providerStatus;
        private String providerReason;
        private Instant occurredAt;
        private Duration duration;
        private String transcript;
        private String summary;
        private String recordingUrl;
        private BigDecimal cost;

        private Builder() {
        }

        /** @param v provider id @return this builder */
        public Builder provider(String v) { provider = v; return this; }
        /** @param v event type @return this builder */
        public Builder type(Type v) { type = v; return this; }
        /** @param v dedupe key @return this builder */
        public Builder eventId(String v) { eventId = v; return this; }
        /** @param v provider call id @return this builder */
        public Builder externalCallId(String v) { externalCallId = v; return this; }
        /** @param v our call id @return this builder */
        public Builder callId(String v) { callId = v; return this; }
        /** @param v mapped status @return this builder */
        public Builder status(CallStatus v) { status = v; return this; }
        /** @param v raw provider status @return this builder */
        public Builder providerStatus(String v) { providerStatus = v; return this; }
        /** @param v raw provider reason @return this builder */
        public Builder providerReason(String v) { providerReason = v; return this; }
        /** @param v when the provider sent it @return this builder */
        public Builder occurredAt(Instant v) { occurredAt = v; return this; }
        /** @param v talk time @return this builder */
        public Builder duration(Duration v) { duration = v; return this; }
        /** @param v transcript @return this builder */
        public Builder transcript(String v) { transcript = v; return this; }
        /** @param v provider summary @return this builder */
        public Builder summary(String v) { summary = v; return this; }
        /** @param v recording URL @return this builder */
        public Builder recordingUrl(String v) { recordingUrl = v; return this; }
        /** @param v cost in USD @return this builder */
        public Builder cost(BigDecimal v) { cost = v; return this; }

        /** @return the event */
        public WebhookEvent build() {
            return new WebhookEvent(provider, type, eventId, externalCallId, callId, status, providerStatus,
                    providerReason, occurredAt, duration, transcript, summary, recordingUrl, cost);
        }
    }
}
