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

    private ProviderConfig(Builder b) {
        this.providerId = Checks.requireText(b.providerId, "providerId");
        this.apiKey = b.apiKey;
        this.baseUrl = b.baseUrl;
        if (b.baseUrl != null && (!b.baseUrl.isAbsolute() || b.baseUrl.getHost() == null)) {
            throw new InvalidRequestException("baseUrl must be an absolute http(s) URL such as https://api.vapi.ai, got "
                    + b.baseUrl);
        }
        this.connectTimeout = requirePositive(b.connectTimeout, "connectTimeout");
        this.requestTimeout = requirePositive(b.requestTimeout, "requestTimeout");
        if (b.maxAttempts < 1) {
            throw new InvalidRequestException("maxAttempts must be at least 1, got " + b.maxAttempts);
        }
        this.maxAttempts = b.maxAttempts;
        this.maxRetryWait = b.maxRetryWait;
        if (b.maxRetryWait == null || b.maxRetryWait.isNegative()) {
            throw new InvalidRequestException("maxRetryWait must be zero or a positive duration, got " + b.maxRetryWait);
        }
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
        this.secretSettings = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretSettings));
        this.observer = b.observer;
    }

    private static Duration requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new InvalidRequestException(name + " must be a positive duration, got " + d);
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
        b.baseUrl = baseUrl;
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
        return b.build();
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

    /** Builder for {@link ProviderConfig}. Not thread-safe. */
    public static final class Builder {
        private final String providerId;
        private String apiKey;
        private URI baseUrl;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration maxRetryWait = DEFAULT_MAX_RETRY_WAIT;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Set<String> secretSettings = new LinkedHashSet<>();
        private VoiceObserver observer = Observers.NOOP;

        private Builder(String providerId) {
            this.providerId = providerId;
        }

        /** @param apiKey the provider API key (never printed) @return this builder */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** @param baseUrl API base URL, for tests or regional endpoints @return this builder */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** @param baseUrl API base URL @return this builder */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(baseUrl == null ? null : URI.create(baseUrl));
        }

        /** @param timeout time allowed to connect @return this builder */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** @param timeout time allowed for a response @return this builder */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** @param attempts attempts for requests that provably were not processed, at least 1 @return this builder */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** @param wait the longest rate-limit wait to honour @return this builder */
        public Builder maxRetryWait(Duration wait) {
            this.maxRetryWait = wait;
            return this;
        }

        /**
         * @param key setting name
         * @param value its value; {@code null} removes it
         * @return this builder
         */
        public Builder setting(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                settings.remove(key);
            } else {
                settings.put(key, value);
            }
            return this;
        }

        /**
         * A setting that {@link ProviderConfig#toString()} masks.
         *
         * @param key setting name
         * @param value its value; {@code null} removes it
         * @return this builder
         */
        public Builder secretSetting(String key, String value) {
            secretSettings.add(key);
            return setting(key, value);
        }

        /** @return the configuration @throws InvalidRequestException if a value is invalid */
        public ProviderConfig build() {
            return new ProviderConfig(this);
        }
    }
}
