package io.inmo.voice;

/**
 * The provider understood our request and refused it (a 4xx other than authentication or rate
 * limiting): a number on a do-not-call list, a validation error, a missing assistant. Answered to the
 * host as HTTP 422: the host's request was well formed, the call cannot be placed as asked.
 * Retrying the same request will fail the same way.
 */
public class ProviderRejectedException extends VoiceException {

    private static final long serialVersionUID = 1L;

    private final String provider;
    private final int providerHttpStatus;
    private final String providerMessage;

    /**
     * @param provider the provider id
     * @param providerHttpStatus the HTTP status the provider answered with
     * @param providerMessage the provider's own error message, verbatim (may be {@code null})
     */
    public ProviderRejectedException(String provider, int providerHttpStatus, String providerMessage) {
        super(422, "provider_rejected", provider + " rejected the call (HTTP " + providerHttpStatus + ")"
                + (providerMessage == null || providerMessage.isBlank() ? "" : ": " + providerMessage));
        this.provider = provider;
        this.providerHttpStatus = providerHttpStatus;
        this.providerMessage = providerMessage;
    }

    /** @return the provider id */
    public String provider() {
        return provider;
    }

    /** @return the HTTP status the provider answered with */
    public int providerHttpStatus() {
        return providerHttpStatus;
    }

    /** @return the provider's error message verbatim, or {@code null} */
    public String providerMessage() {
        return providerMessage;
    }
}
