package io.inmo.voice.spring;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.bland.BlandWebhookVerifier;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.vapi.VapiWebhookVerifier;
import io.inmo.voice.webhook.WebhookVerifier;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The webhook verifiers built from properties, one configuration per provider module so that a missing provider
 * jar only removes its own verifier. Fail closed: a provider on the classpath without a secret keeps no verifier,
 * so the normalizer refuses its webhooks with 401, and a WARN at startup names the property to set.
 */
final class WebhookVerifierConfigurations {

    private static final Logger log = LoggerFactory.getLogger(WebhookVerifierConfigurations.class);

    private WebhookVerifierConfigurations() {
    }

    /** VAPI: the HMAC credential, the legacy x-vapi-secret header, or either during a migration. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(VapiWebhookVerifier.class)
    static class Vapi {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebhookNormalizerCustomizer inmoVoiceVapiWebhookVerifier(VoiceProperties properties) {
            String hmacSecret = PropertiesBrokerConfigSource.blankToNull(properties.getVapi().getHmacSecret());
            String legacySecret = PropertiesBrokerConfigSource.blankToNull(properties.getVapi().getWebhookSecret());
            String[] hmacSecrets = secrets("inmo.voice.vapi.hmac-secret", hmacSecret,
                    properties.getVapi().getPreviousHmacSecrets());
            String[] legacySecrets = secrets("inmo.voice.vapi.webhook-secret", legacySecret,
                    properties.getVapi().getPreviousWebhookSecrets());
            if (hmacSecret == null && legacySecret == null) {
                log.warn("VAPI webhooks will be refused with 401: set inmo.voice.vapi.hmac-secret (VAPI's HMAC "
                        + "credential) or inmo.voice.vapi.webhook-secret (the legacy x-vapi-secret header)");
                return builder -> { };
            }
            WebhookVerifier hmac = hmacSecret == null ? null : VapiWebhookVerifier.hmac().secrets(hmacSecrets).build();
            WebhookVerifier legacy = legacySecret == null ? null : VapiWebhookVerifier.secretHeader(legacySecrets);
            WebhookVerifier verifier = hmac == null ? legacy : legacy == null ? hmac : eitherOf(hmac, legacy);
            if (hmac != null && legacy != null) {
                log.info("VAPI webhooks are accepted with either the HMAC signature or the x-vapi-secret header; "
                        + "remove inmo.voice.vapi.webhook-secret once every VAPI server URL uses the HMAC credential");
            }
            return builder -> builder.verifier("vapi", verifier);
        }
    }

    /** Bland: HMAC-SHA256 of the body in X-Webhook-Signature. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(BlandWebhookVerifier.class)
    static class Bland {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebhookNormalizerCustomizer inmoVoiceBlandWebhookVerifier(VoiceProperties properties) {
            String secret = PropertiesBrokerConfigSource.blankToNull(properties.getBland().getWebhookSecret());
            String[] secrets = secrets("inmo.voice.bland.webhook-secret", secret,
                    properties.getBland().getPreviousWebhookSecrets());
            if (secret == null) {
                log.warn("Bland webhooks will be refused with 401: set inmo.voice.bland.webhook-secret (the "
                        + "webhook signing secret from Bland's dashboard)");
                return builder -> { };
            }
            WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(secrets);
            return builder -> builder.verifier("bland", verifier);
        }
    }

    /**
     * The fake provider ships in voice-core, so it is on every classpath: no WARN when its secret is missing (that
     * is the normal production case), its webhooks are simply refused.
     */
    @Configuration(proxyBeanMethods = false)
    static class Fake {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebhookNormalizerCustomizer inmoVoiceFakeWebhookVerifier(VoiceProperties properties) {
            String secret = PropertiesBrokerConfigSource.blankToNull(properties.getFake().getWebhookSecret());
            String[] secrets = secrets("inmo.voice.fake.webhook-secret", secret,
                    properties.getFake().getPreviousWebhookSecrets());
            if (secret == null) {
                return builder -> { };
            }
            WebhookVerifier verifier = FakeVoiceProvider.verifier(secrets);
            return builder -> builder.verifier(FakeVoiceProvider.ID, verifier);
        }
    }

    /**
     * The current secret first, then the previous ones still accepted during a rotation (blank entries dropped).
     *
     * @throws IllegalStateException when previous secrets are set without a current one: a rotation always has a
     *         new secret, and accepting only old ones would be a configuration mistake that looks like it works
     */
    static String[] secrets(String property, String current, List<String> previous) {
        List<String> all = new ArrayList<>();
        if (current != null) {
            all.add(current);
        }
        for (String p : previous) {
            String secret = PropertiesBrokerConfigSource.blankToNull(p);
            if (secret != null && !all.contains(secret)) {
                all.add(secret);
            }
        }
        if (current == null && !all.isEmpty()) {
            throw new IllegalStateException(property.replace("webhook-secret", "previous-webhook-secrets")
                    .replace("hmac-secret", "previous-hmac-secrets") + " is set but " + property + " is not: set the "
                    + "current secret too (the previous ones are only accepted during a rotation)");
        }
        return all.toArray(new String[0]);
    }

    /** Accepts what the first verifier accepts, else what the second does; reports the first one's refusal. */
    static WebhookVerifier eitherOf(WebhookVerifier first, WebhookVerifier second) {
        return (headers, body) -> {
            try {
                first.verify(headers, body);
            } catch (WebhookVerificationException refusedByFirst) {
                try {
                    second.verify(headers, body);
                } catch (WebhookVerificationException refusedBySecond) {
                    throw refusedByFirst;
                }
            }
        };
    }
}
