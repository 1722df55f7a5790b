package io.inmo.voice.spring;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.bland.BlandConfig;

/** Builds a Bland broker's configuration; loaded only when the broker's provider is {@code bland}. */
final class BlandBrokerConfig {

    private BlandBrokerConfig() {
    }

    static ProviderConfig of(VoiceProperties.Broker broker) {
        BlandConfig.Builder builder = PropertiesBrokerConfigSource.shared(BlandConfig.builder(), broker)
                .task(PropertiesBrokerConfigSource.blankToNull(broker.getTask()))
                .pathwayId(PropertiesBrokerConfigSource.blankToNull(broker.getPathwayId()));
        if (broker.getVoice() != null) {
            builder.voice(broker.getVoice());
        }
        if (broker.getWebhookUrl() != null) {
            builder.webhookUrl(broker.getWebhookUrl());
        }
        return PropertiesBrokerConfigSource.freeForm(builder, broker).build();
    }
}
