package io.inmo.voice.internal.http;

import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.VoiceException;
import java.time.Clock;

/**
 * The shared mapping of a provider's non-2xx answer to the SDK's exceptions. Providers handle their
 * special cases first (an invalid-number 400, Bland's blacklisted 429) and fall back to this.
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * @param request the request that failed
     * @param response the provider's answer
     * @param providerMessage the provider's own error message, extracted from its body, or {@code null}
     * @param clock for the {@code Retry-After} hint
     * @return the exception to throw
     */
    public static VoiceException toException(ProviderRequest request, HttpResult response, String providerMessage,
                                             Clock clock) {
        String provider = request.provider();
        int status = response.status();
        String said = providerMessage == null || providerMessage.isBlank() ? ""
                : ": " + withoutFinalPeriod(providerMessage.strip());
        if (status == 401 || status == 403) {
            return new ProviderUnavailableException(provider, provider + " refused the API key (HTTP " + status + ")"
                    + said + ". Check the broker's " + provider + " API key");
        }
        if (status == 402) {
            return new ProviderUnavailableException(provider, provider + " account cannot pay for calls (HTTP 402)"
                    + said + ". Add balance or check billing");
        }
        if (status == 429) {
            String after = response.retryAfter(clock).map(d -> "; provider asks to wait " + d.toSeconds() + " s")
                    .orElse("");
            return new ProviderUnavailableException(provider, provider + " is rate-limiting requests (HTTP 429)"
                    + said + after);
        }
        if (status >= 500) {
            if (!request.safeToRepeat()) {
                return new CallOutcomeUnknownException(provider, provider + " answered HTTP " + status + " to "
                        + request.method() + " " + request.uri().getPath() + said
                        + "; the call may have been placed, so it is not retried", null);
            }
            return new ProviderUnavailableException(provider, provider + " answered HTTP " + status + said);
        }
        return new ProviderRejectedException(provider, status, providerMessage);
    }

    /** The provider's sentence is embedded in ours, which goes on with its own period. */
    private static String withoutFinalPeriod(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
