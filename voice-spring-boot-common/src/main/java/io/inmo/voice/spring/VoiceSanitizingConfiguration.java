package io.inmo.voice.spring;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Masks inmo-voice's secrets in {@code /actuator/configprops} and {@code /actuator/env}. Boot 3 and 4 show no
 * values by default ({@code management.endpoint.*.show-values=never}) but, once a host sets {@code always} or
 * {@code when-authorized}, they no longer mask keys by name: this function keeps {@code inmo.voice.*} secrets and
 * API keys masked then too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(SanitizingFunction.class)
class VoiceSanitizingConfiguration {

    @Bean
    SanitizingFunction inmoVoiceSecretsSanitizingFunction() {
        return SanitizingFunction.sanitizeValue().ifKeyMatches(VoiceSanitizingConfiguration::isSecret);
    }

    /**
     * @param key a property key as an endpoint names it: {@code inmo.voice.vapi.webhook-secret} (env, inputs) or
     *        {@code inmo.voice.vapi.webhookSecret} (configprops)
     * @return whether it is one of ours that holds a secret
     */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("-", "");
        // "contains": list entries (previous-webhook-secrets[0]) are secrets too.
        return k.startsWith("inmo.voice.") && (k.contains("secret") || k.endsWith("apikey"));
    }
}
