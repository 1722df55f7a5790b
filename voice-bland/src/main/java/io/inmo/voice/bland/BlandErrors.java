package io.inmo.voice.bland;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.internal.http.HttpResult;

/**
 * Extracts Bland's error message from whichever body shape it used. Seen shapes:
 * {@code {"status":"error","message":"...","errors":[...]}}, {@code {"status":"DNC Error","message":...}},
 * {@code {"data":null,"errors":[{"error":"AUTH_FAILURE","message":"Unauthorized"}]}},
 * {@code {"error":"OBJECTIVE_VALIDATION_ERROR","details":...}}, {@code {"error":"Invalid phone number format"}},
 * and plain text.
 */
final class BlandErrors {

    private static final int MAX_TEXT = 300;

    private BlandErrors() {
    }

    /** @return the message, or {@code null} when the body says nothing */
    static String message(HttpResult result) {
        JsonNode json = result.json();
        if (json.isMissingNode() || json.isNull()) {
            String text = result.text().strip();
            return text.isEmpty() ? null : clip(text);
        }
        if (!json.isObject()) {
            return clip(json.isTextual() ? json.asText() : json.toString());
        }
        StringBuilder out = new StringBuilder();
        String message = textOf(json.get("message"));
        if (message != null) {
            out.append(message);
        }
        String error = textOf(json.get("error"));
        if (error != null && (message == null || !message.contains(error))) {
            append(out, error);
        }
        String details = textOf(json.get("details"));
        if (details != null) {
            append(out, details);
        }
        JsonNode errors = json.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                String item;
                if (e.isObject()) {
                    String m = textOf(e.get("message"));
                    String code = textOf(e.get("error"));
                    item = m != null && code != null ? m + " (" + code + ")" : m != null ? m : code;
                } else {
                    item = textOf(e);
                }
                if (item != null && out.indexOf(item) < 0) {
                    append(out, item);
                }
            }
        }
        return out.length() == 0 ? null : clip(out.toString());
    }

    private static void append(StringBuilder out, String s) {
        if (out.length() > 0) {
            out.append("; ");
        }
        out.append(s);
    }

    private static String textOf(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        String s = node.isValueNode() ? node.asText() : node.toString();
        return s.isBlank() ? null : s.strip();
    }

    private static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
