package io.inmo.voice.bland;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.CallLookup;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.internal.http.HttpFailures;
import io.inmo.voice.internal.http.HttpResult;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.internal.http.ProviderRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the Bland call that carries our call id, for a call whose {@code POST /v1/calls} answer was lost.
 *
 * <p>{@code GET /v1/calls} lists the account's calls newest first ({@code ascending=false}), a page of
 * {@value #PAGE} at a time ({@code from}/{@code to} indexes); the SDK stores no phone number, so it cannot filter by
 * {@code to_number}, and filters by {@code created_at} itself. The list shows no transcript and, in Bland's
 * documented example, no metadata: a listed call in the window whose metadata is shown is matched on it, and the
 * others are read with {@code GET /v1/calls/{id}}, whose {@code metadata.callId} settles it.
 *
 * <p>The search is bounded (at most {@value #MAX_PAGES} pages and {@value #MAX_DETAILS} Call Details): when the
 * bounds are reached before the answer is certain, it throws {@link ProviderUnavailableException}, so the call is
 * left for the next run rather than declared not placed. Not thread-safe; one per search.
 */
final class BlandCallSearch {

    static final int PAGE = 100;
    static final int MAX_PAGES = 10;
    static final int MAX_DETAILS = 25;

    /** A call found: Bland's id and its Call Details. */
    record Found(String externalCallId, BlandPayload call) {
    }

    private final ProviderHttpClient http;
    private final ProviderConfig config;
    private final Map<String, String> auth;

    BlandCallSearch(ProviderHttpClient http, ProviderConfig config, Map<String, String> auth) {
        this.http = http;
        this.config = config;
        this.auth = auth;
    }

    /**
     * @param lookup our call id and the creation window
     * @param details reads one call's Call Details (empty when Bland does not know it)
     * @return the call, or empty when Bland lists none carrying our id in the window
     */
    Optional<Found> find(CallLookup lookup, Function<String, Optional<BlandPayload>> details) {
        List<String> unseen = new ArrayList<>();
        boolean complete = false;
        for (int page = 0; page < MAX_PAGES && !complete; page++) {
            JsonNode calls = page(page);
            boolean olderReached = false;
            for (JsonNode listed : calls) {
                String id = text(listed, "call_id") != null ? text(listed, "call_id") : text(listed, "c_id");
                Instant created = Timestamps.parse(text(listed, "created_at"));
                if (id == null || created != null && created.isAfter(lookup.createdTo())) {
                    continue;
                }
                if (created != null && created.isBefore(lookup.createdFrom())) {
                    olderReached = true;
                    continue;
                }
                JsonNode metadata = listed.path("metadata");
                if (metadata.isObject()) {
                    if (lookup.callId().equals(text(metadata, BlandProvider.METADATA_CALL_ID))) {
                        return details.apply(id).map(call -> new Found(id, call));
                    }
                    continue; // the list shows its metadata: another call
                }
                unseen.add(id);
            }
            complete = olderReached || calls.size() < PAGE;
        }
        if (!complete || unseen.size() > MAX_DETAILS) {
            throw new ProviderUnavailableException(BlandConfig.PROVIDER_ID, "too many bland calls around "
                    + lookup.createdFrom() + " to look call " + lookup.callId() + " up (more than "
                    + (complete ? MAX_DETAILS + " without metadata in the list" : MAX_PAGES * PAGE + " listed")
                    + "); it is left for the next run");
        }
        for (String id : unseen) {
            Optional<BlandPayload> call = details.apply(id);
            if (call.isPresent() && lookup.callId().equals(call.get().ourCallId)) {
                return Optional.of(new Found(id, call.get()));
            }
        }
        return Optional.empty();
    }

    /** One page of the list, newest first. */
    private JsonNode page(int page) {
        ProviderRequest get = ProviderRequest.get(BlandConfig.PROVIDER_ID, ProviderRequest.endpoint(config,
                BlandConfig.DEFAULT_BASE_URL, "/v1/calls?ascending=false&sort_by=created_at&limit=" + PAGE
                        + "&from=" + page * PAGE + "&to=" + (page + 1) * PAGE), auth);
        HttpResult result = http.send(get, config);
        if (!result.isSuccess()) {
            throw HttpFailures.toException(get, result, BlandErrors.message(result), http.clock());
        }
        JsonNode calls = result.json().path("calls");
        if (!calls.isArray()) {
            throw new ProviderUnavailableException(BlandConfig.PROVIDER_ID, "bland answered GET /v1/calls without "
                    + "a \"calls\" array; cannot look calls up");
        }
        return calls;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
