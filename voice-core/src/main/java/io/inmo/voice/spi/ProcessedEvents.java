package io.inmo.voice.spi;

import java.time.Instant;

/**
 * Webhook events already applied, by {@code (provider, eventId)}: with one set on
 * {@link io.inmo.voice.VoiceCallService.Builder#processedEvents}, a replayed webhook is a no-op by contract,
 * not only because the state machine ignores what it has seen (which still lets a replayed end-of-call report
 * add a transcript the call lacks). Bland signs bodies without a timestamp, so this is its only replay defence
 * beyond idempotence; VAPI's HMAC also has a replay window.
 *
 * <p>The service checks {@link #contains} before applying an event and calls {@link #add} after the event was
 * applied, so an event whose processing failed (the store was down) is applied when the provider resends it.
 * Two copies arriving at the same moment may both be applied; the state machine makes that harmless. Note that
 * a resend carrying more data under the same event id (an enriched report) is ignored too.
 *
 * <p>Implementations: {@link io.inmo.voice.InMemoryProcessedEvents} (a bounded window, one instance) and
 * {@code io.inmo.voice.jdbc.JdbcProcessedEvents} (shared by every instance). Thread-safe.
 */
public interface ProcessedEvents {

    /**
     * @param provider provider id
     * @param eventId the event's dedupe key ({@link io.inmo.voice.webhook.WebhookEvent#eventId()})
     * @return {@code true} when the event was recorded as applied
     */
    boolean contains(String provider, String eventId);

    /**
     * Records an applied event; recording it again is a no-op.
     *
     * @param provider provider id
     * @param eventId the event's dedupe key
     * @param callId our call id it was applied to
     * @param processedAt when (the service's clock)
     */
    void add(String provider, String eventId, String callId, Instant processedAt);

    /** @return a store that records nothing: every event goes to the state machine (the default) */
    static ProcessedEvents none() {
        return NoProcessedEvents.INSTANCE;
    }
}
