package io.inmo.voice.spring;

import io.inmo.voice.VoiceCallService;
import io.inmo.voice.webhook.WebhookNormalizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The webhook endpoint and its problem-body mapping, in a servlet web application unless
 * {@code inmo.voice.webhook.enabled=false}. It is not exempted from Spring Security: permit the path there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(prefix = "inmo.voice.webhook", name = "enabled", havingValue = "true", matchIfMissing = true)
class VoiceWebhookConfiguration {

    @Bean
    VoiceWebhookController inmoVoiceWebhookController(VoiceProperties properties, WebhookNormalizer normalizer,
                                                      VoiceCallService calls) {
        String path = properties.getWebhook().getPath();
        if (path == null || !path.startsWith("/") || !path.contains("{provider}")) {
            throw new IllegalStateException("inmo.voice.webhook.path must start with / and contain {provider}, "
                    + "for example /webhooks/voice/{provider}; was " + path);
        }
        return new VoiceWebhookController(normalizer, calls);
    }

    @Bean
    VoiceWebhookExceptionHandler inmoVoiceWebhookExceptionHandler() {
        return new VoiceWebhookExceptionHandler();
    }

    /** @return {@code inmo.voice.webhook.max-body-size} in bytes, validated */
    static int maxBodyBytes(VoiceProperties.Webhook webhook) {
        long bytes = webhook.getMaxBodySize() == null ? -1 : webhook.getMaxBodySize().toBytes();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("inmo.voice.webhook.max-body-size must be between 1B and 2047MB, was "
                    + webhook.getMaxBodySize());
        }
        return (int) bytes;
    }
}
