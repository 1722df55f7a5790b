package io.inmo.voice;

import io.inmo.voice.internal.Observers;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings one broker uses a provider with: provider id, API key, base URL, timeouts, retry bounds
 * and provider-specific settings (VAPI assistant and phone number ids, Bland task or pathway, ...).
 * Immutable and thread-safe. {@link #toString()} never prints the API key or any setting marked secret.
 *
 * <p>Provider modules offer typed builders that validate their required settings and produce one of
 * these ({@code VapiConfig.builder()}, {@code BlandConfig.builder()}); the generic builder is for the
 * fake provider and for new providers:
 *
 * <pre>{@code
 * ProviderConfig config = ProviderConfig.builder("fake").setting("outcome", "ANSWERED").build();
 * }</pre>
 */
public final class ProviderConfig {

    /** Default time to establish a connection to the provider. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time to wait for a provider's response. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default number of attempts for a request that provably was not processed (first try included). */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default longest wait the SDK accepts from a rate limit before giving up with a 503. */
    public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(30);

    private final String providerId;
    private final String apiKey;
    private final URI baseUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration maxRetryWait;
    private final Map<String, String> settings;
    private final Set<String> secretSettings;
    private final VoiceObserver observer;

    /** Written once by the provider that reads this configuration; see {@link #typedSettings}. */
    private volatile Object typedSettings;

    ProviderConfig(ProviderConfigBuilder<?> b) {
        this.providerId = Checks.requireText(b.providerId, "providerId");
        String problem = b.invalidBaseUrl;
        if (problem == null && b.baseUrl != null && (!b.baseUrl.isAbsolute() || b.baseUrl.getHost() == null
                || !("http".equalsIgnoreCase(b.baseUrl.getScheme()) || "https".equalsIgnoreCase(b.baseUrl.getScheme())))) {
            problem = "baseUrl must be an absolute http(s) URL, got " + b.baseUrl;
        }
        if (problem != null) {
            throw invalid(problem);
        }
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        this.connectTimeout = requirePositive(b.connectTimeout, "connectTimeout");
        this.requestTimeout = requirePositive(b.requestTimeout, "requestTimeout");
        if (b.maxAttempts < 1) {
            throw invalid("maxAttempts must be at least 1, got " + b.maxAttempts);
        }
        this.maxAttempts = b.maxAttempts;
        if (b.maxRetryWait == null || b.maxRetryWait.isNegative()) {
            throw invalid("maxRetryWait must be zero or a positive duration, got " + b.maxRetryWait);
        }
        this.maxRetryWait = b.maxRetryWait;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
        this.secretSettings = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretSettings));
        this.observer = b instanceof Builder ? ((Builder) b).observer : Observers.NOOP;
    }

    private InvalidRequestException invalid(String problem) {
        return new InvalidRequestException(providerId + " configuration is invalid: " + problem);
    }

    private Duration requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw invalid(name + " must be a positive duration, got " + d);
        }
        return d;
    }

    /**
     * @param providerId the provider this configuration is for ({@code "vapi"}, {@code "bland"}, {@code "fake"})
     * @return a builder
     */
    public static Builder builder(String providerId) {
        return new Builder(providerId);
    }

    /** @return a builder preloaded with this configuration */
    public Builder toBuilder() {
        Builder b = new Builder(providerId);
        b.apiKey = apiKey;
        b.baseUrl(baseUrl);
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxAttempts = maxAttempts;
        b.maxRetryWait = maxRetryWait;
        b.settings.putAll(settings);
        b.secretSettings.addAll(secretSettings);
        b.observer = observer;
        return b;
    }

    /**
     * The service attaches its observer to the broker's configuration for the duration of one provider
     * operation; the provider SPI's signatures stay as they are.
     */
    ProviderConfig withObserver(VoiceObserver observer) {
        Objects.requireNonNull(observer, "observer");
        if (observer == this.observer) {
            return this;
        }
        Builder b = toBuilder();
        b.observer = observer;
        ProviderConfig withObserver = b.build();
        withObserver.typedSettings = typedSettings; // same settings: what the provider read still holds
        return withObserver;
    }

    /**
     * The provider's typed view of this configuration, read and checked once per configuration instead of once
     * per call. For provider implementations: {@code VapiProvider} keeps its assistant id, phone number id and
     * server URL here, already checked, so a call never re-parses strings.
     *
     * <p>One slot per configuration, for the one provider it is for: asking with another type reads again and
     * replaces what was kept. Thread-safe: two threads reading at once may both run {@code reader} (it must be a
     * pure function of this configuration); either result is kept.
     *
     * @param type the provider's settings class
     * @param reader reads and checks the settings from this configuration
     * @param <T> the settings type
     * @return the settings
     * @throws InvalidRequestException from {@code reader}, naming the setting that is missing or invalid
     * @throws NullPointerException when {@code reader} returns {@code null}
     */
    public <T> T typedSettings(Class<T> type, Function<? super ProviderConfig, ? extends T> reader) {
        Object cached = typedSettings;
        if (cached != null && cached.getClass() == type) {
            return type.cast(cached);
        }
        T read = Objects.requireNonNull(reader.apply(this), "reader returned null");
        typedSettings = read;
        return read;
    }

    /**
     * Where a provider reports its HTTP requests and retry waits. {@link VoiceCallService} attaches its
     * {@link VoiceCallService.Builder#observer observer} to the configuration it passes to the provider; a
     * configuration the host builds carries {@link VoiceObserver#noop()}. Not part of {@link #equals}.
     *
     * @return the observer, never {@code null}
     */
    public VoiceObserver observer() {
        return observer;
    }

    /** @return the provider id */
    public String providerId() {
        return providerId;
    }

    /** @return the API key, or {@code null} when the provider needs none (the fake) */
    public String apiKey() {
        return apiKey;
    }

    /**
     * @param defaultUrl the provider's public API base URL
     * @return the configured base URL, or {@code defaultUrl} when none was set
     */
    public URI baseUrlOr(URI defaultUrl) {
        return baseUrl != null ? baseUrl : defaultUrl;
    }

    /** @return the configured base URL, if any */
    public Optional<URI> baseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    /** @return time allowed to connect, default 10 s */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return time allowed for a response, default 30 s */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return attempts for requests that provably were not processed (connect failures, 429), default 3 */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** @return the longest rate-limit wait honoured before giving up, default 30 s */
    public Duration maxRetryWait() {
        return maxRetryWait;
    }

    /**
     * @param key setting name
     * @return its value, if set
     */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** @return every provider-specific setting, secrets included (never log this map) */
    public Map<String, String> settings() {
        return settings;
    }

    /** Prints the provider, base URL and setting names; never the API key or secret values. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ProviderConfig[provider=").append(providerId)
                .append(", apiKey=").append(apiKey == null ? "none" : "****")
                .append(", baseUrl=").append(baseUrl == null ? "default" : baseUrl)
                .append(", connectTimeout=").append(connectTimeout)
                .append(", requestTimeout=").append(requestTimeout)
                .append(", settings={");
        String sep = "";
        for (Map.Entry<String, String> e : settings.entrySet()) {
            s.append(sep).append(e.getKey()).append('=')
                    .append(secretSettings.contains(e.getKey()) ? "****" : e.getValue());
            sep = ", ";
        }
        return s.append("}]").toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProviderConfig)) {
            return false;
        }
        ProviderConfig that = (ProviderConfig) o;
        return maxAttempts == that.maxAttempts && providerId.equals(that.providerId)
                && Objects.equals(apiKey, that.apiKey) && Objects.equals(baseUrl, that.baseUrl)
                && connectTimeout.equals(that.connectTimeout) && requestTimeout.equals(that.requestTimeout)
                && maxRetryWait.equals(that.maxRetryWait) && settings.equals(that.settings)
                && secretSettings.equals(that.secretSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, apiKey, baseUrl, connectTimeout, requestTimeout, maxAttempts, maxRetryWait,
                settings, secretSettings);
    }

    /**
     * Builder for {@link ProviderConfig}, for any provider: the shared settings of {@link ProviderConfigBuilder}
     * plus the provider's own as named strings. Not thread-safe. {@code build()} checks only the shared settings;
     * the provider checks its own ({@link io.inmo.voice.spi.VoiceProvider#checkConfig}) when the service
     * resolves the broker, reading them once per configuration instance. The typed builders
     * ({@code VapiConfig.builder()}, {@code BlandConfig.builder()}) check them at {@code build()}.
     */
    public static final class Builder extends ProviderConfigBuilder<Builder> {
        private VoiceObserver observer = Observers.NOOP;

        private Builder(String providerId) {
            super(providerId, null);
        }

        /**
         * @return the configuration
         * @throws InvalidRequestException naming the shared setting that is invalid
         */
        @Override
        public ProviderConfig build() {
            return buildConfig();
        }
    }
}
