package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderEnvironmentTest {

    @Test
    void should_configure_vapi_only_when_key_assistant_and_phone_number_are_all_set() {
        // given environments with some or all VAPI variables
        ProviderEnvironment partial = new ProviderEnvironment(Map.of("VAPI_API_KEY", "k", "VAPI_ASSISTANT_ID", "a"));
        ProviderEnvironment full = new ProviderEnvironment(Map.of("VAPI_API_KEY", "k", "VAPI_ASSISTANT_ID", "a",
                "VAPI_PHONE_NUMBER_ID", "p"));

        // when the vapi broker's configuration is built
        // then only the full one configures it, with the settings the VAPI module reads
        assertThat(partial.vapiConfig()).isEmpty();
        ProviderConfig config = full.vapiConfig().orElseThrow();
        assertThat(config.providerId()).isEqualTo("vapi");
        assertThat(config.apiKey()).isEqualTo("k");
        assertThat(config.setting("assistantId")).contains("a");
        assertThat(config.setting("phoneNumberId")).contains("p");
        assertThat(config.toString()).doesNotContain("=k,");
    }

    @Test
    void should_configure_bland_from_its_key_with_a_default_task() {
        // given a Bland key with and without a task
        ProviderEnvironment keyOnly = new ProviderEnvironment(Map.of("BLAND_API_KEY", "b"));
        ProviderEnvironment withTask = new ProviderEnvironment(Map.of("BLAND_API_KEY", "b", "BLAND_TASK", "Call them"));

        // when the bland broker's configuration is built
        // then the task is the given one or the built-in one
        assertThat(keyOnly.blandConfig().orElseThrow().setting("task")).contains(ProviderEnvironment.DEFAULT_BLAND_TASK);
        assertThat(withTask.blandConfig().orElseThrow().setting("task")).contains("Call them");
        assertThat(new ProviderEnvironment(Map.of("BLAND_API_KEY", " ")).blandConfig()).isEmpty();
    }

    @Test
    void should_use_the_fake_secret_from_the_environment_or_a_random_one() {
        // given environments with and without FAKE_WEBHOOK_SECRET
        // when the secret is asked for
        // then it is the variable, or a fresh 256-bit random hex string per start
        assertThat(new ProviderEnvironment(Map.of("FAKE_WEBHOOK_SECRET", "s")).fakeWebhookSecret()).isEqualTo("s");
        String random = new ProviderEnvironment(Map.of()).fakeWebhookSecret();
        assertThat(random).hasSize(64).isNotEqualTo(new ProviderEnvironment(Map.of()).fakeWebhookSecret());
    }

    @Test
    void should_give_the_providers_the_public_webhook_urls_when_a_public_url_is_set() {
        // given
        ProviderEnvironment env = new ProviderEnvironment(Map.of("VAPI_API_KEY", "k", "VAPI_ASSISTANT_ID", "a",
                "VAPI_PHONE_NUMBER_ID", "p", "BLAND_API_KEY", "b", "DEMO_PUBLIC_URL", "https://demo.example.com/"));

        // when
        ProviderConfig vapi = env.vapiConfig().orElseThrow();
        ProviderConfig bland = env.blandConfig().orElseThrow();

        // then
        assertThat(vapi.setting("serverUrl")).contains("https://demo.example.com/webhooks/voice/vapi");
        assertThat(bland.setting("webhook")).contains("https://demo.example.com/webhooks/voice/bland");
    }
}
