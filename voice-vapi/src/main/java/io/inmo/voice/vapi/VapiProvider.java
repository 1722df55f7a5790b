package io.inmo.voice.vapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.CallLookup;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.Sleeper;
import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.internal.JsonBodies;
import io.inmo.voice.internal.Numbers;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.internal.http.HttpFailures;
import io.inmo.voice.internal.http.HttpResult;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.internal.http.ProviderRequest;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The VAPI provider (id {@code vapi}): places calls with {@code POST /call}, reads them back with
 * {@code GET /call/{id}} and turns VAPI server messages into provider-neutral {@link WebhookEvent}s.
 * Registered through {@link java.util.ServiceLoader}, so adding the {@code voice-vapi} jar is enough for
 * {@code VoiceProviderFactory} to find it. Stateless and thread-safe: one instance serves every broker.
 *
 * <pre>{@code
 * VoiceProvider vapi = new VapiProvider();
 * ProviderConfig config = VapiConfig.builder().apiKey(key).assistantId(assistant).phoneNumberId(number).build();
 * PlacedCall placed = vapi.makeCall(MakeCallRequest.builder()
 *         .callId("c-42").phoneNumber("+14155550123").customerName("Ana Torres").build(), config);
 * }</pre>
 *
 * <p>What is sent: {@code assistantId}, {@code phoneNumberId}, {@code customer{number, name}} (the name cut to
 * VAPI's 40-character limit), {@code assistantOverrides.variableValues} (the request's variables),
 * {@code assistantOverrides.metadata} (the request's metadata plus our call id under the key {@code callId},
 * which VAPI echoes in every webhook), {@code assistantOverrides.server.url} when a server URL is configured,
 * and the request's provider options deep-merged on top (our {@code callId} always wins).
 *
 * <p>Failures: a 400 about the customer number is an {@link InvalidPhoneNumberException}, any other 400 a
 * {@link io.inmo.voice.ProviderRejectedException} with VAPI's messages; 401/403 (wrong key), and rate limits
 * that outlast the retries are {@link ProviderUnavailableException}; a 5xx or a read timeout after the request
 * was sent is a {@link CallOutcomeUnknownException} and is never retried, because VAPI has no idempotency key
 * and a retry could dial the lead twice.
 */
public final class VapiProvider implements VoiceProvider {

    /** Key of our call id in {@code assistantOverrides.metadata}. */
    static final String METADATA_CALL_ID = "callId";
    /** VAPI's limit on {@code customer.name}. */
    static final int MAX_CUSTOMER_NAME = 40;

    private final ProviderHttpClient http;

    /** Creates the provider with the JDK HTTP client, real retry waits and the system clock (ServiceLoader). */
    public VapiProvider() {
        this(ProviderHttpClient.create());
    }

    /** Over the given HTTP plumbing; hosts use {@link #builder()}. */
    VapiProvider(ProviderHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * A builder for a provider with the host's own HTTP client or clock; the no-arg constructor gives the
     * defaults (a JDK client per configured connect timeout, the system clock, real waits between retries).
     *
     * <pre>{@code
     * VoiceProviderFactory providers = VoiceProviderFactory.builder()
     *         .register(VapiProvider.builder().httpClient(myHttpClient).build())
     *         .build();
     * }</pre>
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@code "vapi"} */
    @Override
    public String id() {
        return VapiConfig.PROVIDER_ID;
    }

