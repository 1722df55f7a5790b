package io.inmo.voice.bland;

import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.internal.JsonBodies;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@code POST /v1/calls} body. Bland rejects unknown or null-padded fields, so absent settings are omitted. */
final class BlandRequests {

    private BlandRequests() {
    }

    static Map<String, Object> callBody(MakeCallRequest request, BlandSettings settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phone_number", request.phoneNumber());
        putIfSet(body, "task", settings.task());
        putIfSet(body, "pathway_id", settings.pathwayId());
        putIfSet(body, "pathway_version", settings.pathwayVersion());
        putIfSet(body, "voice", settings.voice());
        putIfSet(body, "first_sentence", settings.firstSentence());
        putIfSet(body, "max_duration", settings.maxDurationMinutes());
        body.put("record", settings.record());
        if (settings.voicemailAction() != null) {
            Map<String, Object> voicemail = new LinkedHashMap<>();
            voicemail.put("action", settings.voicemailAction().wireValue());
            putIfSet(voicemail, "message", settings.voicemailMessage());
            body.put("voicemail", voicemail);
        }
        putIfSet(body, "webhook", settings.webhookUrl());
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

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
