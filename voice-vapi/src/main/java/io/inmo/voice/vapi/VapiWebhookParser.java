package io.inmo.voice.vapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.inmo.voice.CallStatus;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Numbers;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns a VAPI server message ({@code {"message": {...}}}) into a {@link WebhookEvent} with one streaming
 * pass: only the fields the SDK uses are read, everything else is skipped without being materialised.
 * A second streaming pass over {@code artifact.messages} happens only for end-of-call reports that carry no
 * transcript text (older payloads).
 *
 * <p>Where values live moved over time, so each is looked up in order of recency and the first non-blank
 * wins: transcript {@code artifact.transcript}, {@code message.transcript}, then built from
 * {@code artifact.messages} / {@code message.messages}; summary {@code analysis.summary},
 * {@code message.summary}; recording {@code artifact.recordingUrl}, {@code artifact.recording.mono.combinedUrl},
 * {@code message.recordingUrl}, then the stereo variants (never the expiring presigned URLs).
 */
final class VapiWebhookParser {

    static final String STATUS_UPDATE = "status-update";
    static final String END_OF_CALL_REPORT = "end-of-call-report";

    private VapiWebhookParser() {
    }

    /** What one pass collects. Field names follow VAPI's. */
    private static final class Fields {
        String type;
        BigDecimal timestamp;
        String timestampText;
        String status;
        String endedReason;
        BigDecimal cost;
        BigDecimal durationSeconds;
        BigDecimal durationMs;
        String startedAt;
        String endedAt;
        String transcript;
        String summary;
        String recordingUrl;
        String stereoRecordingUrl;
        boolean topMessages;

        String artifactTranscript;
        String artifactRecordingUrl;
        String artifactStereoRecordingUrl;
        String artifactMonoCombinedUrl;
        String artifactRecordingStereoUrl;
        boolean artifactMessages;

        String analysisSummary;

        String callExternalId;
        String callStatus;
        String callEndedReason;
        String callStartedAt;
        String callEndedAt;
        BigDecimal callCost;
        BigDecimal callDurationSeconds;
        String overridesCallId;
        String metadataCallId;
    }

