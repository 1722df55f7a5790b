package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.bland.BlandWebhookVerifier;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code inmo.voice.<provider>.previous-*-secrets}: rotating a webhook secret without refusing webhooks. */
class WebhookSecretRotationTest {

    private static final byte[] BODY = ("{\"call_id\":\"bl-1\",\"status\":\"completed\",\"metadata\":{\"callId\":\"c-1\"},"
            + "\"completed\":true}").getBytes(StandardCharsets.UTF_8);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceAutoConfiguration.class))
            .withPropertyValues("inmo.voice.reconcile.enabled=false");

    private static Map<String, List<String>> signedWith(String secret) {
        return BlandWebhookVerifier.hmac().secrets(secret).build().sign(BODY);
    }

    @Test
    void should_accept_webhooks_signed_with_the_current_or_a_previous_secret_and_refuse_others() {
        runner.withPropertyValues("inmo.voice.bland.webhook-secret=new-secret",
                        "inmo.voice.bland.previous-webhook-secrets=old-secret")
                .run(context -> {
                    WebhookNormalizer webhooks = context.getBean(WebhookNormalizer.class);
                    assertThat(webhooks.normalize("bland", signedWith("new-secret"), BODY).callId()).isEqualTo("c-1");
                    assertThat(webhooks.normalize("bland", signedWith("old-secret"), BODY).callId()).isEqualTo("c-1");
                    assertThatThrownBy(() -> webhooks.normalize("bland", signedWith("other-secret"), BODY))
                            .isInstanceOf(WebhookVerificationException.class);
                });
    }

    @Test
    void should_refuse_to_start_with_previous_secrets_but_no_current_one() {
        runner.withPropertyValues("inmo.voice.vapi.previous-hmac-secrets=old-secret")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "inmo.voice.vapi.previous-hmac-secrets is set but inmo.voice.vapi.hmac-secret is not"));
    }
}
