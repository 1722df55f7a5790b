package io.inmo.voice.spring;

import io.inmo.voice.webhook.WebhookNormalizer;

/**
 * Adjusts the auto-configured {@link WebhookNormalizer} without replacing it: add a verifier for a provider of
 * your own, or a VAPI HMAC verifier with non-default options. Customizer beans run after the verifiers built from
 * {@code inmo.voice.*} properties, in {@link org.springframework.core.annotation.Order} order, so a verifier set
 * here replaces the one from properties.
 *
 * <pre>{@code
 * @Bean
 * WebhookNormalizerCustomizer vapiSha512(@Value("${vapi.hmac-secret}") String secret) {
 *     return normalizer -> normalizer.verifier("vapi",
 *             VapiWebhookVerifier.hmac().secrets(secret).algorithm(VapiWebhookVerifier.Algorithm.SHA512).build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WebhookNormalizerCustomizer {

    /** @param builder the normalizer being built, with the verifiers from properties already set */
    void customize(WebhookNormalizer.Builder builder);
}
