package io.inmo.voice;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A call as the SDK stores it: one record per attempt to call a lead, updated by webhooks with
 * compare-and-set on {@link #version()}. Immutable; use {@link #toBuilder()} to derive a changed copy.
 *
 * <p>Absent values are {@code null}: {@code externalCallId} until the provider answers,
 * {@code transcript}, {@code recordingUrl}, {@code duration}, {@code cost} and {@code endedAt} until the
 * call ends, {@code summary} until the provider or the {@link io.inmo.voice.spi.SummaryHook} writes one.
 *
 * @param callId our id (UUID), sent to the provider in call metadata
 * @param leadId the host's lead id
 * @param brokerId the broker whose provider placed the call
 * @param provider provider id ({@code "vapi"}, {@code "bland"}, {@code "fake"})
 * @param externalCallId the provider's call id, or {@code null} until known
 * @param status current status, never {@link CallStatus#UNKNOWN}
 * @param providerReason the provider's raw reason for the outcome (VAPI {@code endedReason}, Bland
 *        {@code error_message}), or why initiation failed; {@code null} when none
 * @param transcript plain text, one {@code Speaker: text} line per turn, or {@code null}
 * @param recordingUrl recording URL, or {@code null}
 * @param duration talk time, or {@code null}
 * @param cost provider cost in USD, or {@code null}
 * @param summary the summary: the provider's own at first, replaced by the summary hook's result
 * @param summaryState progress of the post-call summary
 * @param createdAt when the record was created
 * @param updatedAt when the record last changed
 * @param endedAt when the call ended, or {@code null}
 * @param version incremented by every stored change; the compare-and-set key
 * @param unconfirmed {@code true} when the request to place the call had an unknown outcome (timeout
 *        after sending): the call may be live, it is never re-dialed, and a webhook or reconciliation settles it
 * @param summaryAttempts how many times the summary hook has been started for this call
 * @param summaryError the last summary hook error, or {@code null}
 * @param metadata the call's metadata as sent to the provider: what {@link CallOptions#metadata()} gave plus
 *        {@code leadId} and {@code brokerId}; never {@code null}, an immutable copy (repositories store it)
 */
public record VoiceCall(String callId, String leadId, String brokerId, String provider, String externalCallId,
                        CallStatus status, String providerReason, String transcript, String recordingUrl,
                        Duration duration, BigDecimal cost, String summary, SummaryState summaryState,
                        Instant createdAt, Instant updatedAt, Instant endedAt, long version,
                        boolean unconfirmed, int summaryAttempts, String summaryError,
                        Map<String, String> metadata) {

    /** Validates required fields and copies the metadata ({@code null} means empty). */
    public VoiceCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(brokerId, "brokerId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        if (status == CallStatus.UNKNOWN) {
            throw new IllegalArgumentException("a stored call never has status UNKNOWN");
        }
        Objects.requireNonNull(summaryState, "summaryState");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 0 || summaryAttempts < 0) {
            throw new IllegalArgumentException("version and summaryAttempts must not be negative");
        }
        metadata = Checks.copyOf(metadata, "metadata");
    }

    /**
     * The record without metadata (empty), as it was before calls stored their metadata.
     *
     * @param callId our id
     * @param leadId lead id
     * @param brokerId broker id
     * @param provider provider id
     * @param externalCallId provider call id or {@code null}
     * @param status status
     * @param providerReason raw reason or {@code null}
     * @param transcript transcript or {@code null}
     * @param recordingUrl recording URL or {@code null}
     * @param duration duration or {@code null}
     * @param cost cost or {@code null}
     * @param summary summary or {@code null}
     * @param summaryState summary state
     * @param createdAt creation time
     * @param updatedAt last change
     * @param endedAt end time or {@code null}
     * @param version version
     * @param unconfirmed unknown outcome of the request to place the call
     * @param summaryAttempts summary hook starts
     * @param summaryError last summary hook error or {@code null}
     */
    public VoiceCall(String callId, String leadId, String brokerId, String provider, String externalCallId,
                     CallStatus status, String providerReason, String transcript, String recordingUrl,
                     Duration duration, BigDecimal cost, String summary, SummaryState summaryState,
                     Instant createdAt, Instant updatedAt, Instant endedAt, long version,
                     boolean unconfirmed, int summaryAttempts, String summaryError) {
        this(callId, leadId, brokerId, provider, externalCallId, status, providerReason, transcript, recordingUrl,
                duration, cost, summary, summaryState, createdAt, updatedAt, endedAt, version, unconfirmed,
                summaryAttempts, summaryError, Map.of());
    }

    /**
     * The record with the fields of the design's public contract; the SDK's own fields take their
     * defaults (confirmed, no summary attempt, no summary error, no metadata).
     *
     * @param callId our id
     * @param leadId lead id
     * @param brokerId broker id
     * @param provider provider id
     * @param externalCallId provider call id or {@code null}
     * @param status status
     * @param providerReason raw reason or {@code null}
     * @param transcript transcript or {@code null}
     * @param recordingUrl recording URL or {@code null}
     * @param duration duration or {@code null}
     * @param cost cost or {@code null}
     * @param summary summary or {@code null}
     * @param summaryState summary state
     * @param createdAt creation time
     * @param updatedAt last change
     * @param endedAt end time or {@code null}
     * @param version version
     */
    public VoiceCall(String callId, String leadId, String brokerId, String provider, String externalCallId,
                     CallStatus status, String providerReason, String transcript, String recordingUrl,
                     Duration duration, BigDecimal cost, String summary, SummaryState summaryState,
                     Instant createdAt, Instant updatedAt, Instant endedAt, long version) {
        this(callId, leadId, brokerId, provider, externalCallId, status, providerReason, transcript, recordingUrl,
                duration, cost, summary, summaryState, createdAt, updatedAt, endedAt, version, false, 0, null, Map.of());
    }

    /** @return {@code true} once the call has one of the six outcomes */
    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** @return a builder preloaded with this call's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A builder for a new record (repositories use it to rebuild stored rows).
     *
     * @return an empty builder; status defaults to INITIATED and summary state to NONE
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link VoiceCall}. Not thread-safe. */
    public static final class Builder {
        private String callId;
        private String leadId;
        private String brokerId;
        private String provider;
        private String externalCallId;
        private CallStatus status = CallStatus.INITIATED;
        private String providerReason;
        private String transcript;
        private String recordingUrl;
        private Duration duration;
        private BigDecimal cost;
        private String summary;
        private SummaryState summaryState = SummaryState.NONE;
        private Instant createdAt;
        private Instant updatedAt;
        private Instant endedAt;
        private long version;
        private boolean unconfirmed;
        private int summaryAttempts;
        private String summaryError;
        private Map<String, String> metadata = Map.of();

        private Builder() {
        }

        private Builder(VoiceCall c) {
            callId = c.callId;
            leadId = c.leadId;
            brokerId = c.brokerId;
            provider = c.provider;
            externalCallId = c.externalCallId;
            status = c.status;
            providerReason = c.providerReason;
            transcript = c.transcript;
            recordingUrl = c.recordingUrl;
            duration = c.duration;
            cost = c.cost;
            summary = c.summary;
            summaryState = c.summaryState;
            createdAt = c.createdAt;
            updatedAt = c.updatedAt;
            endedAt = c.endedAt;
            version = c.version;
            unconfirmed = c.unconfirmed;
            summaryAttempts = c.summaryAttempts;
            summaryError = c.summaryError;
            metadata = c.metadata;
        }

        /** @param v our call id @return this builder */
        public Builder callId(String v) { callId = v; return this; }
        /** @param v lead id @return this builder */
        public Builder leadId(String v) { leadId = v; return this; }
        /** @param v broker id @return this builder */
        public Builder brokerId(String v) { brokerId = v; return this; }
        /** @param v provider id @return this builder */
        public Builder provider(String v) { provider = v; return this; }
        /** @param v provider call id @return this builder */
        public Builder externalCallId(String v) { externalCallId = v; return this; }
        /** @param v status @return this builder */
        public Builder status(CallStatus v) { status = v; return this; }
        /** @param v raw provider reason @return this builder */
        public Builder providerReason(String v) { providerReason = v; return this; }
        /** @param v transcript @return this builder */
        public Builder transcript(String v) { transcript = v; return this; }
        /** @param v recording URL @return this builder */
        public Builder recordingUrl(String v) { recordingUrl = v; return this; }
        /** @param v duration @return this builder */
        public Builder duration(Duration v) { duration = v; return this; }
        /** @param v cost in USD @return this builder */
        public Builder cost(BigDecimal v) { cost = v; return this; }
        /** @param v summary @return this builder */
        public Builder summary(String v) { summary = v; return this; }
        /** @param v summary state @return this builder */
        public Builder summaryState(SummaryState v) { summaryState = v; return this; }
        /** @param v creation time @return this builder */
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        /** @param v last change time @return this builder */
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        /** @param v end time @return this builder */
        public Builder endedAt(Instant v) { endedAt = v; return this; }
        /** @param v version @return this builder */
        public Builder version(long v) { version = v; return this; }
        /** @param v unconfirmed flag @return this builder */
        public Builder unconfirmed(boolean v) { unconfirmed = v; return this; }
        /** @param v summary attempts @return this builder */
        public Builder summaryAttempts(int v) { summaryAttempts = v; return this; }
        /** @param v last summary error @return this builder */
        public Builder summaryError(String v) { summaryError = v; return this; }
        /** @param v the call's metadata, copied; {@code null} means empty @return this builder */
        public Builder metadata(Map<String, String> v) { metadata = v; return this; }

        /** @return the record */
        public VoiceCall build() {
            return new VoiceCall(callId, leadId, brokerId, provider, externalCallId, status, providerReason,
                    transcript, recordingUrl, duration, cost, summary, summaryState, createdAt, updatedAt, endedAt,
                    version, unconfirmed, summaryAttempts, summaryError, metadata);
        }
    }
}
