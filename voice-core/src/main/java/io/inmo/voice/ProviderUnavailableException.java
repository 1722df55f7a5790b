package io.inmo.voice;

/**
 * No provider can place the call right now (HTTP 503): the broker has no provider configured, the
 * provider's jar is not on the classpath, the provider could not be reached after the allowed retries,
 * it answered with a server error on a request that is safe to repeat, it keeps rate-limiting us, or it
 * refused our credentials. The message says which.
 */
public class ProviderUnavailableException extends VoiceException {

    private static final long serialVersionUID = 1L;

    private final String provider;

    /**
     * @param provider the provider id, or {@code null} when none could be chosen
     * @param message what failed and what to check
     */
    public ProviderUnavailableException(String provider, String message) {
        this(provider, message, null);
    }

    /**
     * @param provider the provider id, or {@code null} when none could be chosen
     * @param message what failed and what to check
     * @param cause underlying cause or {@code null}
     */
    public ProviderUnavailableException(String provider, String message, Throwable cause) {
        super(503, "provider_unavailable", message, cause);
        this.provider = provider;
    }

    /** @return the provider id, or {@code null} when no provider could be chosen */
    public String provider() {
        return provider;
    }
}
