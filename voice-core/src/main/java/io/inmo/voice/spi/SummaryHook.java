package io.inmo.voice.spi;

import io.inmo.voice.CallSummary;
import io.inmo.voice.VoiceCall;

/**
 * The host's post-call step: write the AI summary, update the lead's score and metadata.
 *
 * <p>Runs on the service's executor, never on the webhook thread, once per ended call: a failure is
 * retried with backoff and, after the last attempt, the call's summary is marked FAILED with the error
 * kept. Because a crash can interrupt a run after the hook did its work but before the result was
 * stored, make the hook's side effects idempotent per {@link VoiceCall#callId()} (an upsert, not an
 * increment) if a rare second run matters.
 *
 * <pre>{@code
 * SummaryHook hook = call -> {
 *     String text = llm.summarize(call.transcript());
 *     leads.adjustScore(call.leadId(), call.status() == CallStatus.COMPLETED ? +10 : -5);
 *     return CallSummary.of(text);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SummaryHook {

    /**
     * @param endedCall the call, terminal, with transcript, recording, duration and the provider's own
     *        summary (if any) in {@link VoiceCall#summary()}
     * @return the summary to store on the call
     * @throws Exception any failure; the run is retried
     */
    CallSummary summarize(VoiceCall endedCall) throws Exception;

    /** @return a hook that keeps the provider's own summary (the default) */
    static SummaryHook providerSummary() {
        return call -> CallSummary.of(call.summary());
    }
}
