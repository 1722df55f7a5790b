package io.inmo.voice.vapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;

/**
 * Builds a plain-text transcript, one {@code Speaker: text} line per turn, from VAPI's message list:
 * roles {@code bot} and {@code assistant} become {@code AI}, {@code user} becomes {@code User}; system
 * prompts and tool messages are left out. Used only when VAPI sent no transcript text.
 */
final class VapiTranscripts {

    private VapiTranscripts() {
    }

    /**
     * Second streaming pass over the body, to {@code message.artifact.messages} (or {@code message.messages}).
     *
     * @param request the webhook
     * @param fromArtifact {@code true} to read {@code artifact.messages}, {@code false} for {@code message.messages}
     * @return the transcript, or {@code null} when no turn has text
     */
    static String fromMessages(WebhookRequest request, boolean fromArtifact) {
        try (JsonParser p = request.parser()) {
            p.nextToken();
            if (!enter(p, "message", JsonToken.START_OBJECT)) {
                return null;
            }
            if (fromArtifact && !enter(p, "artifact", JsonToken.START_OBJECT)) {
                return null;
            }
            if (!enter(p, "messages", JsonToken.START_ARRAY)) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String role = null;
                String text = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("role".equals(name) && t == JsonToken.VALUE_STRING) {
                        role = p.getText();
                    } else if (("message".equals(name) || ("content".equals(name) && text == null))
                            && t == JsonToken.VALUE_STRING) {
                        text = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                appendTurn(out, role, text);
            }
            return out.length() == 0 ? null : out.toString();
        } catch (IOException e) {
            // The first pass already read the whole body successfully; this cannot normally happen.
            throw request.malformed(e);
        }
    }

    /**
     * Moves into the value of {@code field} of the current object when it starts with {@code start} (an object
     * or an array), skipping the fields before it.
     *
     * @return {@code false} if the object has no such field of that kind
     */
    private static boolean enter(JsonParser p, String field, JsonToken start) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals(name) && t == start) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    /**
     * @param messages a {@code messages} array node (for {@code GET /call/{id}} responses)
     * @return the transcript, or {@code null}
     */
    static String fromMessages(JsonNode messages) {
        if (messages == null || !messages.isArray()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode m : messages) {
            JsonNode text = m.path("message").isTextual() ? m.path("message") : m.path("content");
            appendTurn(out, m.path("role").isTextual() ? m.path("role").asText() : null,
                    text.isTextual() ? text.asText() : null);
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static void appendTurn(StringBuilder out, String role, String text) {
        if (role == null || text == null || text.isBlank()) {
            return;
        }
        String speaker;
        switch (role) {
            case "bot":
            case "assistant":
                speaker = "AI";
                break;
            case "user":
                speaker = "User";
                break;
            default:
                return;
        }
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(speaker).append(": ").append(text.strip());
    }
}
