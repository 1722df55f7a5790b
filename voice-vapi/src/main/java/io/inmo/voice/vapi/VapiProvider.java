package io.inmo.voice.vapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.CallLookup;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.http.HttpResult;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.internal.http.ProviderRequest;
import io.inmo.voice.spi.HttpProviderBuilder;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;
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
     * Checks the API key, assistant id, phone number id and server URL once per configuration.
     *
     * @param config a VAPI configuration, possibly built with {@code ProviderConfig.builder("vapi")}
     * @throws io.inmo.voice.InvalidRequestException naming every required setting that is missing, or the
     *         invalid one
     */
    @Override
    public void checkConfig(ProviderConfig config) {
        VapiSettings.of(config);
    }

    /**
     * Places the call with {@code POST /call}.
     *
     * @param request what to dial; its call id travels in {@code assistantOverrides.metadata.callId}
     * @param config the broker's VAPI settings (see {@link VapiConfig})
     * @return VAPI's call id and status (normally QUEUED)
     * @throws InvalidPhoneNumberException when VAPI refuses the customer number
     * @throws io.inmo.voice.ProviderRejectedException when VAPI refuses the request for another reason
     * @throws ProviderUnavailableException when VAPI is unreachable, refuses the key or keeps rate-limiting
     * @throws io.inmo.voice.InvalidRequestException when the configuration fails {@link #checkConfig}
     * @throws CallOutcomeUnknownException when the request was sent and the outcome is unknown (never retried)
     */
    @Override
    public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
        Objects.requireNonNull(request, "request");
        VapiSettings settings = VapiSettings.of(config);
        Map<String, Object> body = VapiRequests.callBody(request, settings);
        ProviderRequest post = ProviderRequest.createJson(id(), settings.callEndpoint(), settings.auth(), body);
        HttpResult response = http.send(post, config);
        if (!response.isSuccess()) {
            throw VapiErrors.failure(post, response, request.phoneNumber(), http.clock());
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
        ProviderRequest get = ProviderRequest.get(id(), ProviderRequest.endpoint(config, VapiConfig.DEFAULT_BASE_URL,
                "/call/" + ProviderRequest.pathSegment(externalCallId)), VapiRequests.auth(apiKey(config)));
        HttpResult response = http.send(get, config);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw VapiErrors.failure(get, response, null, http.clock());
        }
        return Optional.of(snapshot(externalCallId, response));
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
        return VapiEvents.parse(request);
    }

    /**
     * Looking calls up needs only the key: a call placed before the broker's other settings went wrong must still
     * be reconciled.
     */
    private String apiKey(ProviderConfig config) {
        if (Texts.isBlank(config.apiKey())) {
            throw new ProviderUnavailableException(id(), "VAPI is not configured for this broker: apiKey is missing");
        }
        return config.apiKey();
    }

    // --- responses ---------------------------------------------------------------------------------------

    /**
     * A {@code GET /call/{id}} answer read by the same reader as the webhooks ({@link VapiPayload}), so both
     * paths agree on every field. A call VAPI answers with an unreadable body is a provider fault (503).
     */
    private CallSnapshot snapshot(String requestedId, HttpResult response) {
        VapiPayload call;
        String transcript;
        try (JsonParser p = Json.mapper().createParser(response.body())) {
            call = VapiPayload.callObject(p);
            transcript = call.transcriptText() != null || call.transcriptMessagesAt() == null ? call.transcriptText()
                    : VapiTranscripts.fromMessages(Json.mapper().createParser(response.body()), call);
        } catch (IOException | MalformedWebhookException e) {
            throw new ProviderUnavailableException(id(), "vapi answered GET /call/" + requestedId
                    + " with a body that is not a readable call: " + e.getMessage(), e);
        }
        String status = call.status();
        String reason = call.endedReason();
        CallStatus mapped = status == null && reason != null
                ? EndedReasons.status(reason) : EndedReasons.callStatus(status, reason);
        String id = call.externalCallId();
        return new CallSnapshot(id != null ? id : requestedId, mapped, status, reason, transcript,
                call.recordingUrl(), call.duration(), call.cost(), call.summary(), call.endedAt());
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
        Optional<String> found = new VapiCallSearch(http, config, VapiRequests.auth(apiKey(config))).find(lookup);
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

    /**
     * Builder for {@link VapiProvider}: a host's {@code httpClient}, {@code clock} and retry {@code sleeper} (see
     * {@link HttpProviderBuilder}). Not thread-safe; the provider it builds is.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {

        private Builder() {
        }

        /** @return the provider */
        public VapiProvider build() {
            return new VapiProvider(ProviderHttpClient.builder().httpClient(httpClient()).clock(clock()).sleeper(sleeper())
                    .build());
        }
    }
}
