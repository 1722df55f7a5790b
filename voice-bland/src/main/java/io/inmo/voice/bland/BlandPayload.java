package io.inmo.voice.bland;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.internal.Numbers;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The fields of a Bland body the SDK uses, read in one streaming pass: a post-call webhook, a Call Details
 * response (same shape), a {@code webhook_events} stream message or anything else Bland posts. Every other
 * field is skipped without being materialized. Mutable, confined to the parsing thread.
 */
final class BlandPayload {

    /** What kind of body this is, decided from its shape (Bland sends no type field). */
    enum Kind {
        /** End-of-call data: has a call status ({@code status}, {@code queue_status} or {@code completed}). */
        CALL,
        /** A {@code webhook_events} stream message: {@code message} + {@code category}/{@code log_level}. */
        STREAM,
        /** Anything else (citations, evals, unknown payloads). */
        OTHER
    }

    String callId;
    String cId;
    String ourCallId;
    String status;
    String answeredBy;
    String queueStatus;
    String errorMessage;
    String dispositionTag;
    Boolean completed;
    String message;
    String category;
    String logLevel;
    String concatenatedTranscript;
    String turnsTranscript;
    String summary;
    String recordingUrl;
    String correctedDuration;
    BigDecimal callLength;
    BigDecimal price;
    String endAt;

    private BlandPayload() {
    }

    /**
     * Parses a body with the request's read-constrained streaming parser.
     *
     * @throws MalformedWebhookException when the body is not a JSON object or a used field has the wrong type
     */
    static BlandPayload parse(WebhookRequest request) {
        BlandPayload d = new BlandPayload();
        try (JsonParser p = request.parser()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedWebhookException("bland webhook body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "call_id": d.callId = text(p, v, name); break;
                    case "c_id": d.cId = text(p, v, name); break;
                    case "status": d.status = text(p, v, name); break;
                    case "answered_by": d.answeredBy = text(p, v, name); break;
                    case "queue_status": d.queueStatus = text(p, v, name); break;
                    case "error_message": d.errorMessage = text(p, v, name); break;
                    case "disposition_tag": d.dispositionTag = text(p, v, name); break;
                    case "completed": d.completed = bool(p, v, name); break;
                    case "message": d.message = text(p, v, name); break;
                    case "category": d.category = text(p, v, name); break;
                    case "log_level": d.logLevel = text(p, v, name); break;
                    case "summary": d.summary = text(p, v, name); break;
                    case "recording_url": d.recordingUrl = text(p, v, name); break;
                    case "corrected_duration": d.correctedDuration = text(p, v, name); break;
                    case "call_length": d.callLength = decimal(p, v, name); break;
                    case "price": d.price = decimal(p, v, name); break;
                    case "end_at": d.endAt = text(p, v, name); break;
                    case "concatenated_transcript": d.concatenatedTranscript = text(p, v, name); break;
                    case "transcripts": d.readTurns(p, v); break;
                    case "metadata": d.readMetadata(p, v); break;
                    default: p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedWebhookException("bland webhook body is not a complete JSON object");
            }
            if (p.nextToken() != null) {
                throw new MalformedWebhookException("bland webhook body has content after the JSON object");
            }
        } catch (IOException e) {
            throw request.malformed(e);
        }
        return d;
    }

    /** @return the kind of body, from its shape */
    Kind kind() {
        if (status == null && queueStatus == null && completed == null && message != null
                && (category != null || logLevel != null)) {
            return Kind.STREAM;
        }
        if (status != null || queueStatus != null || completed != null) {
            return Kind.CALL;
        }
        return Kind.OTHER;
    }

    /** @return Bland's call id ({@code call_id}, else its twin {@code c_id}), or {@code null} */
    String externalCallId() {
        return !Texts.isBlank(callId) ? callId : Texts.isBlank(cId) ? null : cId;
    }

    /** @return the transcript, one {@code Speaker: text} line per turn, or {@code null} */
    String transcript() {
        if (!Texts.isBlank(concatenatedTranscript)) {
            String t = normalizeConcatenated(concatenatedTranscript);
            if (t != null) {
                return t;
            }
        }
        return turnsTranscript;
    }

    /**
     * @return talk time from {@code corrected_duration} (seconds, a string), else {@code call_length} (minutes);
     *         {@code null} when neither is readable or the value is not a plausible call length
     */
    Duration duration() {
        if (correctedDuration != null) {
            try {
                Duration seconds = Numbers.seconds(Numbers.decimal(correctedDuration));
                if (seconds != null) {
                    return seconds;
                }
            } catch (NumberFormatException | ArithmeticException unreadable) {
                // fall back to call_length
            }
        }
        return Numbers.minutes(callLength);
    }

    /** @return {@code end_at} as an instant, or {@code null} when absent or unreadable */
    Instant endedAt() {
        return Timestamps.parse(endAt);
    }

