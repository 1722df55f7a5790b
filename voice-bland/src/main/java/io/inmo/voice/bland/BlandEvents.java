package io.inmo.voice.bland;

import io.inmo.voice.CallStatus;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;

/** Turns a parsed Bland body into the provider-neutral event. */
final class BlandEvents {

    private static final int EVENT_ID_HASH_CHARS = 32;

    private BlandEvents() {
    }

    static WebhookEvent toEvent(WebhookRequest request, BlandPayload d) {
        String externalId = d.externalCallId();
        String ourId = Texts.isBlank(d.ourCallId) ? null : d.ourCallId;
        WebhookEvent.Builder e = WebhookEvent.builder()
                .provider(BlandConfig.PROVIDER_ID)
                .externalCallId(externalId)
                .callId(ourId);
        switch (d.kind()) {
            case CALL: {
                CallStatus status = status(d);
                boolean ended = status.isTerminal() || status == CallStatus.UNKNOWN;
                requireId(externalId, ourId, ended ? "post-call" : "call status");
                e.type(ended ? WebhookEvent.Type.CALL_ENDED : WebhookEvent.Type.STATUS_UPDATE)
                        .status(status)
                        .providerStatus(d.status)
                        .providerReason(reason(d))
                        .duration(d.duration())
                        .transcript(d.transcript())
                        .summary(Texts.blankToNull(d.summary))
                        .recordingUrl(Texts.blankToNull(d.recordingUrl))
                        .cost(d.price);
                return e.eventId(eventId(externalId, ourId, ended ? "ended" : "status", status.name())).build();
            }
            case STREAM: {
                CallStatus status = BlandOutcomes.streamStatus(d.message);
                if (status != null) {
                    requireId(externalId, ourId, "call status");
                    return e.type(WebhookEvent.Type.STATUS_UPDATE)
                            .status(status)
                            .providerStatus(d.message)
                            .eventId(eventId(externalId, ourId, "status", status.name()))
                            .build();
                }
                return e.type(WebhookEvent.Type.IGNORED)
                        .status(CallStatus.UNKNOWN)
                        .providerStatus(d.category)
                        .eventId(eventId(externalId, ourId, "ignored", hashPrefix(request)))
                        .build();
            }
            default:
                return e.type(WebhookEvent.Type.IGNORED)
                        .status(CallStatus.UNKNOWN)
                        .eventId(eventId(externalId, ourId, "ignored", hashPrefix(request)))
                        .build();
        }
    }

    static CallStatus status(BlandPayload d) {
        return BlandOutcomes.classify(d.status, d.answeredBy, d.queueStatus, d.errorMessage, d.dispositionTag,
                d.completed);
    }

    /** @return {@code error_message} when Bland sent one, otherwise the raw field combination */
    static String reason(BlandPayload d) {
        if (!Texts.isBlank(d.errorMessage)) {
            return d.errorMessage;
        }
        return BlandOutcomes.rawCombination(d.status, d.answeredBy, d.queueStatus, d.dispositionTag);
    }

    private static void requireId(String externalId, String ourId, String what) {
        if (externalId == null && ourId == null) {
            throw new MalformedWebhookException("bland " + what + " webhook has neither call_id nor metadata.callId");
        }
    }

    /**
     * Bland sends no event id. A status or end report is identified by the call and what it says (as VAPI's
     * are), so a redelivery, an enriched resend or a body re-encoded by a proxy keeps its id; messages the SDK
     * ignores have nothing stable to say, so their id adds a body hash.
     */
    private static String eventId(String externalId, String ourId, String kind, String what) {
        String id = externalId != null ? externalId : ourId != null ? "callId=" + ourId : "-";
        return "bland:" + id + ":" + kind + ":" + what;
    }

    private static String hashPrefix(WebhookRequest request) {
        return request.bodySha256Hex().substring(0, EVENT_ID_HASH_CHARS);
    }
}
