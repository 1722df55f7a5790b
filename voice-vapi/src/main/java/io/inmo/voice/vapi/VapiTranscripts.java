package io.inmo.voice.vapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
     * Second streaming pass over the body, to the message list {@link VapiPayload#transcriptMessagesAt()} named:
     * under {@code message} for a server message, at the top of a call object.
     *
     * @param p a parser over the same body the payload was read from, not yet started; closed here
     * @param payload what the first pass found
     * @return the transcript, or {@code null} when no turn has text
     * @throws IOException from the parser (the first pass already read the whole body, so not normally)
     */
    static String fromMessages(JsonParser p, VapiPayload payload) throws IOException {
        String at = payload.transcriptMessagesAt();
        try (p) {
            p.nextToken();
            if (at == null || payload.shape == VapiPayload.Shape.MESSAGE && !enter(p, "message", JsonToken.START_OBJECT)) {
                return null;
            }
            if (!at.isEmpty() && !enter(p, at, JsonToken.START_OBJECT)) {
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
