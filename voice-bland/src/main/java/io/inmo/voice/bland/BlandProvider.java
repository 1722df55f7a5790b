package io.inmo.voice.bland;

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
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.http.HttpFailures;
import io.inmo.voice.internal.http.HttpResult;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.internal.http.ProviderRequest;
import io.inmo.voice.spi.HttpProviderBuilder;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Bland AI provider (id {@code bland}): places calls with {@code POST /v1/calls}, reads them back with
 * {@code GET /v1/calls/{id}} and turns Bland's webhooks into {@link WebhookEvent}s. Registered for
 * {@link java.util.ServiceLoader}; stateless and thread-safe, so one instance serves every broker (the
 * credentials come with each call in a {@link ProviderConfig}, see {@link BlandConfig}).
 *
 * <p>Hosts normally never call it directly: {@code VoiceCallService} and {@code WebhookNormalizer} find it
 * by id. Direct use:
 *
 * <pre>{@code
 * ProviderConfig config = BlandConfig.builder().apiKey(key).task("...").build();
 * PlacedCall placed = new BlandProvider().makeCall(MakeCallRequest.builder()
 *         .callId("c-123").phoneNumber("+14155550123").variable("customer_name", "Ana").build(), config);
 * }</pre>
 *
 * <p>Never dials twice: a {@code POST /v1/calls} is repeated only after a connection failure or a 429 that
 * Bland will lift (its "every 10 seconds to the same number" rule waits 10 s, or {@code Retry-After}),
 * within {@link ProviderConfig#maxRetryWait()}. A read timeout or a 5xx throws
 * {@link CallOutcomeUnknownException}; the webhook, which carries our call id in {@code metadata.callId},
 * settles the call.
 */
public final class BlandProvider implements VoiceProvider {

    /** The metadata key our call id travels under, echoed back in every post-call webhook. */
    public static final String METADATA_CALL_ID = "callId";

    private static final Duration SAME_NUMBER_WAIT = Duration.ofSeconds(10);
    private static final ProviderRequest.RateLimitRule RATE_LIMIT = (response, clock) -> {
        String message = BlandErrors.message(response);
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("blacklist")) {
            return Optional.empty();
        }
        Optional<Duration> retryAfter = response.retryAfter(clock);
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        if (lower.contains("every 10 seconds") || lower.contains("same number")) {
            return Optional.of(SAME_NUMBER_WAIT);
        }
        return Optional.of(Duration.ZERO);
    };

    private final ProviderHttpClient http;

    /** Creates the provider with the JDK HTTP client, real retry waits and the system clock. */
    public BlandProvider() {
        this(ProviderHttpClient.create());
    }

    /** Over the given HTTP plumbing; hosts use {@link #builder()}. */
    BlandProvider(ProviderHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * A builder for a provider with the host's own HTTP client or clock; the no-arg constructor gives the
     * defaults (a JDK client per configured connect timeout, the system clock, real waits between retries).
     *
     * <pre>{@code
     * VoiceProviderFactory providers = VoiceProviderFactory.builder()
     *         .register(BlandProvider.builder().httpClient(myHttpClient).build())
     *         .build();
     * }</pre>
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return {@code "bland"} */
    @Override
    public String id() {
        return BlandConfig.PROVIDER_ID;
    }

    /**
     * Checks the API key, the task or pathway and the optional settings once per configuration.
     *
     * @param config a Bland configuration, possibly built with {@code ProviderConfig.builder("bland")}
     * @throws io.inmo.voice.InvalidRequestException naming the setting that is missing or invalid
     */
    @Override
    public void checkConfig(ProviderConfig config) {
        BlandSettings.of(config);
    }

    /**
     * Sends {@code POST /v1/calls}. The body carries {@code phone_number}, the configured task or pathway,
     * {@code request_data} (the request's variables), {@code metadata} (the request's metadata plus our
     * {@code callId}, which always wins), the webhook URL, {@code record} and the optional voice, first
     * sentence, max duration and voicemail settings; the request's provider options are then deep-merged in
     * (nested maps merge, other values replace).
     *
     * @param request what to dial
     * @param config the broker's Bland settings ({@link BlandConfig})
     * @return the call Bland queued, status {@link CallStatus#QUEUED}
     * @throws InvalidPhoneNumberException Bland refused the number
     * @throws ProviderRejectedException any other refusal (do-not-call list, validation, blacklisted number)
     * @throws ProviderUnavailableException bad key, no balance, unreachable or rate-limited for too long
     * @throws io.inmo.voice.InvalidRequestException the configuration fails {@link #checkConfig}
     * @throws CallOutcomeUnknownException the request was sent but the answer was a 5xx or never came
     */
    @Override
    public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
        Objects.requireNonNull(request, "request");
        BlandSettings settings = BlandSettings.of(config);
        Map<String, Object> body = BlandRequests.callBody(request, settings);
        ProviderRequest post = ProviderRequest.createJson(id(), settings.callEndpoint(), auth(settings.apiKey()), body)
                .withRateLimit(RATE_LIMIT);
        HttpResult result = http.send(post, config);
        if (result.isSuccess()) {
            JsonNode json = result.json("status", "call_id");
            String status = json.path("status").asText(null);
            if (status != null && !"success".equalsIgnoreCase(status)) {
                throw refusal(result.status(), BlandErrors.message(result), request);
            }
            String externalId = json.path("call_id").asText(null);
            if (Texts.isBlank(externalId)) {
                throw new CallOutcomeUnknownException(id(), "bland answered HTTP " + result.status()
                        + " to POST /v1/calls without a call_id; the call may have been placed, so it is not "
                        + "retried", null);
            }
            return new PlacedCall(externalId, CallStatus.QUEUED, status);
        }
        String message = BlandErrors.message(result);
        int code = result.status();
        if (code == 400 || code == 404 || code == 418 || code == 422) {
            throw refusal(code, message, request);
        }
        if (code == 429 && message != null && message.toLowerCase(Locale.ROOT).contains("blacklist")) {
            throw new ProviderRejectedException(id(), code, mask(message, request));
        }
        throw HttpFailures.toException(post, result, mask(message, request), http.clock());
    }

    /**
     * Reads a call with {@code GET /v1/calls/{id}} (Call Details, the same shape as the post-call webhook),
     * for reconciling calls whose webhooks never arrived. The status follows the same rules as the webhook.
     *
     * @param externalCallId Bland's call id
     * @param config the broker's Bland settings
     * @return the call, or empty when Bland does not know it (404)
     * @throws ProviderUnavailableException bad key, unreachable, or an unreadable answer
     */
    @Override
    public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
        return fetchPayload(externalCallId, config).map(call -> snapshot(call, externalCallId));
    }

    /**
     * Finds a call by our call id among Bland's calls created in the lookup's window: {@code GET /v1/calls},
     * newest first, page by page, then Call Details of the calls in the window whose metadata the list does not
     * show. See {@link BlandCallSearch} for the bounds of the search.
     *
     * @param lookup our call id and the creation window
     * @param config the broker's Bland settings
     * @return the call, or empty when Bland lists no call carrying our id in the window
     * @throws ProviderUnavailableException bad key, unreachable, an unreadable answer, or too many calls in the
     *         window to check (the call is then left for the next reconciliation)
     */
    @Override
    public Optional<CallSnapshot> findCall(CallLookup lookup, ProviderConfig config) {
        Objects.requireNonNull(lookup, "lookup");
        return new BlandCallSearch(http, config, auth(apiKey(config))).find(lookup, id -> fetchPayload(id, config))
                .map(found -> snapshot(found.call(), found.externalCallId()));
    }

    /** Call Details of one call, or empty when Bland does not know it. */
    Optional<BlandPayload> fetchPayload(String externalCallId, ProviderConfig config) {
        if (Texts.isBlank(externalCallId)) {
            throw new IllegalArgumentException("externalCallId is required");
        }
        ProviderRequest get = ProviderRequest.get(id(), ProviderRequest.endpoint(config, BlandConfig.DEFAULT_BASE_URL,
                "/v1/calls/" + ProviderRequest.pathSegment(externalCallId)), auth(apiKey(config)));
        HttpResult result = http.send(get, config);
        if (result.status() == 404) {
            return Optional.empty();
        }
        if (!result.isSuccess()) {
            String message = BlandErrors.message(result);
            if (result.status() == 400 && message != null && message.toLowerCase(Locale.ROOT).contains("not found")) {
                return Optional.empty();
            }
            throw HttpFailures.toException(get, result, message, http.clock());
        }
        BlandPayload call;
        try {
            call = BlandPayload.parse(WebhookRequest.of(id(), Map.of(), result.body()));
        } catch (MalformedWebhookException e) {
            throw new ProviderUnavailableException(id(), "bland answered GET /v1/calls/{id} with a body that "
                    + "cannot be read: " + e.getMessage(), e);
        }
        if ("error".equalsIgnoreCase(call.status) && call.externalCallId() == null) {
            String message = BlandErrors.message(result);
            if (message != null && message.toLowerCase(Locale.ROOT).contains("not found")) {
                return Optional.empty();
            }
            throw new ProviderRejectedException(id(), result.status(), message);
        }
        return Optional.of(call);
    }

    private static CallSnapshot snapshot(BlandPayload call, String requestedId) {
        CallStatus status = BlandEvents.status(call);
        String externalId = call.externalCallId() != null ? call.externalCallId() : requestedId;
        return new CallSnapshot(externalId, status, call.status, BlandEvents.reason(call), call.transcript(),
                call.recordingUrl, call.duration(), call.price, call.summary, call.endedAt());
    }

    /**
     * Turns a verified Bland webhook into an event, reading the body in one streaming pass:
     * <ul>
     *   <li>the post-call webhook (it has {@code status}/{@code queue_status}/{@code completed}) becomes
     *       {@link WebhookEvent.Type#CALL_ENDED} with the outcome decided from {@code status},
     *       {@code answered_by}, {@code queue_status}, {@code error_message} and {@code disposition_tag}
     *       (see the module README), the transcript, summary, recording, duration and price;</li>
     *   <li>a {@code webhook_events} stream message saying the call was queued, is ringing or connected
     *       becomes {@link WebhookEvent.Type#STATUS_UPDATE} (QUEUED, RINGING, IN_PROGRESS);</li>
     *   <li>everything else is {@link WebhookEvent.Type#IGNORED}.</li>
     * </ul>
     * Bland sends no event id, so it is derived from the call and what the message says:
     * {@code bland:<call_id>:ended:<STATUS>} or {@code bland:<call_id>:status:<STATUS>}, so every delivery of
     * the same outcome (redelivered, resent with more data, re-encoded by a proxy) has the same id; ignored
     * messages get {@code bland:<call_id>:ignored:<32 hex of the body's SHA-256>}.
     *
     * @param request the raw webhook
     * @return the event
     * @throws MalformedWebhookException the body is not a JSON object, a field has the wrong type, or a
     *         status or end-of-call message carries neither {@code call_id} nor {@code metadata.callId}
     */
    @Override
    public WebhookEvent parseWebhook(WebhookRequest request) {
        return BlandEvents.toEvent(request, BlandPayload.parse(request));
    }

    private RuntimeException refusal(int httpStatus, String message, MakeCallRequest request) {
        String said = mask(message, request);
        String lower = said == null ? "" : said.toLowerCase(Locale.ROOT);
        if (lower.contains("invalid phone") || lower.contains("phone number format")
                || lower.contains("phone_number must") || lower.contains("invalid number")) {
            return new InvalidPhoneNumberException("bland refused the phone number "
                    + PhoneNumbers.mask(request.phoneNumber()) + ": " + said);
        }
        return new ProviderRejectedException(id(), httpStatus, said);
    }

    /** Bland's messages may quote the number we sent; phone numbers never appear whole in exceptions. */
    private static String mask(String message, MakeCallRequest request) {
        return PhoneNumbers.maskIn(message, request.phoneNumber());
    }

    /**
     * Looking calls up needs only the key: a call placed before the broker's other settings went wrong must still
     * be reconciled.
     */
    private String apiKey(ProviderConfig config) {
        if (!id().equals(config.providerId())) {
            throw new ProviderUnavailableException(id(), "the configuration is for provider '" + config.providerId()
                    + "', not bland: build it with BlandConfig.builder()");
        }
        if (Texts.isBlank(config.apiKey())) {
            throw new ProviderUnavailableException(id(), "no Bland API key is configured for this broker: set "
                    + "BlandConfig.builder().apiKey(...)");
        }
        return config.apiKey();
    }

    private static Map<String, String> auth(String apiKey) {
        return Map.of("authorization", apiKey);
    }

    /**
     * Builder for {@link BlandProvider}: a host's {@code httpClient}, {@code clock} and retry {@code sleeper} (see
     * {@link HttpProviderBuilder}). Not thread-safe; the provider it builds is.
     */
    public static final class Builder extends HttpProviderBuilder<Builder> {

        private Builder() {
        }

        /** @return the provider */
        public BlandProvider build() {
            return new BlandProvider(ProviderHttpClient.builder().httpClient(httpClient()).clock(clock()).sleeper(sleeper())
                    .build());
        }
    }
}
