package io.inmo.voice.fake;

/**
 * How a {@link FakeVoiceProvider} call plays out. Each outcome produces the webhooks a real provider sends
 * for it, in order.
 */
public enum FakeOutcome {
    /** Queued, ringing, answered; ends COMPLETED with a short transcript, recording, summary and cost. */
    ANSWERED,
    /** Queued, ringing; ends NO_ANSWER. */
    NO_ANSWER,
    /** Queued, ringing; ends BUSY. */
    BUSY,
    /** Queued, ringing, picked up by a machine; ends VOICEMAIL with the message left as transcript. */
    VOICEMAIL,
    /** Queued; ends FAILED with a carrier error as the reason. */
    FAILED,
    /** {@code makeCall} throws {@link io.inmo.voice.ProviderUnavailableException}: no call, no webhook. */
    PROVIDER_DOWN,
    /**
     * {@code makeCall} throws {@link io.inmo.voice.CallOutcomeUnknownException} (as after a read timeout), yet
     * the call really happens: the ANSWERED webhooks still arrive and settle it.
     */
    OUTCOME_UNKNOWN
}
