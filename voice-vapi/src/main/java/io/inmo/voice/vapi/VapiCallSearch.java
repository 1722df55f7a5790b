package io.inmo.voice.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.CallLookup;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.internal.http.HttpFailures;
import io.inmo.voice.internal.http.HttpResult;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.internal.http.ProviderRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the VAPI call that carries our call id, for a call whose {@code POST /call} answer was lost:
 * {@code GET /call} filtered by creation time ({@code createdAtGe}, {@code createdAtLe}) and by the broker's
 * assistant and phone number, then the call whose {@code assistantOverrides.metadata.callId} (or top-level
 * {@code metadata.callId}) is ours, read by {@link VapiPayload#ourCallId(JsonNode)}, the one call reader. The
 * list holds whole calls, so one request answers; when it comes back full
 * ({@value #LIMIT} calls) without ours, the answer is not certain and the search throws
 * {@link ProviderUnavailableException}, leaving the call for the next run.
 */
final class VapiCallSearch {

    static final int LIMIT = 1000;

    private final ProviderHttpClient http;
    private final ProviderConfig config;
    private final Map<String, String> auth;

    VapiCallSearch(ProviderHttpClient http, ProviderConfig config, Map<String, String> auth) {
        this.http = http;
        this.config = config;
        this.auth = auth;
    }

    /**
     * @param lookup our call id and the creation window
     * @return VAPI's id of the call, or empty when VAPI lists no call carrying our id in the window
     */
    Optional<String> find(CallLookup lookup) {
        StringBuilder path = new StringBuilder("/call?createdAtGe=").append(query(lookup.createdFrom().toString()))
                .append("&createdAtLe=").append(query(lookup.createdTo().toString()));
        // Read as stored, not checked: a call is looked up even after the broker's settings went wrong.
        config.setting(VapiConfig.ASSISTANT_ID).filter(s -> !s.isBlank())
                .ifPresent(a -> path.append("&assistantId=").append(query(a.trim())));
        config.setting(VapiConfig.PHONE_NUMBER_ID).filter(s -> !s.isBlank())
                .ifPresent(p -> path.append("&phoneNumberId=").append(query(p.trim())));
        path.append("&limit=").append(LIMIT);
        ProviderRequest get = ProviderRequest.get(VapiConfig.PROVIDER_ID, ProviderRequest.endpoint(config,
                VapiConfig.DEFAULT_BASE_URL, path.toString()), auth);
        HttpResult result = http.send(get, config);
        if (!result.isSuccess()) {
            throw HttpFailures.toException(get, result, VapiErrors.message(result.json()), http.clock());
        }
        JsonNode body = result.json();
        JsonNode calls = body.isArray() ? body : body.path("results");
        if (!calls.isArray()) {
            throw new ProviderUnavailableException(VapiConfig.PROVIDER_ID, "vapi answered GET /call without a list "
                    + "of calls; cannot look calls up");
        }
        for (JsonNode call : calls) {
            String id = text(call, "id");
            Instant created = Timestamps.parse(text(call, "createdAt"));
            if (id != null && (created == null || lookup.covers(created))
                    && lookup.callId().equals(VapiPayload.ourCallId(call))) {
                return Optional.of(id);
            }
        }
        if (calls.size() >= LIMIT) {
            throw new ProviderUnavailableException(VapiConfig.PROVIDER_ID, "vapi lists " + calls.size() + " calls "
                    + "around " + lookup.createdFrom() + " and call " + lookup.callId() + " is not among them; "
                    + "there may be more, so it is left for the next run");
        }
        return Optional.empty();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