    static WebhookEvent parse(WebhookRequest request) {
        Fields f = new Fields();
        try (JsonParser p = request.parser()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("body is not a JSON object");
            }
            boolean sawMessage = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if ("message".equals(name)) {
                    if (t != JsonToken.START_OBJECT) {
                        throw malformed("'message' is not a JSON object");
                    }
                    readMessage(p, f);
                    sawMessage = true;
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw malformed("body has content after the top-level object");
            }
            if (!sawMessage) {
                throw malformed("body has no 'message' object");
            }
            if (f.type == null || f.type.isBlank()) {
                throw malformed("'message.type' is missing");
            }
            return toEvent(request, f);
        } catch (IOException e) {
            throw request.malformed(e);
        }
    }

    private static void readMessage(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "type":
                    if (t != JsonToken.VALUE_STRING) {
                        throw malformed("'message.type' is not a string");
                    }
                    f.type = p.getText();
                    break;
                case "timestamp":
                    if (t == JsonToken.VALUE_STRING) {
                        f.timestampText = p.getText();
                    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        f.timestamp = decimal(p, t, "timestamp");
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "status":
                    f.status = text(p, t);
                    break;
                case "endedReason":
                    f.endedReason = text(p, t);
                    break;
                case "call":
                    if (t == JsonToken.START_OBJECT) {
                        readCall(p, f);
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw malformed("'message.call' is not a JSON object");
                    }
                    break;
                default:
                    if (mayBeReport(f)) {
                        readReportField(p, f, name, t);
                    } else {
                        p.skipChildren();
                    }
            }
        }
    }

    /**
     * Whether report-only fields are worth reading: the type is not known yet (VAPI usually sends it first)
     * or it is an end-of-call report. Other messages skip them without materialising anything.
     */
    private static boolean mayBeReport(Fields f) {
        return f.type == null || END_OF_CALL_REPORT.equals(f.type);
    }

    private static void readReportField(JsonParser p, Fields f, String name, JsonToken t) throws IOException {
        switch (name) {
            case "cost":
                f.cost = decimal(p, t, "cost");
                break;
            case "durationSeconds":
                f.durationSeconds = decimal(p, t, "durationSeconds");
                break;
            case "durationMs":
                f.durationMs = decimal(p, t, "durationMs");
                break;
            case "startedAt":
                f.startedAt = text(p, t);
                break;
            case "endedAt":
                f.endedAt = text(p, t);
                break;
            // Older top-level copies: not even read when the newer artifact/analysis value came first.
            case "transcript":
                f.transcript = f.artifactTranscript == null || f.artifactTranscript.isBlank() ? text(p, t) : skip(p);
                break;
            case "summary":
                f.summary = f.analysisSummary == null || f.analysisSummary.isBlank() ? text(p, t) : skip(p);
                break;
            case "recordingUrl":
                f.recordingUrl = f.artifactRecordingUrl == null ? text(p, t) : skip(p);
                break;
            case "stereoRecordingUrl":
                f.stereoRecordingUrl = text(p, t);
                break;
            case "messages":
                f.topMessages |= skipArrayHasElements(p, t);
                break;
            case "artifact":
                if (t == JsonToken.START_OBJECT) {
                    readArtifact(p, f);
                } else {
                    p.skipChildren();
                }
                break;
            case "analysis":
                if (t == JsonToken.START_OBJECT) {
                    readAnalysis(p, f);
                } else {
                    p.skipChildren();
                }
                break;
            default:
                p.skipChildren();
        }
    }

    private static void readArtifact(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "transcript":
                    f.artifactTranscript = text(p, t);
                    break;
                case "recordingUrl":
                    f.artifactRecordingUrl = text(p, t);
                    break;
                case "stereoRecordingUrl":
                    f.artifactStereoRecordingUrl = text(p, t);
                    break;
                case "messages":
                    f.artifactMessages |= skipArrayHasElements(p, t);
                    break;
                case "recording":
                    if (t == JsonToken.START_OBJECT) {
                        readRecording(p, f);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private static void readRecording(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("stereoUrl".equals(name)) {
                f.artifactRecordingStereoUrl = text(p, t);
            } else if ("mono".equals(name) && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String mono = p.currentName();
                    JsonToken mt = p.nextToken();
                    if ("combinedUrl".equals(mono)) {
                        f.artifactMonoCombinedUrl = text(p, mt);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readAnalysis(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("summary".equals(name)) {
                f.analysisSummary = text(p, t);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readCall(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id":
                    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
                        f.callExternalId = p.getText();
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw malformed("'message.call.id' is not a string");
                    }
                    break;
                case "status":
                    f.callStatus = f.type == null || STATUS_UPDATE.equals(f.type) ? text(p, t) : skip(p);
                    break;
                case "endedReason":
                    f.callEndedReason = text(p, t);
                    break;
                case "startedAt":
                    f.callStartedAt = mayBeReport(f) ? text(p, t) : skip(p);
                    break;
                case "endedAt":
                    f.callEndedAt = mayBeReport(f) ? text(p, t) : skip(p);
                    break;
                case "cost":
                    f.callCost = mayBeReport(f) ? decimal(p, t, "call.cost") : skip(p);
                    break;
                case "durationSeconds":
                    f.callDurationSeconds = mayBeReport(f) ? decimal(p, t, "call.durationSeconds") : skip(p);
                    break;
                case "metadata":
                    if (t == JsonToken.START_OBJECT) {
                        f.metadataCallId = readCallIdFromMetadata(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "assistantOverrides":
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String o = p.currentName();
                            JsonToken ot = p.nextToken();
                            if ("metadata".equals(o) && ot == JsonToken.START_OBJECT) {
                                f.overridesCallId = readCallIdFromMetadata(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    private static String readCallIdFromMetadata(JsonParser p) throws IOException {
        String callId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (VapiProvider.METADATA_CALL_ID.equals(name)) {
                callId = text(p, t);
            } else {
                p.skipChildren();
            }
        }
        return callId;
    }

    /** Skips the current value; tells whether it was an array with at least one element. */
    private static boolean skipArrayHasElements(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        JsonToken element = p.nextToken();
        if (element == JsonToken.END_ARRAY) {
            return false;
        }
        while (element != JsonToken.END_ARRAY) {
            if (element == null) {
                throw malformed("body ends inside an array");
            }
            p.skipChildren();
            element = p.nextToken();
        }
        return true;
    }

    /** Skips the current value (and its children) and yields {@code null}. */
    private static <T> T skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** A string value, or {@code null} for anything else (which is skipped): VAPI payloads vary. */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /**
     * A number or numeric string through the shared bounded reader; anything else (VAPI payloads vary) is
     * {@code null}, but a number out of range is refused: no real payload has one.
     */
    private static BigDecimal decimal(JsonParser p, JsonToken t, String field) throws IOException {
        try {
            return Numbers.decimal(p, t);
        } catch (NumberFormatException notANumber) {
            return null;
        } catch (ArithmeticException outOfRange) {
            throw malformed("field 'message." + field + "' is out of range (" + outOfRange.getMessage() + ")");
        }
    }

    private static WebhookEvent toEvent(WebhookRequest request, Fields f) {
        String externalCallId = Texts.blankToNull(f.callExternalId);
        String callId = Texts.firstNonBlank(f.overridesCallId, f.metadataCallId);
        String reason = Texts.firstNonBlank(f.endedReason, f.callEndedReason);
        WebhookEvent.Builder event = WebhookEvent.builder()
                .provider(VapiConfig.PROVIDER_ID)
                .externalCallId(externalCallId)
                .callId(callId)
                .occurredAt(occurredAt(f));
        String discriminator;
        switch (f.type) {
            case STATUS_UPDATE: {
                String status = Texts.firstNonBlank(f.status, f.callStatus);
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
                        .transcript(transcript(request, f))
                        .summary(Texts.firstNonBlank(f.analysisSummary, f.summary))
                        .recordingUrl(Texts.firstNonBlank(f.artifactRecordingUrl, f.artifactMonoCombinedUrl,
                                f.recordingUrl, f.artifactStereoRecordingUrl, f.artifactRecordingStereoUrl,
                                f.stereoRecordingUrl))
                        .duration(duration(f))
                        .cost(f.cost != null ? f.cost : f.callCost);
                discriminator = reason;
                break;
            }
            default:
                event.type(WebhookEvent.Type.IGNORED)
                        .status(CallStatus.UNKNOWN)
                        .providerStatus(Texts.blankToNull(f.status));
                String id = externalCallId != null ? externalCallId : callId;
                String when = f.timestampText != null ? f.timestampText
                        : f.timestamp != null ? Long.toString(f.timestamp.longValue()) : null;
                return event.eventId(id != null && when != null
                        ? "vapi:" + id + ":" + f.type + ":" + when
                        : "vapi:sha256:" + request.bodySha256Hex()).build();
        }
        if (externalCallId == null && callId == null) {
            throw malformed("'" + f.type + "' message has neither 'message.call.id' nor our callId in "
                    + "'message.call.assistantOverrides.metadata'");
        }
        // Deduplication key: the same status (or end-of-call report) for the same call is the same event,
        // whenever and however often VAPI delivers it. VAPI sends no message id.
        return event.eventId("vapi:" + (externalCallId != null ? externalCallId : "callId=" + callId) + ":"
                + f.type + ":" + discriminator).build();
    }

    private static String transcript(WebhookRequest request, Fields f) {
        String text = Texts.firstNonBlank(f.artifactTranscript, f.transcript);
        if (text != null) {
            return text;
        }
        if (f.artifactMessages || f.topMessages) {
            return VapiTranscripts.fromMessages(request, f.artifactMessages);
        }
        return null;
    }

    private static Duration duration(Fields f) {
        Duration stated = Numbers.seconds(f.durationSeconds != null ? f.durationSeconds : f.callDurationSeconds);
        if (stated == null) {
            stated = Numbers.millis(f.durationMs);
        }
        if (stated != null) {
            return stated;
        }
        Instant start = Timestamps.parse(f.startedAt != null ? f.startedAt : f.callStartedAt);
        return start == null ? null : Numbers.between(start, Timestamps.parse(f.endedAt != null ? f.endedAt : f.callEndedAt));
    }

    private static Instant occurredAt(Fields f) {
        if (f.timestamp != null) {
            return Numbers.epochMillis(f.timestamp);
        }
        String text = f.timestampText;
        if (text == null || text.isBlank()) {
            return null;
        }
        char first = text.charAt(0);
        if (first >= '0' && first <= '9' && text.indexOf('-') < 0) {
            try {
                return Numbers.epochMillis(Numbers.decimal(text));
            } catch (NumberFormatException | ArithmeticException unreadable) {
                return null;
            }
        }
        return Timestamps.parse(text);
    }

    private static MalformedWebhookException malformed(String what) {
        return new MalformedWebhookException("vapi webhook " + what);
    }
}
