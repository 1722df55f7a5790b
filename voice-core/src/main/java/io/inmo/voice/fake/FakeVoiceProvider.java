package io.inmo.voice.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inmo.voice.CallLookup;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Numbers;
import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.internal.Timestamps;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.HmacWebhookVerifier;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import io.inmo.voice.webhook.WebhookVerifier;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory voice provider (id {@code "fake"}) for tests, demos and local development: no network, no
 * keys. It records what it was asked and plays a scripted {@link FakeOutcome} by emitting the webhooks a real
 * provider would, as signed JSON bodies delivered to a {@link FakeWebhookSink}, so they go through the same
 * {@link io.inmo.voice.webhook.WebhookNormalizer} and {@link io.inmo.voice.VoiceCallService#handle} path as
 * VAPI's and Bland's.
 *
 * <pre>{@code
 * FakeVoiceProvider fake = FakeVoiceProvider.builder()
 *         .outcomeFor("+34600000002", FakeOutcome.NO_ANSWER)      // everyone else: ANSWERED
 *         .signingSecret("whsec-test")
 *         .sink(FakeWebhookSink.http(URI.create("http://localhost:8080/webhooks/voice/fake")))
 *         .build();
 * VoiceProviderFactory providers = VoiceProviderFactory.builder().register(fake).build();
 * WebhookNormalizer normalizer = WebhookNormalizer.builder()
 *         .verifier("fake", FakeVoiceProvider.verifier("whsec-test")).build();
 * }</pre>
 *
 * <p>The outcome of a call is, in order of precedence: the request's provider option
 * {@value #OUTCOME_OPTION}, the outcome scripted for its phone number, the broker config's setting
 * {@code outcome}, the builder's default ({@link FakeOutcome#ANSWERED}). The instance that
 * {@link java.util.ServiceLoader} creates discards its webhooks; register a built one to receive them.
 * Thread-safe.
 */
public final class FakeVoiceProvider implements VoiceProvider {

    /** The provider id. */
    public static final String ID = "fake";
    /** Header carrying the lowercase hex HMAC-SHA256 of the body, when a signing secret is set. */
    public static final String SIGNATURE_HEADER = "X-Fake-Signature";
    /** {@link MakeCallRequest#providerOptions()} key that picks the outcome of one call. */
    public static final String OUTCOME_OPTION = "fakeOutcome";

    private static final Logger log = LoggerFactory.getLogger(FakeVoiceProvider.class);

    private final FakeWebhookSink sink;
    private final Executor executor;
    /** Signs every webhook when a signing secret is set, as a host's verifier expects; {@code null} otherwise. */
    private final HmacWebhookVerifier signer;
    private final Map<String, FakeOutcome> outcomesByPhone;
    private final FakeOutcome defaultOutcome;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final List<MakeCallRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, CallSnapshot> played = new ConcurrentHashMap<>();
    /** Our call id to the fake's call id and creation time, for {@link #findCall}. */
    private final Map<String, Placed> placedByCallId = new ConcurrentHashMap<>();
    private final boolean callLookup;

    /** The instance {@link java.util.ServiceLoader} creates: every call ANSWERED, webhooks discarded. */
    public FakeVoiceProvider() {
        this(builder());
    }

    private FakeVoiceProvider(Builder b) {
        this.sink = b.sink;
        this.executor = b.executor;
        this.signer = b.signingSecret == null ? null : preset().secrets(b.signingSecret).clock(b.clock).build();
        this.outcomesByPhone = Map.copyOf(b.outcomesByPhone);
        this.defaultOutcome = b.defaultOutcome;
        this.clock = b.clock;
        this.callLookup = b.callLookup;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies the fake's signature header (the hex HMAC-SHA256 of the body in {@value #SIGNATURE_HEADER}), as a
     * host verifies a real provider's. A preset of {@link HmacWebhookVerifier}.
     *
     * @param secrets the signing secret; several during a rotation
     * @return the verifier
     */
    public static WebhookVerifier verifier(String... secrets) {
        return preset().secrets(secrets).build();
    }

    private static HmacWebhookVerifier.Builder preset() {
        return HmacWebhookVerifier.builder().provider(ID).signatureHeader(SIGNATURE_HEADER);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
        requests.add(request);
        FakeOutcome outcome = outcomeOf(request, config);
        log.info("fake call to {}: {}", PhoneNumbers.mask(request.phoneNumber()), outcome);
        // Reported as the HTTP layer reports a real provider's request: down is a failed connection, an unknown
        // outcome a timeout after sending.
        config.observer().providerRequest(ID, ProviderOperation.CREATE, outcome == FakeOutcome.PROVIDER_DOWN
                ? ProviderOutcome.IO_ERROR : outcome == FakeOutcome.OUTCOME_UNKNOWN ? ProviderOutcome.TIMEOUT
                : ProviderOutcome.SUCCESS, 1, Duration.ZERO);
        if (outcome == FakeOutcome.PROVIDER_DOWN) {
            throw new ProviderUnavailableException(ID, "fake provider is down (scripted outcome PROVIDER_DOWN)");
        }
        String externalCallId = "fake-call-" + sequence.incrementAndGet();
        List<byte[]> webhooks = new FakeScript(request, externalCallId, outcome, clock.instant()).webhooks();
        played.put(externalCallId, new CallSnapshot(externalCallId, FakeScript.finalStatus(outcome),
                FakeScript.finalStatus(outcome).name().toLowerCase(Locale.ROOT), null, null, null, null, null, null,
                null));
        placedByCallId.put(request.callId(), new Placed(externalCallId, clock.instant()));
        executor.execute(() -> deliver(webhooks));
        if (outcome == FakeOutcome.OUTCOME_UNKNOWN) {
            throw new CallOutcomeUnknownException(ID, "fake provider did not answer in time (scripted outcome "
                    + "OUTCOME_UNKNOWN); the call may have been placed", null);
        }
        return PlacedCall.queued(externalCallId);
    }

    @Override
    public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
        CallSnapshot snapshot = played.get(externalCallId);
        config.observer().providerRequest(ID, ProviderOperation.FETCH, snapshot != null ? ProviderOutcome.SUCCESS
                : ProviderOutcome.CLIENT_ERROR, 1, Duration.ZERO);
        return Optional.ofNullable(snapshot);
    }

    /**
     * Finds a call the fake placed, by our call id, as a real provider's call list would: every scripted outcome
     * but {@link FakeOutcome#PROVIDER_DOWN} placed one, {@link FakeOutcome#OUTCOME_UNKNOWN} included. Only when
     * built with {@link Builder#callLookup(boolean) callLookup(true)}.
     *
     * @param lookup our call id and the creation window
     * @param config ignored but for its observer
     * @return the call's final state, or empty when the fake placed no such call in the window
     * @throws UnsupportedOperationException when call lookup is not enabled (the default)
     */
    @Override
    public Optional<CallSnapshot> findCall(CallLookup lookup, ProviderConfig config) {
        if (!callLookup) {
            return VoiceProvider.super.findCall(lookup, config);
        }
        Placed placed = placedByCallId.get(lookup.callId());
        config.observer().providerRequest(ID, ProviderOperation.FETCH, ProviderOutcome.SUCCESS, 1, Duration.ZERO);
        return placed == null || !lookup.covers(placed.createdAt()) ? Optional.empty()
                : Optional.ofNullable(played.get(placed.externalCallId()));
    }

    /** A call the fake placed: its id and when. */
    private record Placed(String externalCallId, Instant createdAt) {
    }

    @Override
    public WebhookEvent parseWebhook(WebhookRequest request) {
        JsonNode root = request.readTree();
        if (!root.isObject()) {
            throw new MalformedWebhookException("fake webhook body must be a JSON object");
        }
        String type = text(root, "type");
        if (type == null) {
            throw new MalformedWebhookException("fake webhook has no \"type\"");
        }
        WebhookEvent.Builder event = WebhookEvent.builder()
                .provider(ID)
                .eventId(Optional.ofNullable(text(root, "event_id")).orElseGet(request::bodySha256Hex))
                .externalCallId(text(root, "call_id"))
                .callId(root.path("metadata").isObject() ? text(root.path("metadata"), "callId") : null)
                .occurredAt(instant(root, "timestamp"));
        switch (type) {
            case "status-update":
                return event.type(WebhookEvent.Type.STATUS_UPDATE).providerStatus(text(root, "status"))
                        .status(FakeScript.statusOf(text(root, "status"))).build();
            case "call-ended":
                return event.type(WebhookEvent.Type.CALL_ENDED)
                        .providerStatus(text(root, "status"))
                        .status(FakeScript.statusOf(text(root, "status")))
                        .providerReason(text(root, "reason"))
                        .transcript(text(root, "transcript"))
                        .summary(text(root, "summary"))
                        .recordingUrl(text(root, "recording_url"))
                        .duration(seconds(root, "duration_seconds"))
                        .cost(decimal(root, "cost"))
                        .build();
            default:
                return event.type(WebhookEvent.Type.IGNORED).providerStatus(type).build();
        }
    }

    /** @return every request {@link #makeCall} received, in order */
    public List<MakeCallRequest> requests() {
        return List.copyOf(requests);
    }

    private FakeOutcome outcomeOf(MakeCallRequest request, ProviderConfig config) {
        Object option = request.providerOptions().get(OUTCOME_OPTION);
        if (option != null) {
            return parseOutcome(option.toString(), "provider option " + OUTCOME_OPTION);
        }
        FakeOutcome scripted = outcomesByPhone.get(request.phoneNumber());
        if (scripted != null) {
            return scripted;
        }
        FakeOutcome configured = FakeSettings.of(config).outcome();
        return configured != null ? configured : defaultOutcome;
    }

    /**
     * Checks the broker's {@code outcome} setting, when there is one.
     *
     * @param config the broker's configuration
     * @throws InvalidRequestException when {@code outcome} names no {@link FakeOutcome}
     */
    @Override
    public void checkConfig(ProviderConfig config) {
        FakeSettings.of(config);
    }

    /** The broker's settings for the fake, read once per configuration; {@code outcome} may be {@code null}. */
    private record FakeSettings(FakeOutcome outcome) {
        static FakeSettings of(ProviderConfig config) {
            return config.typedSettings(FakeSettings.class, c -> new FakeSettings(c.setting("outcome")
                    .map(o -> parseOutcome(o, "fake config setting 'outcome'")).orElse(null)));
        }
    }

    private static FakeOutcome parseOutcome(String value, String where) {
        try {
            return FakeOutcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(where + " is '" + value + "'; expected one of "
                    + java.util.Arrays.toString(FakeOutcome.values()));
        }
    }

    private void deliver(List<byte[]> webhooks) {
        for (byte[] body : webhooks) {
            Map<String, List<String>> headers = new HashMap<>();
            headers.put("Content-Type", List.of("application/json"));
            if (signer != null) {
                headers.putAll(signer.sign(body));
            }
            try {
                sink.deliver(Map.copyOf(headers), body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("fake webhook delivery failed: {}", e.toString());
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedWebhookException("fake webhook field \"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    private static Instant instant(JsonNode node, String field) {
        String v = text(node, field);
        Instant instant = Timestamps.parse(v);
        if (v != null && instant == null) {
            throw new MalformedWebhookException("fake webhook field \"" + field + "\" is not an ISO-8601 instant");
        }
        return instant;
    }

    private static Duration seconds(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        BigDecimal seconds = v.isNumber() ? number(v, field) : null;
        // A fraction (9.5) would be truncated silently; the fake writes whole seconds.
        if (seconds == null || seconds.signum() < 0 || seconds.stripTrailingZeros().scale() > 0) {
            throw new MalformedWebhookException("fake webhook field \"" + field + "\" must be a whole number >= 0");
        }
        Duration duration = Numbers.seconds(seconds);
        if (duration == null) {
            throw new MalformedWebhookException("fake webhook field \"" + field + "\" is longer than "
                    + Numbers.MAX_DURATION.toDays() + " days");
        }
        return duration;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new MalformedWebhookException("fake webhook field \"" + field + "\" must be a number");
        }
        return number(v, field);
    }

    /** A numeric node through the shared bounded reader. */
    private static BigDecimal number(JsonNode v, String field) {
        try {
            return Numbers.decimal(v);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedWebhookException("fake webhook field \"" + field + "\" is out of range ("
                    + e.getMessage() + ")");
        }
    }

    /** The webhooks one scripted call produces, in the order a real provider sends them. */
    static final class FakeScript {
        private final MakeCallRequest request;
        private final String externalCallId;
        private final FakeOutcome outcome;
        private final Instant start;
        private final List<byte[]> webhooks = new ArrayList<>();

        FakeScript(MakeCallRequest request, String externalCallId, FakeOutcome outcome, Instant start) {
            this.request = request;
            this.externalCallId = externalCallId;
            this.outcome = outcome;
            this.start = start;
        }

        List<byte[]> webhooks() {
            status("queued", 0);
            switch (outcome) {
                case ANSWERED:
                case OUTCOME_UNKNOWN:
                    status("ringing", 2);
                    status("in-progress", 8);
                    ended("completed", "customer-ended-call", 95, answeredTranscript(),
                            "The lead is interested and asked for a visit on Saturday morning.", "0.21");
                    break;
                case VOICEMAIL:
                    status("ringing", 2);
                    status("in-progress", 20);
                    ended("voicemail", "voicemail", 18, "AI: Hello, this is Lucía from Inmo calling about the "
                            + "apartment you asked about. Please call us back.", null, "0.05");
                    break;
                case NO_ANSWER:
                    status("ringing", 2);
                    ended("no-answer", "customer-did-not-answer", 0, null, null, "0.00");
                    break;
                case BUSY:
                    status("ringing", 2);
                    ended("busy", "customer-busy", 0, null, null, "0.00");
                    break;
                case FAILED:
                    ended("failed", "carrier-error: SIP 503 Service Unavailable", 0, null, null, "0.00");
                    break;
                default:
                    throw new IllegalArgumentException("no webhooks for " + outcome);
            }
            return List.copyOf(webhooks);
        }

        static CallStatus finalStatus(FakeOutcome outcome) {
            switch (outcome) {
                case ANSWERED:
                case OUTCOME_UNKNOWN:
                    return CallStatus.COMPLETED;
                case VOICEMAIL:
                    return CallStatus.VOICEMAIL;
                case NO_ANSWER:
                    return CallStatus.NO_ANSWER;
                case BUSY:
                    return CallStatus.BUSY;
                default:
                    return CallStatus.FAILED;
            }
        }

        static CallStatus statusOf(String status) {
            if (status == null) {
                return CallStatus.UNKNOWN;
            }
            switch (status) {
                case "queued": return CallStatus.QUEUED;
                case "ringing": return CallStatus.RINGING;
                case "in-progress": return CallStatus.IN_PROGRESS;
                case "completed": return CallStatus.COMPLETED;
                case "no-answer": return CallStatus.NO_ANSWER;
                case "busy": return CallStatus.BUSY;
                case "voicemail": return CallStatus.VOICEMAIL;
                case "failed": return CallStatus.FAILED;
                case "canceled": return CallStatus.CANCELED;
                default: return CallStatus.UNKNOWN;
            }
        }

        private String answeredTranscript() {
            String name = request.customerName() == null ? "there" : request.customerName();
            return "AI: Hi " + name + ", this is Lucía from Inmo, about the apartment you looked at. Is now a good "
                    + "time?\nUser: Yes, sure. I'm very interested, is it still available?\n"
                    + "AI: It is. Would you like to visit it this Saturday?\nUser: Saturday morning works for me.";
        }

        private void status(String status, int atSecond) {
            add(base("status-update", atSecond).put("status", status));
        }

        private void ended(String status, String reason, int durationSeconds, String transcript, String summary,
                           String cost) {
            ObjectNode body = base("call-ended", durationSeconds + 10).put("status", status).put("reason", reason)
                    .put("duration_seconds", durationSeconds).put("cost", new BigDecimal(cost));
            if (transcript != null) {
                body.put("transcript", transcript)
                        .put("recording_url", "https://recordings.example.invalid/" + externalCallId + ".wav");
            }
            if (summary != null) {
                body.put("summary", summary);
            }
            add(body);
        }

        private ObjectNode base(String type, int atSecond) {
            ObjectNode body = Json.mapper().createObjectNode()
                    .put("type", type)
                    .put("event_id", externalCallId + ":" + (webhooks.size() + 1))
                    .put("call_id", externalCallId)
                    .put("timestamp", start.plusSeconds(atSecond).toString());
            ObjectNode metadata = body.putObject("metadata");
            request.metadata().forEach(metadata::put);
            metadata.put("callId", request.callId());
            return body;
        }

        private void add(ObjectNode body) {
            try {
                webhooks.add(Json.mapper().writeValueAsBytes(body));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize a fake webhook", e);
            }
        }
    }

    /** Builder for {@link FakeVoiceProvider}. */
    public static final class Builder {
        private final Map<String, FakeOutcome> outcomesByPhone = new HashMap<>();
        private FakeWebhookSink sink = FakeWebhookSink.discard();
        private Executor executor = Runnable::run;
        private String signingSecret;
        private boolean callLookup;
        private FakeOutcome defaultOutcome = FakeOutcome.ANSWERED;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** @param sink where webhooks go; default discards them @return this builder */
        public Builder sink(FakeWebhookSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * @param executor delivers a call's webhooks; the default delivers them on the {@code makeCall} thread
         *        before it returns (deterministic tests, and the race where webhooks beat the API answer)
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param enabled whether {@link FakeVoiceProvider#findCall} looks calls up by our call id, as VAPI's and
         *        Bland's call lists do, so that reconciliation adopts an unconfirmed call the fake placed; default
         *        {@code false}: like a provider that cannot search its calls, reconciliation then marks an
         *        unconfirmed call FAILED once it has been quiet long enough
         * @return this builder
         */
        public Builder callLookup(boolean enabled) {
            this.callLookup = enabled;
            return this;
        }

        /** @param secret signs every webhook in {@value FakeVoiceProvider#SIGNATURE_HEADER}; default unsigned @return this */
        public Builder signingSecret(String secret) {
            this.signingSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * @param phoneNumber an E.164 number
         * @param outcome how calls to it play out
         * @return this builder
         */
        public Builder outcomeFor(String phoneNumber, FakeOutcome outcome) {
            outcomesByPhone.put(Objects.requireNonNull(phoneNumber, "phoneNumber"),
                    Objects.requireNonNull(outcome, "outcome"));
            return this;
        }

        /** @param outcome how other calls play out; default ANSWERED @return this builder */
        public Builder defaultOutcome(FakeOutcome outcome) {
            this.defaultOutcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /** @param clock timestamps of the webhooks; default UTC system clock @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the provider */
        public FakeVoiceProvider build() {
            return new FakeVoiceProvider(this);
        }
    }
}
