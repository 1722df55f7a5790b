package io.inmo.voice.spring;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderConfigBuilder;
import io.inmo.voice.VoiceProviderFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link BrokerConfigSource} built from {@code inmo.voice.brokers.<id>.*}: every broker's configuration is
 * built and validated at startup, so a missing assistant id or API key stops the application with a message
 * that names the property, instead of failing the first call.
 */
final class PropertiesBrokerConfigSource implements BrokerConfigSource {

    private final Map<String, ProviderConfig> configs;

    private PropertiesBrokerConfigSource(Map<String, ProviderConfig> configs) {
        this.configs = Map.copyOf(configs);
    }

    /**
     * @param brokers the bound properties by broker id
     * @param providers the providers on the classpath, to refuse a broker whose provider jar is missing
     * @return the source
     * @throws IllegalStateException naming the broker property that is wrong
     */
    static PropertiesBrokerConfigSource of(Map<String, VoiceProperties.Broker> brokers, VoiceProviderFactory providers) {
        Map<String, ProviderConfig> configs = new LinkedHashMap<>();
        brokers.forEach((id, broker) -> configs.put(id, build(id, broker, providers)));
        return new PropertiesBrokerConfigSource(configs);
    }

    @Override
    public Optional<ProviderConfig> forBroker(String brokerId) {
        return Optional.ofNullable(brokerId == null ? null : configs.get(brokerId));
    }

    /** @return the configured broker ids */
    Set<String> brokerIds() {
        return configs.keySet();
    }

    private static ProviderConfig build(String id, VoiceProperties.Broker broker, VoiceProviderFactory providers) {
        Set<String> available = providers.providerIds();
        String prefix = "inmo.voice.brokers." + id;
        String provider = broker.getProvider() == null ? null : broker.getProvider().trim();
        if (provider == null || provider.isEmpty()) {
            throw new IllegalStateException(prefix + ".provider is required (one of " + available + ")");
        }
        if (!available.contains(provider)) {
            throw new IllegalStateException(prefix + ".provider is '" + provider + "' but that provider is not on the "
                    + "classpath (found " + available + "); add the io.inmo.voice:voice-" + provider + " dependency");
        }
        try {
            ProviderConfig config;
            switch (provider) {
                case "vapi":
                    config = VapiBrokerConfig.of(broker);
                    break;
                case "bland":
                    config = BlandBrokerConfig.of(broker);
                    break;
                default:
                    config = freeForm(shared(ProviderConfig.builder(provider), broker), broker).build();
            }
            // The typed builders checked already; this is the check of the providers without one (the fake's).
            providers.require(provider).checkConfig(config);
            return config;
        } catch (RuntimeException e) {
            throw new IllegalStateException("broker '" + id + "' (" + prefix + ".*) is not valid: " + e.getMessage()
                    + toPropertyHint(), e);
        }
    }

    private static String toPropertyHint() {
        return " (settings map to properties in kebab case: apiKey -> api-key, assistantId -> assistant-id, "
                + "phoneNumberId -> phone-number-id, pathwayId -> pathway-id)";
    }

    /**
     * Applies {@code inmo.voice.brokers.<id>.settings.*} last, so that they win over the typed properties and are
     * checked with them by {@code build()}.
     */
    static <B extends ProviderConfigBuilder<B>> B freeForm(B builder, VoiceProperties.Broker broker) {
        broker.getSettings().forEach(builder::setting);
        return builder;
    }

    /** Applies the settings every provider shares to a builder, typed or not. */
    static <B extends ProviderConfigBuilder<B>> B shared(B builder, VoiceProperties.Broker broker) {
        builder.apiKey(broker.getApiKey()).baseUrl(blankToNull(broker.getBaseUrl()));
        if (broker.getConnectTimeout() != null) {
            builder.connectTimeout(broker.getConnectTimeout());
        }
        if (broker.getRequestTimeout() != null) {
            builder.requestTimeout(broker.getRequestTimeout());
        }
        return builder;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
