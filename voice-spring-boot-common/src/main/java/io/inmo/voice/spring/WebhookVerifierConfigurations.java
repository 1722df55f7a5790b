package io.inmo.voice.spring;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.bland.BlandWebhookVerifier;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.vapi.VapiWebhookVerifier;
import io.inmo.voice.webhook.WebhookVerifier;
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
            if (hmacSecret == null && legacySecret == null) {
                log.warn("VAPI webhooks will be refused with 401: set inmo.voice.vapi.hmac-secret (VAPI's HMAC "
                        + "credential) or inmo.voice.vapi.webhook-secret (the legacy x-vapi-secret header)");
                return builder -> { };
            }
            WebhookVerifier hmac = hmacSecret == null ? null : VapiWebhookVerifier.hmac().secrets(hmacSecret).build();
            WebhookVerifier legacy = legacySecret == null ? null : VapiWebhookVerifier.secretHeader(legacySecret);
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
            if (secret == null) {
                log.warn("Bland webhooks will be refused with 401: set inmo.voice.bland.webhook-secret (the "
                        + "webhook signing secret from Bland's dashboard)");
                return builder -> { };
            }
            WebhookVerifier verifier = BlandWebhookVerifier.hmacSha256(secret);
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
            if (secret == null) {
                return builder -> { };
            }
            WebhookVerifier verifier = FakeVoiceProvider.verifier(secret);
            return builder -> builder.verifier(FakeVoiceProvider.ID, verifier);
        }
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
