package io.inmo.voice.bland;

import io.inmo.voice.CallStatus;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;

/** Turns a parsed Bland body into the provider-neutral event. */
final class BlandEvents {

    private static final int EVENT_ID_HASH_CHARS = 32;

    private BlandEvents() {
    }

    static WebhookEvent toEvent(WebhookRequest request, BlandPayload d) {
        String externalId = d.externalCallId();
        String ourId = BlandConfig.isBlank(d.ourCallId) ? null : d.ourCallId;
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
                        .summary(blankToNull(d.summary))
                        .recordingUrl(blankToNull(d.recordingUrl))
                        .cost(d.price);
                return e.eventId(eventId(request, externalId, ourId, ended ? "ended" : "status")).build();
            }
            case STREAM: {
                CallStatus status = BlandOutcomes.streamStatus(d.message);
                if (status != null) {
                    requireId(externalId, ourId, "call status");
                    return e.type(WebhookEvent.Type.STATUS_UPDATE)
                            .status(status)
                            .providerStatus(d.message)
                            .eventId(eventId(request, externalId, ourId, "status"))
                            .build();
                }
                return e.type(WebhookEvent.Type.IGNORED)
                        .status(CallStatus.UNKNOWN)
                        .providerStatus(d.category)
                        .eventId(eventId(request, externalId, ourId, "ignored"))
                        .build();
            }
            default:
                return e.type(WebhookEvent.Type.IGNORED)
                        .status(CallStatus.UNKNOWN)
                        .eventId(eventId(request, externalId, ourId, "ignored"))
                        .build();
        }
    }

    static CallStatus status(BlandPayload d) {
        return BlandOutcomes.classify(d.status, d.answeredBy, d.queueStatus, d.errorMessage, d.dispositionTag,
                d.completed);
    }

    /** @return {@code error_message} when Bland sent one, otherwise the raw field combination */
    static String reason(BlandPayload d) {
        if (!BlandConfig.isBlank(d.errorMessage)) {
            return d.errorMessage;
        }
        return BlandOutcomes.rawCombination(d.status, d.answeredBy, d.queueStatus, d.dispositionTag);
    }

    private static void requireId(String externalId, String ourId, String what) {
        if (externalId == null && ourId == null) {
            throw new MalformedWebhookException("bland " + what + " webhook has neither call_id nor metadata.callId");
        }
    }

    private static String eventId(WebhookRequest request, String externalId, String ourId, String kind) {
        String id = externalId != null ? externalId : ourId != null ? "callId=" + ourId : "-";
        return "bland:" + id + ":" + kind + ":" + request.bodySha256Hex().substring(0, EVENT_ID_HASH_CHARS);
    }

    private static String blankToNull(String s) {
        return BlandConfig.isBlank(s) ? null : s;
    }
}
