package io.inmo.voice;

import java.util.Collection;
import java.util.List;

/**
 * A webhook names a provider id that no provider on the classpath has (HTTP 404).
 */
public class UnknownProviderException extends VoiceException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    /**
     * @param provider the id that was asked for
     * @param known the ids that are available
     */
    public UnknownProviderException(String provider, Collection<String> known) {
        super(404, "unknown_provider", "no voice provider with id '" + provider + "'; available: "
                + List.copyOf(known));
        this.provider = provider;
    }

    /** @return the id that was asked for */
    public String provider() {
        return provider;
    }
}
