package io.inmo.voice.vapi;

import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderConfigBuilder;
import io.inmo.voice.internal.Texts;
import java.net.URI;

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

    /**
     * Builder for a VAPI {@link ProviderConfig}. Not thread-safe. {@link #build()} checks every setting once,
     * with the same rules {@link VapiProvider} applies to a configuration built with
     * {@code ProviderConfig.builder("vapi")}.
     */
    public static final class Builder extends ProviderConfigBuilder<Builder> {

        private Builder() {
            super(PROVIDER_ID, DEFAULT_BASE_URL);
        }

        /**
         * @param apiKey the organisation's <em>private</em> API key (required, never printed)
         * @return this builder
         */
        @Override
        public Builder apiKey(String apiKey) {
            return super.apiKey(apiKey);
        }

        /**
         * @param assistantId id of the saved VAPI assistant that talks to the lead (required)
         * @return this builder
         */
        public Builder assistantId(String assistantId) {
            return setting(ASSISTANT_ID, assistantId);
        }

        /**
         * @param phoneNumberId id of the VAPI phone number to call from (required)
         * @return this builder
         */
        public Builder phoneNumberId(String phoneNumberId) {
            return setting(PHONE_NUMBER_ID, phoneNumberId);
        }

        /**
         * @param serverUrl where VAPI sends this call's webhooks (absolute http(s) URL), overriding the
         *        assistant's and the organisation's server URL; {@code null} (default) keeps VAPI's own
         *        configuration
         * @return this builder
         */
        public Builder serverUrl(String serverUrl) {
            return setting(SERVER_URL, Texts.blankToNull(serverUrl));
        }

        /**
         * @return the configuration, provider id {@code vapi}
         * @throws InvalidRequestException naming every required value that is missing, or an invalid one
         */
        @Override
        public ProviderConfig build() {
            ProviderConfig config = buildConfig();
            VapiSettings.of(config);
            return config;
        }

        /** Never prints the API key. */
        @Override
        public String toString() {
            return "VapiConfig.Builder[apiKey=" + (apiKey() == null ? "none" : "****") + ", assistantId="
                    + settingValue(ASSISTANT_ID) + ", phoneNumberId=" + settingValue(PHONE_NUMBER_ID) + "]";
        }
    }
}