    private void readMetadata(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            throw wrongType("metadata", "an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("callId".equals(name)) {
                ourCallId = text(p, value, "metadata.callId");
            } else {
                p.skipChildren();
            }
        }
    }

    private void readTurns(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            throw wrongType("transcripts", "an array");
        }
        if (!Texts.isBlank(concatenatedTranscript)) {
            p.skipChildren();
            return;
        }
        StringBuilder out = new StringBuilder();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            if (t != JsonToken.START_OBJECT) {
                throw wrongType("transcripts[]", "an object");
            }
            String user = null;
            String text = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("user".equals(name)) {
                    user = text(p, value, "transcripts[].user");
                } else if ("text".equals(name)) {
                    text = text(p, value, "transcripts[].text");
                } else {
                    p.skipChildren();
                }
            }
            String speaker = speaker(user);
            if (speaker != null && text != null && !text.isBlank()) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(speaker).append(": ").append(text.trim());
            }
        }
        turnsTranscript = out.length() == 0 ? null : out.toString();
    }

    /**
     * Maps Bland's role to our speaker label: user → User, assistant/agent/robot → AI; non-speech turns
     * ({@code agent-action}: "Ended call", "Transferred call") are dropped; other roles are kept as sent.
     */
    static String speaker(String role) {
        if (role == null || role.isBlank()) {
            return null;
        }
        switch (role.trim().toLowerCase(Locale.ROOT)) {
            case "user":
                return "User";
            case "assistant":
            case "agent":
            case "robot":
                return "AI";
            case "agent-action":
            case "agent_action":
                return null;
            default:
                return role.trim();
        }
    }

    /**
     * Rewrites Bland's {@code "user: ... \n assistant: ... \n agent-action: Ended call \n "} to one
     * {@code Speaker: text} line per turn with the same labels as {@link #speaker(String)}. Works on index
     * ranges of the one string, without a substring per line: it runs on every end-of-call report.
     */
    static String normalizeConcatenated(String raw) {
        int len = raw.length();
        StringBuilder out = new StringBuilder(len);
        int pos = 0;
        while (pos < len) {
            int nl = raw.indexOf('\n', pos);
            int lineEnd = nl < 0 ? len : nl;
            int from = pos;
            int to = lineEnd;
            while (from < to && Character.isWhitespace(raw.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(raw.charAt(to - 1))) {
                to--;
            }
            if (from < to) {
                appendTurn(out, raw, from, to);
            }
            pos = lineEnd + 1;
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static void appendTurn(StringBuilder out, String raw, int from, int to) {
        int colon = raw.indexOf(':', from);
        String label = null;
        int textFrom = from;
        if (colon > from && colon < to) {
            int roleEnd = colon;
            while (roleEnd > from && raw.charAt(roleEnd - 1) == ' ') {
                roleEnd--;
            }
            int roleLength = roleEnd - from;
            if (isRole(raw, from, roleLength, "agent-action") || isRole(raw, from, roleLength, "agent_action")) {
                return; // non-speech turn
            }
            if (isRole(raw, from, roleLength, "user")) {
                label = "User";
            } else if (isRole(raw, from, roleLength, "assistant") || isRole(raw, from, roleLength, "agent")
                    || isRole(raw, from, roleLength, "robot")) {
                label = "AI";
            }
            if (label != null) {
                textFrom = colon + 1;
                while (textFrom < to && Character.isWhitespace(raw.charAt(textFrom))) {
                    textFrom++;
                }
                if (textFrom == to) {
                    return; // a label with nothing said
                }
            }
        }
        if (out.length() > 0) {
            out.append('\n');
        }
        if (label != null) {
            out.append(label).append(": ");
        }
        out.append(raw, textFrom, to);
    }

    private static boolean isRole(String raw, int from, int length, String role) {
        return length == role.length() && raw.regionMatches(true, from, role, 0, length);
    }

    private static String text(JsonParser p, JsonToken v, String name) throws IOException {
        switch (v) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_NULL:
                return null;
            default:
                throw wrongType(name, "a string");
        }
    }

    private static Boolean bool(JsonParser p, JsonToken v, String name) throws IOException {
        switch (v) {
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                String s = p.getText().trim();
                if (s.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (s.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw wrongType(name, "a boolean");
            default:
                throw wrongType(name, "a boolean");
        }
    }

    /** A number or numeric string through the shared bounded reader (no real payload has one out of range). */
    private static BigDecimal decimal(JsonParser p, JsonToken v, String name) throws IOException {
        try {
            return Numbers.decimal(p, v);
        } catch (NumberFormatException notANumber) {
            throw wrongType(name, "a number");
        } catch (ArithmeticException outOfRange) {
            throw new MalformedWebhookException("bland webhook field '" + name + "' is out of range ("
                    + outOfRange.getMessage() + ")");
        }
    }

    private static MalformedWebhookException wrongType(String field, String expected) {
        return new MalformedWebhookException("bland webhook field '" + field + "' must be " + expected);
    }
}
