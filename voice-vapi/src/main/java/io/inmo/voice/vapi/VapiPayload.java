package io.inmo.voice.vapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Numbers;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.Timestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The one reader of a VAPI call, for both places a call comes from: a server message
 * ({@code {"message": {...}}}, whose report fields sit on the message and whose {@code message.call} is the
 * call as it was when the message was sent) and a {@code GET /call/{id}} answer (the call object itself, the
 * same field names at its top level). One streaming pass reads only the fields the SDK uses; the rest is
 * skipped without being materialised. Numbers go through the shared bounded reader, timestamps through the
 * shared ISO-8601 reader, so the webhook path and reconciliation cannot drift apart again.
 *
 * <p>Where values live moved over time, so each is looked up in order of recency and the first non-blank wins:
 * transcript {@code artifact.transcript}, {@code transcript}, then built from {@code artifact.messages} /
 * {@code messages}; summary {@code analysis.summary}, {@code summary}; recording {@code artifact.recordingUrl},
 * {@code artifact.recording.mono.combinedUrl}, {@code recordingUrl}, then the stereo variants
 * ({@code artifact.stereoRecordingUrl}, {@code artifact.recording.stereoUrl}, {@code stereoRecordingUrl}); never
 * the expiring presigned URLs; duration {@code durationSeconds}, {@code durationMs}, then
 * {@code endedAt - startedAt}. Mutable, confined to the parsing thread.
 */
final class VapiPayload {

    /** The two shapes a call arrives in. */
    enum Shape {
        /** A server message: the call's fields on {@code message} and {@code message.call}. */
        MESSAGE,
        /** A {@code GET /call/{id}} answer: the call object. */
        CALL
    }

    /** One object's worth of call fields: the message (or call object) itself, and {@code message.call}. */
    static final class CallFields {
        String id;
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
        boolean messages;
        String artifactTranscript;
        String artifactRecordingUrl;
        String artifactStereoRecordingUrl;
        String artifactMonoCombinedUrl;
        String artifactRecordingStereoUrl;
        boolean artifactMessages;
        String analysisSummary;
        String metadataCallId;
        String overridesCallId;
    }

    final Shape shape;
    /** Message type ({@code status-update}, {@code end-of-call-report}, ...); {@code null} for a call object. */
    String type;
    BigDecimal timestamp;
    String timestampText;
    /** The message's (or the call object's) own fields. */
    final CallFields top = new CallFields();
    /** {@code message.call}; empty for a call object. */
    final CallFields call = new CallFields();

    private VapiPayload(Shape shape) {
        this.shape = shape;
    }

    // --- reading --------------------------------------------------------------------------------------------

