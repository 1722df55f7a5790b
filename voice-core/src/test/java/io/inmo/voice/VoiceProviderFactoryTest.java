package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VoiceProviderFactoryTest {

    private static final ProviderConfig FAKE_CONFIG = ProviderConfig.builder("fake").build();

    @Test
    void should_resolve_the_provider_and_config_of_a_broker() {
        // given
        VoiceProviderFactory factory = VoiceProviderFactory.builder()
                .brokerConfigs(BrokerConfigSource.of(Map.of("broker-1", FAKE_CONFIG))).build();

        // when
        ResolvedProvider resolved = factory.forBroker("broker-1");

        // then
        assertThat(resolved.provider()).isInstanceOf(FakeVoiceProvider.class);
        assertThat(resolved.config()).isSameAs(FAKE_CONFIG);
    }

    @Test
    void should_report_unavailable_naming_the_broker_when_it_has_no_config() {
        // given
        VoiceProviderFactory factory = VoiceProviderFactory.builder()
                .brokerConfigs(BrokerConfigSource.of(Map.of("broker-1", FAKE_CONFIG))).build();

        // when / then
        assertThatThrownBy(() -> factory.forBroker("broker-2"))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("provider_unavailable");
                    assertThat(e.provider()).isNull();
                    assertThat(e.getMessage()).contains("broker 'broker-2'").contains("BrokerConfigSource");
                });
    }

    @Test
    void should_report_unavailable_listing_the_found_ids_when_the_configured_provider_is_missing() {
        // given
        ProviderConfig vapi = ProviderConfig.builder("vapi").apiKey("sk-secret").build();
        VoiceProviderFactory factory = VoiceProviderFactory.builder()
                .brokerConfigs(BrokerConfigSource.of(Map.of("broker-1", vapi))).build();

        // when / then
        assertThatThrownBy(() -> factory.forBroker("broker-1"))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.provider()).isEqualTo("vapi");
                    assertThat(e.getMessage()).contains("'vapi'").contains("found [fake]")
                            .contains("io.inmo.voice:voice-vapi").doesNotContain("sk-secret");
                });
    }

    @Test
    void should_refuse_to_resolve_a_broker_without_a_config_source() {
        // given
        VoiceProviderFactory factory = VoiceProviderFactory.discover();

        // when / then
        assertThatThrownBy(() -> factory.forBroker("broker-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BrokerConfigSource");
    }

    @Test
    void should_resolve_brokers_after_with_broker_configs_without_changing_the_original() {
        // given
        VoiceProviderFactory original = VoiceProviderFactory.discover();

        // when
        VoiceProviderFactory configured = original.withBrokerConfigs(broker -> Optional.of(FAKE_CONFIG));

        // then
        assertThat(configured.forBroker("any").config()).isSameAs(FAKE_CONFIG);
        assertThat(configured.providerIds()).isEqualTo(original.providerIds());
        assertThatThrownBy(() -> original.forBroker("any")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_prefer_a_registered_provider_over_the_discovered_one() {
        // given
        FakeVoiceProvider configured = FakeVoiceProvider.builder().signingSecret("s").build();

        // when
        VoiceProviderFactory factory = VoiceProviderFactory.builder().register(configured).build();

        // then
        assertThat(factory.provider("fake")).containsSame(configured);
        assertThat(factory.require("fake")).isSameAs(configured);
    }

    @Test
    void should_hold_only_registered_providers_without_discovery() {
        // given
        VoiceProvider other = new NamedProvider("acme");

        // when
        VoiceProviderFactory factory = VoiceProviderFactory.builder().discover(false).register(other).build();

        // then
        assertThat(factory.providerIds()).containsExactly("acme");
        assertThat(factory.provider("fake")).isEmpty();
        assertThat(factory.provider(null)).isEmpty();
        assertThatThrownBy(() -> factory.require("fake"))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("found [acme]");
    }

    @Test
    void should_list_provider_ids_sorted_and_unmodifiable() {
        // given
        VoiceProviderFactory factory = VoiceProviderFactory.builder().discover(false)
                .register(new NamedProvider("zeta")).register(new NamedProvider("alpha")).build();

        // when / then
        assertThat(factory.providerIds()).containsExactly("alpha", "zeta");
        assertThatThrownBy(() -> factory.providerIds().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_refuse_a_config_for_another_provider_in_a_resolved_provider() {
        // given
        VoiceProvider fake = new FakeVoiceProvider();
        ProviderConfig vapi = ProviderConfig.builder("vapi").build();

        // when / then
        assertThatThrownBy(() -> new ResolvedProvider(fake, vapi))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vapi'").hasMessageContaining("'fake'");
    }

    @Test
    void should_reject_a_provider_without_an_id() {
        // given
        VoiceProviderFactory.Builder builder = VoiceProviderFactory.builder();

        // when / then
        assertThatThrownBy(() -> builder.register(new NamedProvider(null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.register(null)).isInstanceOf(NullPointerException.class);
    }

    /** A provider that only has an id. */
    private static final class NamedProvider implements VoiceProvider {
        private final String id;

        NamedProvider(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
            return Optional.empty();
        }

        @Override
        public WebhookEvent parseWebhook(WebhookRequest request) {
            throw new UnsupportedOperationException();
        }
    }
}
