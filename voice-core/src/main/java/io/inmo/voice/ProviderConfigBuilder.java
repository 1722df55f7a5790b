package io.inmo.voice;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one builder of a {@link ProviderConfig}: the settings every provider shares (API key, base URL, timeouts,
 * retry bounds) and the provider's own settings as named strings. {@link ProviderConfig#builder(String)} is it
 * for any provider; the provider modules' typed builders ({@code VapiConfig.builder()},
 * {@code BlandConfig.builder()}) extend it with a setter per setting and check the result with their provider.
 *
 * <p>Every error is an {@link InvalidRequestException} (HTTP 400) whose message names the setting to fix, so an
 * admin screen that saves a broker's settings can show it as it is. Nothing is checked before
 * {@link #build()}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ProviderConfigBuilder<B extends ProviderConfigBuilder<B>> {

    final String providerId;
    private final URI defaultBaseUrl;
    String apiKey;
    URI baseUrl;
    Duration connectTimeout = ProviderConfig.DEFAULT_CONNECT_TIMEOUT;
    Duration requestTimeout = ProviderConfig.DEFAULT_REQUEST_TIMEOUT;
    int maxAttempts = ProviderConfig.DEFAULT_MAX_ATTEMPTS;
    Duration maxRetryWait = ProviderConfig.DEFAULT_MAX_RETRY_WAIT;
    final Map<String, String> settings = new LinkedHashMap<>();
    final Set<String> secretSettings = new LinkedHashSet<>();
    /** Why {@link #baseUrl(String)} refused its argument, reported by {@link #build()} with the other checks. */
    String invalidBaseUrl;

    /**
     * @param providerId the provider's id
     * @param defaultBaseUrl the provider's public API base URL, or {@code null} to leave it to the provider
     */
    protected ProviderConfigBuilder(String providerId, URI defaultBaseUrl) {
        this.providerId = providerId;
        this.defaultBaseUrl = defaultBaseUrl;
        this.baseUrl = defaultBaseUrl;
    }

    /** @param apiKey the provider API key (never printed); surrounding blanks are removed @return this builder */
    public B apiKey(String apiKey) {
        this.apiKey = apiKey == null ? null : apiKey.trim();
        return self();
    }

    /**
     * @param baseUrl API base URL, for tests or regional endpoints; {@code null} for the provider's public one
     * @return this builder
     */
    public B baseUrl(URI baseUrl) {
        this.baseUrl = baseUrl != null ? baseUrl : defaultBaseUrl;
        this.invalidBaseUrl = null;
        return self();
    }

    /**
     * @param baseUrl API base URL; {@code null} or blank for the provider's public one. One that is not a URI is
     *        reported by {@link #build()}
     * @return this builder
     */
    public B baseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return baseUrl((URI) null);
        }
        try {
            return baseUrl(URI.create(baseUrl.trim()));
        } catch (IllegalArgumentException e) {
            this.baseUrl = defaultBaseUrl;
            this.invalidBaseUrl = "baseUrl is not a URL (" + e.getMessage() + ")";
            return self();
        }
    }

    /** @param timeout time allowed to connect, positive; default 10 s @return this builder */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return self();
    }

    /**
     * @param timeout time allowed for the provider's answer, positive; default 30 s. A call creation that times
     *        out is an unknown outcome and is never repeated
     * @return this builder
     */
    public B requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return self();
    }

    /**
     * @param attempts attempts for requests that provably were not processed (connect failure, 429), the first
     *        included, at least 1; default 3
     * @return this builder
     */
    public B maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return self();
    }

    /** @param wait the longest rate-limit wait honoured before giving up with a 503, zero or more; default 30 s @return this builder */
    public B maxRetryWait(Duration wait) {
        this.maxRetryWait = wait;
        return self();
    }

    /**
     * Sets one of the provider's own settings by its key. The typed builders have a setter for each setting they
     * know; this is for the others (the fake's {@code outcome}, a third-party provider's) and for hosts that keep
     * settings as key-value pairs. The provider checks the value at {@link #build()} (typed builders) or when
     * the configuration is first resolved.
     *
     * @param key setting name
     * @param value its value; {@code null} removes it
     * @return this builder
     */
    public B setting(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }
        return self();
    }

    /**
     * A setting that {@link ProviderConfig#toString()} masks.
     *
     * @param key setting name
     * @param value its value; {@code null} removes it
     * @return this builder
     */
    public B secretSetting(String key, String value) {
        secretSettings.add(key);
        return setting(key, value);
    }

    /** @return the API key as set (trimmed), possibly {@code null} or empty */
    protected final String apiKey() {
        return apiKey;
    }

    /** @return the value of one of the provider's own settings as set, or {@code null} */
    protected final String settingValue(String key) {
        return settings.get(key);
    }

    /**
     * Checks and builds.
     *
     * @return the configuration
     * @throws InvalidRequestException naming the setting that is missing or invalid
     */
    public abstract ProviderConfig build();

    /**
     * Builds the configuration after checking the shared settings; typed builders then check their own with
     * their provider ({@link io.inmo.voice.spi.VoiceProvider#checkConfig}).
     *
     * @return the configuration
     * @throws InvalidRequestException naming the shared setting that is invalid
     */
    protected final ProviderConfig buildConfig() {
        return new ProviderConfig(this);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