    /**
     * Our call id on one call of a {@code GET /call} list, read by the same field reader as a fetched call (so
     * where our id lives is defined once, in {@link #ourCallId()}); only the identifying fields are read.
     *
     * @param call one element of the list
     * @return our call id, or {@code null} when the element carries none or is not a call object
     */
    static String ourCallId(JsonNode call) {
        if (!call.isObject()) {
            return null;
        }
        VapiPayload d = new VapiPayload(Shape.CALL);
        try (JsonParser p = call.traverse()) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                d.readField(p, d.top, name, p.nextToken(), false, "");
            }
        } catch (IOException | MalformedWebhookException odd) {
            // A listed call with an odd shape (e.g. a non-string id) is not ours to judge here: it is skipped.
            return null;
        }
        return d.ourCallId();
    }

    /**
     * Reads a server message.
     *
     * @param p a parser over the body, not yet started
     * @return what it holds
     * @throws MalformedWebhookException when the body is not a {@code {"message": {...}}} object with a type, or
     *         a used field has the wrong shape or a number out of range
     * @throws IOException from the parser
     */
    static VapiPayload message(JsonParser p) throws IOException {
        VapiPayload d = new VapiPayload(Shape.MESSAGE);
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
                d.readMessage(p);
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
        if (d.type == null || d.type.isBlank()) {
            throw malformed("'message.type' is missing");
        }
        return d;
    }

    /**
     * Reads a call object ({@code GET /call/{id}}).
     *
     * @param p a parser over the body, not yet started
     * @return what it holds
     * @throws MalformedWebhookException when the body is not a JSON object or a number is out of range
     * @throws IOException from the parser
     */
    static VapiPayload callObject(JsonParser p) throws IOException {
        VapiPayload d = new VapiPayload(Shape.CALL);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw malformed("call is not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            d.readField(p, d.top, name, p.nextToken(), true, "");
        }
        return d;
    }

    private void readMessage(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "type":
                    if (t != JsonToken.VALUE_STRING) {
                        throw malformed("'message.type' is not a string");
                    }
                    type = p.getText();
                    break;
                case "timestamp":
                    if (t == JsonToken.VALUE_STRING) {
                        timestampText = p.getText();
                    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        timestamp = decimal(p, t, "message.timestamp");
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "status":
                    top.status = text(p, t);
                    break;
                case "endedReason":
                    top.endedReason = text(p, t);
                    break;
                case "call":
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            readField(p, call, field, p.nextToken(), mayBeReport(), "message.call.");
                        }
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw malformed("'message.call' is not a JSON object");
                    }
                    break;
                default:
                    // Report-only fields: other message types skip them without materialising anything.
                    if (mayBeReport()) {
                        readField(p, top, name, t, true, "message.");
                    } else {
                        p.skipChildren();
                    }
            }
        }
    }

    /**
     * Whether report fields are worth reading: a call object, a message whose type is not known yet (VAPI
     * usually sends it first) or an end-of-call report.
     */
    private boolean mayBeReport() {
        return shape == Shape.CALL || type == null || VapiEvents.END_OF_CALL_REPORT.equals(type);
    }

    /**
     * Reads one field of a call-shaped object into {@code f}: the same names on a message, on
     * {@code message.call} and on a call object.
     *
     * @param full whether report fields (cost, duration, times, artifact...) are read or skipped
     * @param path where the object sits, for error messages
     */
    private void readField(JsonParser p, CallFields f, String name, JsonToken t, boolean full, String path)
            throws IOException {
        switch (name) {
            case "id":
                if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
                    f.id = p.getText();
                } else if (t != JsonToken.VALUE_NULL) {
                    throw malformed("'" + path + "id' is not a string");
                }
                return;
            case "status":
                // On message.call the status is a stale snapshot; only a status update may need it.
                f.status = f == call && type != null && !VapiEvents.STATUS_UPDATE.equals(type) ? skip(p) : text(p, t);
                return;
            case "endedReason":
                f.endedReason = text(p, t);
                return;
            case "metadata":
                f.metadataCallId = t == JsonToken.START_OBJECT ? readCallIdFromMetadata(p) : skip(p);
                return;
            case "assistantOverrides":
                f.overridesCallId = t == JsonToken.START_OBJECT ? readOverrides(p) : skip(p);
                return;
            default:
                break;
        }
        if (!full) {
            p.skipChildren();
            return;
        }
        switch (name) {
            case "cost":
                f.cost = decimal(p, t, path + name);
                break;
            case "durationSeconds":
                f.durationSeconds = decimal(p, t, path + name);
                break;
            case "durationMs":
                f.durationMs = decimal(p, t, path + name);
                break;
            case "startedAt":
                f.startedAt = text(p, t);
                break;
            case "endedAt":
                f.endedAt = text(p, t);
                break;
            // Older top-level copies: not even read when the newer artifact/analysis value came first.
            case "transcript":
                f.transcript = Texts.isBlank(f.artifactTranscript) ? text(p, t) : skip(p);
                break;
            case "summary":
                f.summary = Texts.isBlank(f.analysisSummary) ? text(p, t) : skip(p);
                break;
            case "recordingUrl":
                f.recordingUrl = f.artifactRecordingUrl == null ? text(p, t) : skip(p);
                break;
            case "stereoRecordingUrl":
                f.stereoRecordingUrl = text(p, t);
                break;
            case "messages":
                f.messages |= skipArrayHasElements(p, t);
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
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        f.analysisSummary = "summary".equals(field) ? text(p, v) : skip(p, f.analysisSummary);
                    }
                } else {
                    p.skipChildren();
                }
                break;
            default:
                p.skipChildren();
        }
    }

    private static void readArtifact(JsonParser p, CallFields f) throws IOException {
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

    private static void readRecording(JsonParser p, CallFields f) throws IOException {
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

    private static String readOverrides(JsonParser p) throws IOException {
        String callId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if ("metadata".equals(name) && t == JsonToken.START_OBJECT) {
                callId = readCallIdFromMetadata(p);
            } else {
                p.skipChildren();
            }
        }
        return callId;
    }

    private static String readCallIdFromMetadata(JsonParser p) throws IOException {
        String callId = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (VapiRequests.METADATA_CALL_ID.equals(name)) {
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

    /** Skips the current value (and its children) and keeps {@code kept}. */
    private static <T> T skip(JsonParser p, T kept) throws IOException {
        p.skipChildren();
        return kept;
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
            throw malformed("field '" + field + "' is out of range (" + outOfRange.getMessage() + ")");
        }
    }

    static MalformedWebhookException malformed(String what) {
        return new MalformedWebhookException("vapi webhook " + what);
    }

    // --- what the fields mean: the same for a webhook and a fetched call ---------------------------------

    /** @return VAPI's call id: {@code message.call.id}, or the call object's {@code id} */
    String externalCallId() {
        return Texts.blankToNull(shape == Shape.CALL ? top.id : call.id);
    }

    /** @return our call id from {@code assistantOverrides.metadata}, else {@code metadata} */
    String ourCallId() {
        CallFields f = shape == Shape.CALL ? top : call;
        return Texts.firstNonBlank(f.overridesCallId, f.metadataCallId);
    }

    /** @return the status: {@code message.status}, else the call's {@code status} */
    String status() {
        return Texts.firstNonBlank(top.status, call.status);
    }

    /** @return the ended reason: {@code message.endedReason}, else the call's */
    String endedReason() {
        return Texts.firstNonBlank(top.endedReason, call.endedReason);
    }

    /** @return the summary VAPI wrote, or {@code null} */
    String summary() {
        return Texts.firstNonBlank(top.analysisSummary, top.summary, call.analysisSummary, call.summary);
    }

    /** @return the recording URL, newest field first, mono before stereo, or {@code null} */
    String recordingUrl() {
        return Texts.firstNonBlank(top.artifactRecordingUrl, top.artifactMonoCombinedUrl, top.recordingUrl,
                call.artifactRecordingUrl, call.artifactMonoCombinedUrl, call.recordingUrl,
                top.artifactStereoRecordingUrl, top.artifactRecordingStereoUrl, top.stereoRecordingUrl,
                call.artifactStereoRecordingUrl, call.artifactRecordingStereoUrl, call.stereoRecordingUrl);
    }

    /** @return the transcript text VAPI sent, or {@code null} (then {@link #transcriptMessagesAt()} says where) */
    String transcriptText() {
        return Texts.firstNonBlank(top.artifactTranscript, top.transcript, call.artifactTranscript, call.transcript);
    }

    /**
     * @return where a message list to build the transcript from is: {@code "artifact"} for
     *         {@code artifact.messages}, {@code ""} for {@code messages}, {@code null} when there is none
     */
    String transcriptMessagesAt() {
        return top.artifactMessages ? "artifact" : top.messages ? "" : null;
    }

    /** @return talk time: {@code durationSeconds}, {@code durationMs}, else {@code endedAt - startedAt} */
    Duration duration() {
        Duration stated = Numbers.seconds(top.durationSeconds != null ? top.durationSeconds : call.durationSeconds);
        if (stated == null) {
            stated = Numbers.millis(top.durationMs != null ? top.durationMs : call.durationMs);
        }
        if (stated != null) {
            return stated;
        }
        Instant start = startedAt();
        return start == null ? null : Numbers.between(start, endedAt());
    }

    /** @return when the call was answered, or {@code null} */
    Instant startedAt() {
        return Timestamps.parse(top.startedAt != null ? top.startedAt : call.startedAt);
    }

    /** @return when the call ended, or {@code null} */
    Instant endedAt() {
        return Timestamps.parse(top.endedAt != null ? top.endedAt : call.endedAt);
    }

    /** @return the cost in USD, or {@code null} */
    BigDecimal cost() {
        return top.cost != null ? top.cost : call.cost;
    }

    /** @return when VAPI sent the message ({@code message.timestamp}, epoch millis or ISO-8601), or {@code null} */
    Instant occurredAt() {
        if (timestamp != null) {
            return Numbers.epochMillis(timestamp);
        }
        if (Texts.isBlank(timestampText)) {
            return null;
        }
        char first = timestampText.charAt(0);
        if (first >= '0' && first <= '9' && timestampText.indexOf('-') < 0) {
            try {
                return Numbers.epochMillis(Numbers.decimal(timestampText));
            } catch (NumberFormatException | ArithmeticException unreadable) {
                return null;
            }
        }
        return Timestamps.parse(timestampText);
    }
}
