package io.inmo.voice.bland;

import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.internal.JsonBodies;
import io.inmo.voice.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@code POST /v1/calls} body. Bland rejects unknown or null-padded fields, so absent settings are omitted. */
final class BlandRequests {

    private BlandRequests() {
    }

    static Map<String, Object> callBody(MakeCallRequest request, ProviderConfig config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phone_number", request.phoneNumber());
        String task = config.setting(BlandConfig.SETTING_TASK).orElse(null);
        String pathwayId = config.setting(BlandConfig.SETTING_PATHWAY_ID).orElse(null);
        if (task != null) {
            body.put("task", task);
        }
        if (pathwayId != null) {
            body.put("pathway_id", pathwayId);
            config.setting(BlandConfig.SETTING_PATHWAY_VERSION).ifPresent(v -> body.put("pathway_version", version(v)));
        }
        config.setting(BlandConfig.SETTING_VOICE).ifPresent(v -> body.put("voice", v));
        config.setting(BlandConfig.SETTING_FIRST_SENTENCE).ifPresent(v -> body.put("first_sentence", v));
        config.setting(BlandConfig.SETTING_MAX_DURATION_MINUTES).ifPresent(v -> body.put("max_duration", number(v)));
        body.put("record", !"false".equalsIgnoreCase(config.setting(BlandConfig.SETTING_RECORD).orElse("true")));
        String voicemailAction = config.setting(BlandConfig.SETTING_VOICEMAIL_ACTION).orElse(null);
        if (voicemailAction != null) {
            Map<String, Object> voicemail = new LinkedHashMap<>();
            voicemail.put("action", voicemailAction);
            config.setting(BlandConfig.SETTING_VOICEMAIL_MESSAGE).ifPresent(m -> voicemail.put("message", m));
            body.put("voicemail", voicemail);
        }
        config.setting(BlandConfig.SETTING_WEBHOOK_URL).ifPresent(v -> body.put("webhook", v));
        if (!request.variables().isEmpty()) {
            body.put("request_data", new LinkedHashMap<String, Object>(request.variables()));
        }
        body.put("metadata", metadata(request));
        JsonBodies.deepMerge(body, request.providerOptions());
        // Our call id is how every webhook finds its call: no provider option may drop or change it.
        Object merged = body.get("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = merged instanceof Map ? (Map<String, Object>) merged : metadata(request);
        metadata.put(BlandProvider.METADATA_CALL_ID, request.callId());
        body.put("metadata", metadata);
        return body;
    }

    private static Map<String, Object> metadata(MakeCallRequest request) {
        Map<String, Object> metadata = new LinkedHashMap<>(request.metadata());
        metadata.put(BlandProvider.METADATA_CALL_ID, request.callId());
        return metadata;
    }

    private static Object version(String v) {
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException label) {
            return v;
        }
    }

    private static Object number(String v) {
        try {
            return Long.valueOf(v.trim());
        } catch (NumberFormatException notNumber) {
            return v;
        }
    }
}
