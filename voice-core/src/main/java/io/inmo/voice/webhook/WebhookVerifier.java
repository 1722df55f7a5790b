package io.inmo.voice.webhook;

import java.util.List;
import java.util.Map;

/**
 * Checks that a webhook really comes from the provider, over the raw body bytes, before anything parses
 * it. Provider modules offer implementations ({@code VapiWebhookVerifier}, {@code BlandWebhookVerifier}), most of
 * them presets of {@link HmacWebhookVerifier}, which also verifies any other HMAC-signed sender and signs bodies for
 * tests; {@link #none()} turns verification off explicitly.
 *
 * <p>Implementations look header names up case-insensitively, compare in constant time and must be
 * thread-safe.
 */
@FunctionalInterface
public interface WebhookVerifier {

    /**
     * @param headers the request headers as received (names in any case)
     * @param body the raw request body, exactly as received
     * @throws io.inmo.voice.WebhookVerificationException when the webhook is not authentic
     */
    void verify(Map<String, List<String>> headers, byte[] body);

    /**
     * Accepts every webhook. For local development only: anyone who can reach the endpoint can then move
     * calls. {@link WebhookNormalizer} logs a warning when it is configured.
     *
     * @return the verifier that verifies nothing
     */
    static WebhookVerifier none() {
        return NoVerification.INSTANCE;
    }
}
