package io.inmo.voice;

import java.util.Map;
import java.util.Optional;

/**
 * Tells which provider, with which credentials, a broker uses. Host apps back it with their database;
 * it is asked on every {@link VoiceCallService#initiate}, so credential changes apply to the next call.
 *
 * <pre>{@code
 * BrokerConfigSource configs = brokerId -> brokerRepository.find(brokerId).map(b -> VapiConfig.builder()
 *         .apiKey(b.vapiKey()).assistantId(b.assistantId()).phoneNumberId(b.phoneNumberId()).build());
 * }</pre>
 *
 * Must be thread-safe.
 */
@FunctionalInterface
public interface BrokerConfigSource {

    /**
     * @param brokerId the broker
     * @return its provider configuration, or empty when it has none
     */
    Optional<ProviderConfig> forBroker(String brokerId);

    /**
     * A fixed map of broker id to configuration, handy for tests and demos.
     *
     * @param configs configurations by broker id
     * @return the source
     */
    static BrokerConfigSource of(Map<String, ProviderConfig> configs) {
        Map<String, ProviderConfig> copy = Map.copyOf(configs);
        return brokerId -> Optional.ofNullable(brokerId == null ? null : copy.get(brokerId));
    }
}
