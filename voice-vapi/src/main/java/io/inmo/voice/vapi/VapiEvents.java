package io.inmo.voice.vapi;

import com.fasterxml.jackson.core.JsonParser;
import io.inmo.voice.CallStatus;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;

/**
 * Turns a VAPI server message into a {@link WebhookEvent}: {@code status-update} is a status update,
 * {@code end-of-call-report} the call's end, every other type is ignored. The call's fields come from the one
 * call reader, {@link VapiPayload}, which also serves {@code GET /call/{id}}; the outcome from
 * {@link EndedReasons}.
 */
final class VapiEvents {

    static final String STATUS_UPDATE = "status-update";
    static final String END_OF_CALL_REPORT = "end-of-call-report";

    private VapiEvents() {
    }

    /**
     * @param request the verified webhook
     * @return the event
     * @throws io.inmo.voice.MalformedWebhookException when the body cannot be read or a status or end-of-call
     *         message names no call
     */
    static WebhookEvent parse(WebhookRequest request) {
        try (JsonParser p = request.parser()) {
            return toEvent(request, VapiPayload.message(p));
        } catch (IOException e) {
            throw request.malformed(e);
        }
    }

    private static WebhookEvent toEvent(WebhookRequest request, VapiPayload d) throws IOException {
        String externalCallId = d.externalCallId();
        String callId = d.ourCallId();
        String reason = d.endedReason();
        WebhookEvent.Builder event = WebhookEvent.builder()
                .provider(VapiConfig.PROVIDER_ID)
                .externalCallId(externalCallId)
                .callId(callId)
                .occurredAt(d.occurredAt());
        String discriminator;
        switch (d.type) {
            case STATUS_UPDATE: {
                String status = d.status();
                String statusReason = "ended".equals(status) ? reason : null;
                event.type(WebhookEvent.Type.STATUS_UPDATE)
                        .status(EndedReasons.callStatus(status, statusReason))
                        .providerStatus(status)
                        .providerReason(statusReason);
                discriminator = "ended".equals(status) ? status + ":" + statusReason : status;
                break;
            }
            case END_OF_CALL_REPORT: {
                event.type(WebhookEvent.Type.CALL_ENDED)
                        .status(EndedReasons.status(reason))
                        .providerStatus("ended")
                        .providerReason(reason)
                        .transcript(transcript(request, d))
                        .summary(d.summary())
                        .recordingUrl(d.recordingUrl())
                        .duration(d.duration())
                        .cost(d.cost());
                discriminator = reason;
                break;
            }
            default:
                event.type(WebhookEvent.Type.IGNORED)
                        .status(CallStatus.UNKNOWN)
                        .providerStatus(d.top.status == null || d.top.status.isBlank() ? null : d.top.status);
                String id = externalCallId != null ? externalCallId : callId;
                String when = d.timestampText != null ? d.timestampText
                        : d.timestamp != null ? Long.toString(d.timestamp.longValue()) : null;
                return event.eventId(id != null && when != null
                        ? "vapi:" + id + ":" + d.type + ":" + when
                        : "vapi:sha256:" + request.bodySha256Hex()).build();
        }
        if (externalCallId == null && callId == null) {
            throw VapiPayload.malformed("'" + d.type + "' message has neither 'message.call.id' nor our callId in "
                    + "'message.call.assistantOverrides.metadata'");
        }
        // Deduplication key: the same status (or end-of-call report) for the same call is the same event,
        // whenever and however often VAPI delivers it. VAPI sends no message id.
        return event.eventId("vapi:" + (externalCallId != null ? externalCallId : "callId=" + callId) + ":"
                + d.type + ":" + discriminator).build();
    }

    /** The transcript text, else one built from the message list in a second pass (older payloads only). */
    static String transcript(WebhookRequest request, VapiPayload d) throws IOException {
        String text = d.transcriptText();
        if (text != null || d.transcriptMessagesAt() == null) {
            return text;
        }
        return VapiTranscripts.fromMessages(request.parser(), d);
    }
}
