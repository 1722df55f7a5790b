package io.inmo.voice;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Base of the provider modules' typed configuration builders ({@code VapiConfig.builder()},
 * {@code BlandConfig.builder()}): the settings every provider shares (API key, base URL, timeouts, retry
 * bounds), validated once by {@link ProviderConfig}. A subclass adds its own settings and implements
 * {@link #build()} with {@link #build(Consumer)}.
 *
 * <p>Errors are {@link IllegalArgumentException}s that name the setting to fix: a configuration mistake is
 * the host's, found at startup, not an HTTP request's.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ProviderConfigBuilder<B extends ProviderConfigBuilder<B>> {

    private final String providerId;
    private final URI defaultBaseUrl;
    private String apiKey;
    private URI baseUrl;
    private Duration connectTimeout = ProviderConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = ProviderConfig.DEFAULT_REQUEST_TIMEOUT;
    private int maxAttempts = ProviderConfig.DEFAULT_MAX_ATTEMPTS;
    private Duration maxRetryWait = ProviderConfig.DEFAULT_MAX_RETRY_WAIT;

    /**
     * @param providerId the provider's id
     * @param defaultBaseUrl the provider's public API base URL
     */
    protected ProviderConfigBuilder(String providerId, URI defaultBaseUrl) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.defaultBaseUrl = Objects.requireNonNull(defaultBaseUrl, "defaultBaseUrl");
    }

    /** @param apiKey the provider API key (required, never printed) @return this builder */
    public B apiKey(String apiKey) {
        this.apiKey = apiKey;
        return self();
    }

    /** @param baseUrl API base URL; {@code null} for the provider's public one (tests point it at a stub) @return this builder */
    public B baseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
        return self();
    }

    /**
     * @param baseUrl API base URL; {@code null} for the provider's public one
     * @return this builder
     * @throws IllegalArgumentException when it is not a URI
     */
    public B baseUrl(String baseUrl) {
        return baseUrl(baseUrl == null ? null : URI.create(baseUrl));
    }

    /** @param timeout time allowed to connect; default 10 s @return this builder */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return self();
    }

    /**
     * @param timeout time allowed for the provider's answer; default 30 s. A call creation that times out is an
     *        unknown outcome and is never repeated
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

    /** @param wait the longest rate-limit wait honoured before giving up with a 503; default 30 s @return this builder */
    public B maxRetryWait(Duration wait) {
        this.maxRetryWait = wait;
        return self();
    }

    /**
     * Validates and builds.
     *
     * @return the provider-neutral configuration
     * @throws IllegalArgumentException naming what is missing or inconsistent
     */
    public abstract ProviderConfig build();

    /** @return the API key as set, possibly {@code null} or blank */
    protected final String apiKey() {
        return apiKey;
    }

    /**
     * Builds the configuration: the shared settings, then the subclass's.
     *
     * @param providerSettings adds the provider's own settings
     * @return the configuration
     * @throws IllegalArgumentException when a shared setting is invalid, naming it
     */
    protected final ProviderConfig build(Consumer<ProviderConfig.Builder> providerSettings) {
        try {
            ProviderConfig.Builder b = ProviderConfig.builder(providerId)
                    .apiKey(apiKey == null ? null : apiKey.trim())
                    .baseUrl(baseUrl == null ? defaultBaseUrl : baseUrl)
                    .connectTimeout(connectTimeout)
                    .requestTimeout(requestTimeout)
                    .maxAttempts(maxAttempts)
                    .maxRetryWait(maxRetryWait);
            providerSettings.accept(b);
            return b.build();
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(providerId + " configuration is invalid: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
