package io.inmo.voice;

/** Lets tests outside this package build a configuration carrying an observer, as the service does. */
public final class ObservedConfigs {

    private ObservedConfigs() {
    }

    /**
     * @param config a configuration
     * @param observer the observer to attach
     * @return a copy carrying it
     */
    public static ProviderConfig withObserver(ProviderConfig config, VoiceObserver observer) {
        return config.withObserver(observer);
    }
}
