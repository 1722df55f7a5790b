package io.inmo.voice.vapi;

import io.inmo.voice.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed builder for a broker's VAPI settings; produces the generic {@link ProviderConfig} that
 * {@link VapiProvider} reads. Hosts that keep settings in a database can also build the
 * {@code ProviderConfig} directly with the setting keys below.
 *
 * <pre>{@code
 * ProviderConfig config = VapiConfig.builder()
 *         .apiKey(System.getenv("VAPI_API_KEY"))          // private key
 *         .assistantId("b4a9e2f1-...")
 *         .phoneNumberId("e2d7c6b5-...")
 *         .serverUrl("https://crm.example.com/webhooks/voice/vapi")   // optional
 *         .build();
 * }</pre>
 *
 * <p>{@link ProviderConfig#toString()} never prints the API key.
 */
public final class VapiConfig {

    /** Provider id of VAPI. */
    public static final String PROVIDER_ID = "vapi";
    /** VAPI's public API base URL. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.vapi.ai");
    /** Setting key of the saved assistant that runs the call ({@code assistantId}). */
    public static final String ASSISTANT_ID = "assistantId";
    /** Setting key of the VAPI phone number the call is made from ({@code phoneNumberId}). */
    public static final String PHONE_NUMBER_ID = "phoneNumberId";
    /** Setting key of the per-call webhook URL ({@code assistantOverrides.server.url}); optional. */
    public static final String SERVER_URL = "serverUrl";

    private VapiConfig() {
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for a VAPI {@link ProviderConfig}. Not thread-safe. */
    public static final class Builder {
        private String apiKey;
        private String assistantId;
        private String phoneNumberId;
        private URI baseUrl = DEFAULT_BASE_URL;
        private String serverUrl;
        private Duration connectTimeout = ProviderConfig.DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = ProviderConfig.DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = ProviderConfig.DEFAULT_MAX_ATTEMPTS;
        private Duration maxRetryWait = ProviderConfig.DEFAULT_MAX_RETRY_WAIT;

        private Builder() {
        }

        /**
         * @param apiKey the organisation's <em>private</em> API key (required, never printed)
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * @param assistantId id of the saved VAPI assistant that talks to the lead (required)
         * @return this builder
         */
        public Builder assistantId(String assistantId) {
            this.assistantId = assistantId;
            return this;
        }

        /**
         * @param phoneNumberId id of the VAPI phone number to call from (required)
         * @return this builder
         */
        public Builder phoneNumberId(String phoneNumberId) {
            this.phoneNumberId = phoneNumberId;
            return this;
        }

        /**
         * @param baseUrl API base URL; default {@code https://api.vapi.ai} (tests point it at a stub)
         * @return this builder
         */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * @param baseUrl API base URL
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(baseUrl == null ? null : URI.create(baseUrl));
        }

        /**
         * @param serverUrl where VAPI sends this call's webhooks, overriding the assistant's and the
         *        organisation's server URL; {@code null} (default) keeps VAPI's own configuration
         * @return this builder
         */
        public Builder serverUrl(String serverUrl) {
            this.serverUrl = serverUrl;
            return this;
        }

        /**
         * @param timeout time allowed to connect, default 10 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @param timeout time allowed for a response, default 30 s; a call creation that times out is
         *        an unknown outcome and is never repeated
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * @param attempts attempts for requests that provably were not processed (connect failure, 429),
         *        first included; default 3
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param wait the longest {@code Retry-After} honoured before giving up with a 503; default 30 s
         * @return this builder
         */
        public Builder maxRetryWait(Duration wait) {
            this.maxRetryWait = wait;
            return this;
        }

        /**
         * @return the configuration, provider id {@code vapi}
         * @throws IllegalArgumentException naming every required value that is missing, or an invalid one
         */
        public ProviderConfig build() {
            List<String> missing = new ArrayList<>();
            if (isBlank(apiKey)) {
                missing.add("apiKey");
            }
            if (isBlank(assistantId)) {
                missing.add("assistantId");
            }
            if (isBlank(phoneNumberId)) {
                missing.add("phoneNumberId");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("VAPI configuration is missing " + String.join(", ", missing));
            }
            if (serverUrl != null && !serverUrl.isBlank()) {
                URI server = URI.create(serverUrl);
                if (!server.isAbsolute() || server.getHost() == null) {
                    throw new IllegalArgumentException("VAPI serverUrl must be an absolute http(s) URL");
                }
            }
            try {
                return ProviderConfig.builder(PROVIDER_ID)
                        .apiKey(apiKey)
                        .baseUrl(baseUrl == null ? DEFAULT_BASE_URL : baseUrl)
                        .connectTimeout(connectTimeout)
                        .requestTimeout(requestTimeout)
                        .maxAttempts(maxAttempts)
                        .maxRetryWait(maxRetryWait)
                        .setting(ASSISTANT_ID, assistantId)
                        .setting(PHONE_NUMBER_ID, phoneNumberId)
                        .setting(SERVER_URL, isBlank(serverUrl) ? null : serverUrl)
                        .build();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("VAPI configuration is invalid: " + e.getMessage(), e);
            }
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }
    }
}