    /**
     * Places the call with {@code POST /call}.
     *
     * @param request what to dial; its call id travels in {@code assistantOverrides.metadata.callId}
     * @param config the broker's VAPI settings (see {@link VapiConfig})
     * @return VAPI's call id and status (normally QUEUED)
     * @throws InvalidPhoneNumberException when VAPI refuses the customer number
     * @throws io.inmo.voice.ProviderRejectedException when VAPI refuses the request for another reason
     * @throws ProviderUnavailableException when VAPI is unreachable, refuses the key, keeps rate-limiting,
     *         or the configuration lacks a required setting
     * @throws CallOutcomeUnknownException when the request was sent and the outcome is unknown (never retried)
     */
    @Override
    public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
        Objects.requireNonNull(request, "request");
        String apiKey = require(config, config.apiKey(), "apiKey");
        String assistantId = require(config, config.setting(VapiConfig.ASSISTANT_ID).orElse(null),
                VapiConfig.ASSISTANT_ID);
        String phoneNumberId = require(config, config.setting(VapiConfig.PHONE_NUMBER_ID).orElse(null),
                VapiConfig.PHONE_NUMBER_ID);
        Map<String, Object> body = callBody(request, assistantId, phoneNumberId,
                config.setting(VapiConfig.SERVER_URL).filter(s -> !s.isBlank()).orElse(null));
        ProviderRequest post = ProviderRequest.createJson(id(), ProviderRequest.endpoint(config, VapiConfig.DEFAULT_BASE_URL, "/call"), auth(apiKey), body);
        HttpResult response = http.send(post, config);
        if (!response.isSuccess()) {
            throw failure(post, response, request.phoneNumber());
        }
        // VAPI answers with the whole call (1-2 KB); only these three fields are read.
        JsonNode json = response.json("id", "status", "endedReason");
        JsonNode idNode = json.path("id");
        if (!idNode.isTextual() || idNode.asText().isBlank()) {
            throw new CallOutcomeUnknownException(id(), "vapi answered HTTP " + response.status()
                    + " to POST /call without a call id; the call may have been placed, so it is not retried",
                    null);
        }
        String status = text(json, "status");
        return new PlacedCall(idNode.asText(), EndedReasons.callStatus(status, text(json, "endedReason")), status);
    }

    /**
     * Reads a call with {@code GET /call/{id}}; safe to repeat, so it is retried on timeouts and 5xx.
     *
     * @param externalCallId VAPI's call id
     * @param config the broker's VAPI settings
     * @return the call, or empty when VAPI answers 404
     * @throws ProviderUnavailableException when VAPI is unreachable, refuses the key or keeps failing
     */
    @Override
    public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
        if (externalCallId == null || externalCallId.isBlank()) {
            throw new IllegalArgumentException("externalCallId is required");
        }
        String apiKey = require(config, config.apiKey(), "apiKey");
        ProviderRequest get = ProviderRequest.get(id(), ProviderRequest.endpoint(config, VapiConfig.DEFAULT_BASE_URL,
                "/call/" + ProviderRequest.pathSegment(externalCallId)), auth(apiKey));
        HttpResult response = http.send(get, config);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw HttpFailures.toException(get, response, errorMessage(response.json()), http.clock());
        }
        return Optional.of(snapshot(externalCallId, response.json()));
    }

    /**
     * Parses a VAPI server message. {@code status-update} becomes {@code STATUS_UPDATE},
     * {@code end-of-call-report} becomes {@code CALL_ENDED}, every other type {@code IGNORED}. An
     * {@code endedReason} the SDK does not recognise gives status {@link CallStatus#UNKNOWN} with the raw
     * reason kept in {@link WebhookEvent#providerReason()}.
     *
     * @param request the verified webhook
     * @return the event; its id is derived from VAPI's call id, the message type and the status or ended
     *         reason (VAPI sends no message id), or from the body's SHA-256 for ignored messages without one
     * @throws io.inmo.voice.MalformedWebhookException when the body is not JSON, breaks the read limits, has no
     *         {@code message} object or {@code message.type}, or a status/end-of-call message carries no call id
     */
    @Override
    public WebhookEvent parseWebhook(WebhookRequest request) {
        return VapiWebhookParser.parse(request);
    }

    // --- request -----------------------------------------------------------------------------------------

    static Map<String, Object> callBody(MakeCallRequest request, String assistantId, String phoneNumberId,
                                        String serverUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistantId", assistantId);
        body.put("phoneNumberId", phoneNumberId);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("number", request.phoneNumber());
        if (request.customerName() != null && !request.customerName().isBlank()) {
            customer.put("name", cut(request.customerName().strip(), MAX_CUSTOMER_NAME));
        }
        body.put("customer", customer);
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (!request.variables().isEmpty()) {
            overrides.put("variableValues", new LinkedHashMap<>(request.variables()));
        }
        Map<String, Object> metadata = new LinkedHashMap<>(request.metadata());
        metadata.put(METADATA_CALL_ID, request.callId());
        overrides.put("metadata", metadata);
        if (serverUrl != null) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("url", serverUrl);
            overrides.put("server", server);
        }
        body.put("assistantOverrides", overrides);
        JsonBodies.deepMerge(body, request.providerOptions());
        // Correlation must survive whatever the options say: webhooks are matched on it.
        Map<String, Object> mergedOverrides = childMap(body, "assistantOverrides");
        childMap(mergedOverrides, "metadata").put(METADATA_CALL_ID, request.callId());
        return body;
    }

    /** Cuts to at most {@code max} UTF-16 units (VAPI counts JavaScript string length) without splitting a pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    /**
     * The map under {@code key}, changed in place: every map in a body {@link #callBody} builds is its own
     * {@code LinkedHashMap} ({@code deepMerge} copies the option maps it merges), so none is shared with the
     * caller. A value that is not a map (options may put one there) is replaced.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> childMap(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        Map<String, Object> child = new LinkedHashMap<>();
        parent.put(key, child);
        return child;
    }

    private static Map<String, String> auth(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    private String require(ProviderConfig config, String value, String name) {
        Objects.requireNonNull(config, "config");
        if (value == null || value.isBlank()) {
            throw new ProviderUnavailableException(id(), "VAPI is not configured for this broker: " + name
                    + " is missing (build the configuration with VapiConfig.builder())");
        }
        return value;
    }

    // --- responses ---------------------------------------------------------------------------------------

    private RuntimeException failure(ProviderRequest post, HttpResult response, String phoneNumber) {
        String message = PhoneNumbers.maskIn(errorMessage(response.json()), phoneNumber);
        if (response.status() == 400 && aboutCustomerNumber(message)) {
            return new InvalidPhoneNumberException("vapi refused the number " + PhoneNumbers.mask(phoneNumber)
                    + ": " + message);
        }
        return HttpFailures.toException(post, response, message, http.clock());
    }

    private static boolean aboutCustomerNumber(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("customer.number") || m.contains("customer number")
                || (m.contains("customer") && m.contains("e.164"));
    }

    /** VAPI's {@code message} is a string (401) or an array of strings (400 validation); else {@code error}. */
    static String errorMessage(JsonNode json) {
        JsonNode message = json.path("message");
        if (message.isTextual() && !message.asText().isBlank()) {
            return message.asText();
        }
        if (message.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode m : message) {
                if (m.isTextual() && !m.asText().isBlank()) {
                    parts.add(m.asText());
                }
            }
            if (!parts.isEmpty()) {
                return String.join("; ", parts);
            }
        }
        JsonNode error = json.path("error");
        return error.isTextual() && !error.asText().isBlank() ? error.asText() : null;
    }

    private static CallSnapshot snapshot(String requestedId, JsonNode call) {
        String id = text(call, "id");
        String status = text(call, "status");
        String reason = text(call, "endedReason");
        CallStatus mapped = status == null && reason != null
                ? EndedReasons.status(reason) : EndedReasons.callStatus(status, reason);
        JsonNode artifact = call.path("artifact");
        String transcript = Texts.firstNonBlank(text(artifact, "transcript"), text(call, "transcript"));
        if (transcript == null) {
            transcript = VapiTranscripts.fromMessages(artifact.path("messages"));
        }
        if (transcript == null) {
            transcript = VapiTranscripts.fromMessages(call.path("messages"));
        }
        String recording = Texts.firstNonBlank(text(artifact, "recordingUrl"),
                text(artifact.path("recording").path("mono"), "combinedUrl"), text(call, "recordingUrl"),
                text(artifact, "stereoRecordingUrl"), text(artifact.path("recording"), "stereoUrl"));
        Instant startedAt = Timestamps.parse(text(call, "startedAt"));
        Instant endedAt = Timestamps.parse(text(call, "endedAt"));
        Duration duration = Numbers.seconds(number(call, "durationSeconds"));
        if (duration == null) {
            duration = Numbers.between(startedAt, endedAt);
        }
        BigDecimal cost = number(call, "cost");
        String summary = Texts.firstNonBlank(text(call.path("analysis"), "summary"),
                text(call, "summary"));
        return new CallSnapshot(id != null ? id : requestedId, mapped, status, reason, transcript, recording,
                duration, cost, summary, endedAt);
    }

    /** A number through the shared bounded reader; unreadable or out of range is absent on a fetched call. */
    private static BigDecimal number(JsonNode node, String field) {
        try {
            return Numbers.decimal(node.get(field));
        } catch (NumberFormatException | ArithmeticException unreadable) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    /**
     * Finds a call by our call id among VAPI's calls created in the lookup's window ({@code GET /call} filtered by
     * creation time, the broker's assistant and phone number; see {@link VapiCallSearch}), then reads it with
     * {@code GET /call/{id}}.
     *
     * @param lookup our call id and the creation window
     * @param config the broker's VAPI settings
     * @return the call, or empty when VAPI lists no call carrying our id in the window
     * @throws ProviderUnavailableException bad key, unreachable, or a full list without our call (inconclusive)
     */
    @Override
    public Optional<CallSnapshot> findCall(CallLookup lookup, ProviderConfig config) {
        Objects.requireNonNull(lookup, "lookup");
        String apiKey = require(config, config.apiKey(), "apiKey");
        Optional<String> found = new VapiCallSearch(http, config, auth(apiKey)).find(lookup);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fetchCall(found.get(), config).orElseThrow(() -> new ProviderUnavailableException(id(),
                "vapi lists call " + found.get() + " but GET /call/{id} does not find it; left for the next run")));
    }

    /** Never prints anything but the id. */
    @Override
    public String toString() {
        return "VapiProvider";
    }

    /** Builder for {@link VapiProvider}. Not thread-safe; the provider it builds is. */
    public static final class Builder {
        private final ProviderHttpClient.Builder http = ProviderHttpClient.builder();

        private Builder() {
        }

        /**
         * @param httpClient the client every request goes through (its proxy, TLS and connect timeout settings
         *        win); default one JDK client per configured connect timeout
         * @return this builder
         */
        public Builder httpClient(HttpClient httpClient) {
            http.httpClient(Objects.requireNonNull(httpClient, "httpClient"));
            return this;
        }

        /** @param clock reads {@code Retry-After} dates; default the UTC system clock @return this builder */
        public Builder clock(Clock clock) {
            http.clock(clock);
            return this;
        }

        /**
         * @param sleeper waits between retries (tests pass one that records instead of sleeping); default
         *        {@link Sleeper#system()}
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            http.sleeper(sleeper);
            return this;
        }

        /** @return the provider */
        public VapiProvider build() {
            return new VapiProvider(http.build());
        }
    }
}
