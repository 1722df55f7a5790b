package io.inmo.voice.vapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.spi.VoiceProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VapiConfigTest {

    @Test
    void should_build_provider_config_with_defaults() {
        // when
        ProviderConfig config = VapiConfig.builder().apiKey("sk-secret-123").assistantId("asst").phoneNumberId("pn")
                .build();

        // then
        assertThat(config.providerId()).isEqualTo("vapi");
        assertThat(config.apiKey()).isEqualTo("sk-secret-123");
        assertThat(config.baseUrlOr(URI.create("http://other"))).isEqualTo(URI.create("https://api.vapi.ai"));
        assertThat(config.setting(VapiConfig.ASSISTANT_ID)).contains("asst");
        assertThat(config.setting(VapiConfig.PHONE_NUMBER_ID)).contains("pn");
        assertThat(config.setting(VapiConfig.SERVER_URL)).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxAttempts()).isEqualTo(3);
    }

    @Test
    void should_apply_every_option() {
        // when
        ProviderConfig config = VapiConfig.builder().apiKey("k").assistantId("a").phoneNumberId("p")
                .baseUrl("http://localhost:9999").serverUrl("https://crm.example/hook")
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(7)).maxAttempts(5)
                .maxRetryWait(Duration.ofSeconds(11)).build();

        // then
        assertThat(config.baseUrl()).contains(URI.create("http://localhost:9999"));
        assertThat(config.setting(VapiConfig.SERVER_URL)).contains("https://crm.example/hook");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.maxRetryWait()).isEqualTo(Duration.ofSeconds(11));
    }

    @Test
    void should_name_every_missing_value() {
        // when / then
        assertThatThrownBy(() -> VapiConfig.builder().build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("apiKey").hasMessageContaining("assistantId")
                .hasMessageContaining("phoneNumberId");
        assertThatThrownBy(() -> VapiConfig.builder().apiKey("k").assistantId(" ").phoneNumberId("p").build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("VAPI configuration is missing assistantId (");
    }

    @Test
    void should_reject_invalid_values_with_a_400() {
        // when / then
        assertThatThrownBy(() -> VapiConfig.builder().apiKey("k").assistantId("a").phoneNumberId("p")
                .maxAttempts(0).build()).isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> VapiConfig.builder().apiKey("k").assistantId("a").phoneNumberId("p")
                .serverUrl("/relative").build()).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("serverUrl");
    }

    @Test
    void should_hide_the_api_key_in_to_string() {
        // when
        String printed = VapiConfig.builder().apiKey("sk-secret-123").assistantId("a").phoneNumberId("p").build()
                .toString();

        // then
        assertThat(printed).doesNotContain("sk-secret-123").contains("vapi");
    }

    @Test
    void should_be_discoverable_through_service_loader() {
        // when
        boolean found = ServiceLoader.load(VoiceProvider.class).stream()
                .anyMatch(p -> p.type() == VapiProvider.class && "vapi".equals(p.get().id()));

        // then
        assertThat(found).isTrue();
    }

    @Test
    void should_check_a_config_built_without_the_typed_builder_with_the_same_rules() {
        // given a broker's settings kept in a database, without a phone number id
        ProviderConfig fromDatabase = ProviderConfig.builder("vapi").apiKey("k")
                .setting(VapiConfig.ASSISTANT_ID, "a").setting(VapiConfig.SERVER_URL, "ftp://x").build();

        // when / then
        assertThatThrownBy(() -> new VapiProvider().checkConfig(fromDatabase))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining("missing phoneNumberId (");
    }

    @Test
    void should_read_the_typed_settings_once_per_configuration() {
        // given
        ProviderConfig config = VapiConfig.builder().apiKey("k").assistantId(" a ").phoneNumberId("p")
                .serverUrl("https://crm.example/hook").build();

        // when
        VapiSettings first = VapiSettings.of(config);
        VapiSettings second = VapiSettings.of(config);

        // then the builder's check already read them, trimmed, and every later read is the same object
        assertThat(second).isSameAs(first);
        assertThat(first.assistantId()).isEqualTo("a");
        assertThat(first.serverUrl()).isEqualTo("https://crm.example/hook");
        assertThat(first.toString()).doesNotContain("k,").contains("assistantId=a");
    }

    @Test
    void should_keep_the_public_base_url_when_a_null_one_is_set() {
        // given / when
        ProviderConfig config = VapiConfig.builder().apiKey("k").assistantId("a").phoneNumberId("p")
                .baseUrl((java.net.URI) null).build();

        // then
        assertThat(config.baseUrl()).contains(VapiConfig.DEFAULT_BASE_URL);
        assertThat(config).isEqualTo(VapiConfig.builder().apiKey("k").assistantId("a").phoneNumberId("p").build());
    }

    @Test
    void should_never_advise_putting_the_api_key_in_the_settings_map() {
        // when / then
        assertThatThrownBy(() -> VapiConfig.builder().assistantId("a").phoneNumberId("p").build())
                .hasMessageContaining("apiKey(..)").hasMessageNotContaining("settings named");
    }

    @Test
    void should_refuse_a_configuration_for_another_provider() {
        // when / then
        assertThatThrownBy(() -> new VapiProvider().checkConfig(ProviderConfig.builder("bland").apiKey("k")
                .setting(VapiConfig.ASSISTANT_ID, "a").setting(VapiConfig.PHONE_NUMBER_ID, "p").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'bland', not vapi");
    }
}
