package io.inmo.voice;

import io.inmo.voice.spi.VoiceProvider;
import java.util.Objects;

/**
 * A provider together with the configuration one broker uses it with.
 *
 * @param provider the provider implementation
 * @param config the broker's settings for it
 */
public record ResolvedProvider(VoiceProvider provider, ProviderConfig config) {

    /** Validates that both are present and belong together. */
    public ResolvedProvider {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
        if (!provider.id().equals(config.providerId())) {
            throw new IllegalArgumentException("config for '" + config.providerId() + "' given to provider '"
                    + provider.id() + "'");
        }
    }
}
