package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderConfigTest {

    @Test
    void should_apply_the_documented_defaults() {
        // given / when
        ProviderConfig config = ProviderConfig.builder("fake").build();

        // then
        assertThat(config.providerId()).isEqualTo("fake");
        assertThat(config.apiKey()).isNull();
        assertThat(config.baseUrl()).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.maxRetryWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.settings()).isEmpty();
    }

    @Test
    void should_never_print_the_api_key_or_secret_settings() {
        // given
        ProviderConfig config = ProviderConfig.builder("vapi")
                .apiKey("sk-live-0123456789")
                .baseUrl("https://api.vapi.ai")
                .setting("assistantId", "asst-42")
                .secretSetting("webhookSecret", "whsec-abcdef")
                .build();

        // when
        String printed = config.toString();

        // then
        assertThat(printed)
                .doesNotContain("sk-live-0123456789")
                .doesNotContain("whsec-abcdef")
                .contains("provider=vapi")
                .contains("apiKey=****")
                .contains("assistantId=asst-42")
                .contains("webhookSecret=****")
                .contains("https://api.vapi.ai");
    }

    @Test
    void should_say_when_there_is_no_api_key() {
        // given / when / then
        assertThat(ProviderConfig.builder("fake").build().toString()).contains("apiKey=none");
    }

    @Test
    void should_still_mask_a_secret_setting_after_to_builder() {
        // given
        ProviderConfig config = ProviderConfig.builder("bland").apiKey("key-1")
                .secretSetting("encryptedKey", "enc-secret").build();

        // when
        ProviderConfig copy = config.toBuilder().setting("task", "Call the lead").build();

        // then
        assertThat(copy.toString()).doesNotContain("enc-secret").doesNotContain("key-1").contains("task=Call the lead");
        assertThat(copy.setting("encryptedKey")).contains("enc-secret");
    }

    @Test
    void should_round_trip_through_to_builder() {
        // given
        ProviderConfig config = ProviderConfig.builder("vapi").apiKey("k").baseUrl(URI.create("http://localhost:1"))
                .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).maxAttempts(5)
                .maxRetryWait(Duration.ofSeconds(3)).setting("a", "1").secretSetting("b", "2").build();

        // when
        ProviderConfig copy = config.toBuilder().build();

        // then
        assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config);
        assertThat(copy.baseUrlOr(URI.create("https://default"))).isEqualTo(URI.create("http://localhost:1"));
        assertThat(ProviderConfig.builder("vapi").build().baseUrlOr(URI.create("https://default")))
                .isEqualTo(URI.create("https://default"));
    }

    @Test
    void should_remove_a_setting_set_to_null_and_keep_settings_unmodifiable() {
        // given
        ProviderConfig config = ProviderConfig.builder("fake").setting("outcome", "BUSY").setting("outcome", null)
                .setting("kept", "yes").build();

        // when / then
        assertThat(config.setting("outcome")).isEmpty();
        assertThat(config.setting("kept")).contains("yes");
        assertThatThrownBy(() -> config.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void should_require_a_provider_id(String providerId) {
        // given
        ProviderConfig.Builder builder = ProviderConfig.builder(providerId);

        // when / then
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.getMessage()).isEqualTo("providerId is required and must not be blank");
                });
    }

    @Test
    void should_require_positive_timeouts() {
        // given / when / then
        assertThatThrownBy(() -> ProviderConfig.builder("fake").connectTimeout(Duration.ZERO).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("fake configuration is invalid: connectTimeout must be a positive duration, got PT0S");
        assertThatThrownBy(() -> ProviderConfig.builder("fake").requestTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("fake configuration is invalid: requestTimeout must be a positive duration, got PT-1S");
        assertThatThrownBy(() -> ProviderConfig.builder("fake").requestTimeout(null).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("fake configuration is invalid: requestTimeout must be a positive duration, got null");
    }

    @Test
    void should_require_at_least_one_attempt() {
        // given / when / then
        assertThatThrownBy(() -> ProviderConfig.builder("fake").maxAttempts(0).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("fake configuration is invalid: maxAttempts must be at least 1, got 0");
        assertThat(ProviderConfig.builder("fake").maxAttempts(1).build().maxAttempts()).isEqualTo(1);
    }

    @Test
    void should_refuse_a_negative_max_retry_wait_and_accept_zero() {
        // given / when / then
        assertThatThrownBy(() -> ProviderConfig.builder("fake").maxRetryWait(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("fake configuration is invalid: maxRetryWait must be zero or a positive duration");
        assertThat(ProviderConfig.builder("fake").maxRetryWait(Duration.ZERO).build().maxRetryWait())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void should_refuse_a_null_setting_name() {
        // given / when / then
        assertThatThrownBy(() -> ProviderConfig.builder("fake").setting(null, "v"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_refuse_a_relative_base_url_naming_the_setting() {
        // when / then
        assertThatThrownBy(() -> ProviderConfig.builder("vapi").baseUrl("api.vapi.ai").build())
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("baseUrl must be an absolute http(s) URL");
    }

    /** Two provider-side views; the second is a supertype's sibling, never the cached one. */
    private record ViewA(String value) {
    }

    private record ViewB(String value) {
    }

    @Test
    void should_read_typed_settings_once_and_only_for_the_exact_type_asked() {
        // given
        ProviderConfig config = ProviderConfig.builder("fake").setting("k", "v").build();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        // when
        ViewA first = config.typedSettings(ViewA.class, c -> {
            reads.incrementAndGet();
            return new ViewA(c.setting("k").orElseThrow());
        });
        ViewA second = config.typedSettings(ViewA.class, c -> new ViewA("never read"));
        Record asSupertype = config.typedSettings(Record.class, c -> new ViewB("read again"));

        // then
        assertThat(second).isSameAs(first);
        assertThat(reads).hasValue(1);
        assertThat(asSupertype).isEqualTo(new ViewB("read again"));
    }
}
