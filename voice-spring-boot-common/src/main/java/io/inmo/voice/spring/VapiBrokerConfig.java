package io.inmo.voice.spring;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.vapi.VapiConfig;

/** Builds a VAPI broker's configuration; loaded only when the broker's provider is {@code vapi}. */
final class VapiBrokerConfig {

    private VapiBrokerConfig() {
    }

    static ProviderConfig of(VoiceProperties.Broker broker) {
        VapiConfig.Builder builder = PropertiesBrokerConfigSource.shared(VapiConfig.builder(), broker)
                .assistantId(broker.getAssistantId())
                .phoneNumberId(broker.getPhoneNumberId())
                .serverUrl(PropertiesBrokerConfigSource.blankToNull(broker.getServerUrl()));
        return PropertiesBrokerConfigSource.freeForm(builder, broker).build();
    }
}
