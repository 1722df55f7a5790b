package io.inmo.voice.vapi;

import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.http.ProviderRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A broker's VAPI settings, read from its {@link ProviderConfig} and checked once per configuration
 * ({@link ProviderConfig#typedSettings}): the provider never re-parses or re-checks strings on a call.
 *
 * @param apiKey the private API key
 * @param assistantId the saved assistant that runs the call
 * @param phoneNumberId the VAPI number the call is made from
 * @param serverUrl where VAPI sends this call's webhooks, or {@code null} for VAPI's own configuration
 * @param callEndpoint {@code POST /call} on the configured base URL, built once rather than per call
 * @param auth the authorization header, built once
 */
record VapiSettings(String apiKey, String assistantId, String phoneNumberId, String serverUrl, URI callEndpoint,
                    Map<String, String> auth) {

    /**
     * @param config a VAPI configuration
     * @return its settings, read once per configuration
     * @throws InvalidRequestException naming every required setting that is missing, or the invalid one
     */
    static VapiSettings of(ProviderConfig config) {
        return config.typedSettings(VapiSettings.class, VapiSettings::read);
    }

    private static VapiSettings read(ProviderConfig config) {
        if (!VapiConfig.PROVIDER_ID.equals(config.providerId())) {
            throw new InvalidRequestException("the configuration is for provider '" + config.providerId()
                    + "', not vapi: build it with VapiConfig.builder()");
        }
        String assistantId = trimmed(config, VapiConfig.ASSISTANT_ID);
        String phoneNumberId = trimmed(config, VapiConfig.PHONE_NUMBER_ID);
        List<String> missing = new ArrayList<>();
        if (Texts.isBlank(config.apiKey())) {
            missing.add("apiKey");
        }
        if (assistantId == null) {
            missing.add(VapiConfig.ASSISTANT_ID);
        }
        if (phoneNumberId == null) {
            missing.add(VapiConfig.PHONE_NUMBER_ID);
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("VAPI configuration is missing " + String.join(", ", missing)
                    + " (VapiConfig.builder().apiKey(..).assistantId(..).phoneNumberId(..); in a ProviderConfig, "
                    + "apiKey(..) and the settings " + VapiConfig.ASSISTANT_ID + " and " + VapiConfig.PHONE_NUMBER_ID
                    + ")");
        }
        return new VapiSettings(config.apiKey(), assistantId, phoneNumberId, serverUrl(config),
                ProviderRequest.endpoint(config, VapiConfig.DEFAULT_BASE_URL, "/call"), VapiRequests.auth(config.apiKey()));
    }

    private static String serverUrl(ProviderConfig config) {
        String serverUrl = trimmed(config, VapiConfig.SERVER_URL);
        if (serverUrl == null) {
            return null;
        }
        URI server;
        try {
            server = URI.create(serverUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("VAPI serverUrl is not a URL: " + e.getMessage());
        }
        String scheme = server.getScheme();
        if (!server.isAbsolute() || server.getHost() == null
                || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            throw new InvalidRequestException("VAPI serverUrl must be an absolute http(s) URL such as "
                    + "https://crm.example.com/webhooks/voice/vapi, got " + serverUrl);
        }
        return serverUrl;
    }

    private static String trimmed(ProviderConfig config, String key) {
        return Texts.blankToNull(config.setting(key).map(String::trim).orElse(null));
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "VapiSettings[assistantId=" + assistantId + ", phoneNumberId=" + phoneNumberId
                + ", serverUrl=" + serverUrl + "]";
    }
}
