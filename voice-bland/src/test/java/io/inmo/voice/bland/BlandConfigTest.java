package io.inmo.voice.bland;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.spi.VoiceProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class BlandConfigTest {

    private static final String KEY = "sk-bland-secret-123";

    @Test
    void should_build_a_provider_config_with_defaults() {
        // given
        BlandConfig.Builder builder = BlandConfig.builder().apiKey(KEY).task("Call the lead");
        // when
        ProviderConfig config = builder.build();
        // then
        assertThat(config.providerId()).isEqualTo("bland");
        assertThat(config.apiKey()).isEqualTo(KEY);
        assertThat(config.baseUrlOr(BlandConfig.DEFAULT_BASE_URL)).isEqualTo(URI.create("https://api.bland.ai"));
        assertThat(config.setting(BlandConfig.SETTING_TASK)).contains("Call the lead");
        assertThat(config.setting(BlandConfig.SETTING_RECORD)).contains("true");
        assertThat(config.setting(BlandConfig.SETTING_PATHWAY_ID)).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_keep_every_setting() {
        // given
        BlandConfig.Builder builder = BlandConfig.builder().apiKey(KEY).pathwayId("pw-1").pathwayVersion("3")
                .voice("maya").firstSentence("Hi!").maxDuration(Duration.ofSeconds(90)).record(false)
                .voicemail(BlandConfig.VoicemailAction.LEAVE_MESSAGE, "Call us back")
                .webhookUrl("https://crm.example.com/hooks/bland").baseUrl("https://us.api.bland.ai")
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5))
                .maxAttempts(2).maxRetryWait(Duration.ofSeconds(12));
        // when
        ProviderConfig config = builder.build();
        // then
        assertThat(config.settings()).containsEntry("pathway_id", "pw-1").containsEntry("pathway_version", "3")
                .containsEntry("voice", "maya").containsEntry("first_sentence", "Hi!")
                .containsEntry("max_duration", "2").containsEntry("record", "false")
                .containsEntry("voicemail_action", "leave_message").containsEntry("voicemail_message", "Call us back")
                .containsEntry("webhook", "https://crm.example.com/hooks/bland")
                .doesNotContainKey("task");
        assertThat(config.baseUrl()).contains(URI.create("https://us.api.bland.ai"));
        assertThat(config.maxAttempts()).isEqualTo(2);
        assertThat(config.maxRetryWait()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void should_never_print_the_api_key() {
        // given
        BlandConfig.Builder builder = BlandConfig.builder().apiKey(KEY).task("t");
        // when
        String printed = builder.build().toString() + builder;
        // then
        assertThat(printed).doesNotContain(KEY).contains("****");
    }

    static Stream<Arguments> wrongCombinations() {
        return Stream.of(
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.apiKey(null), "apiKey"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.apiKey(" "), "apiKey"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.task(null), "exactly one of task"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.pathwayId("pw"), "not both"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.pathwayVersion("2"), "pathwayId"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.maxDuration(Duration.ofSeconds(30)), "got PT30S"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.maxDuration(Duration.ofMinutes(-5)), "got PT-5M"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.maxDuration(Duration.ofHours(13)), "got PT13H"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.webhookUrl(""), "blank"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.webhookUrl("   "), "blank"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.voicemail(BlandConfig.VoicemailAction.LEAVE_MESSAGE, null), "message"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.voicemail(BlandConfig.VoicemailAction.HANGUP, "hi"), "LEAVE_MESSAGE"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.voicemail(null, "hi"), "LEAVE_MESSAGE"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.webhookUrl("http://crm.example.com/x"), "https://"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.baseUrl("api.bland.ai"), "baseUrl"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.requestTimeout(Duration.ZERO), "requestTimeout"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.connectTimeout(null), "connectTimeout"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.maxAttempts(0), "maxAttempts"),
                Arguments.of((UnaryOperator<BlandConfig.Builder>) b -> b.maxRetryWait(Duration.ofSeconds(-1)), "maxRetryWait"));
    }

    @ParameterizedTest
    @MethodSource("wrongCombinations")
    void should_refuse_wrong_combinations_saying_what_to_fix(UnaryOperator<BlandConfig.Builder> change, String hint) {
        // given a valid builder with one thing wrong
        BlandConfig.Builder builder = change.apply(BlandConfig.builder().apiKey(KEY).task("t"));
        // when / then
        assertThatThrownBy(builder::build).isInstanceOf(InvalidRequestException.class).hasMessageContaining(hint)
                .hasMessageNotContaining(KEY);
    }

    @Test
    void should_be_discovered_through_service_loader() {
        // when
        boolean found = ServiceLoader.load(VoiceProvider.class).stream()
                .anyMatch(p -> p.type() == BlandProvider.class);
        // then
        assertThat(found).isTrue();
        assertThat(VoiceProviderFactory.discover().provider("bland")).get().isInstanceOf(BlandProvider.class);
        assertThat(new BlandProvider().id()).isEqualTo("bland");
    }

    static Stream<Arguments> wrongStoredSettings() {
        return Stream.of(
                Arguments.of(BlandConfig.SETTING_MAX_DURATION_MINUTES, "ten", "whole number of minutes"),
                Arguments.of(BlandConfig.SETTING_MAX_DURATION_MINUTES, "0", "1 minute"),
                Arguments.of(BlandConfig.SETTING_RECORD, "yes", "true or false"),
                Arguments.of(BlandConfig.SETTING_VOICEMAIL_ACTION, "sing", "hangup, leave_message or ignore"),
                Arguments.of(BlandConfig.SETTING_WEBHOOK_URL, "https://", "webhookUrl"),
                Arguments.of(BlandConfig.SETTING_PATHWAY_ID, "p-1", "not both"));
    }

    @ParameterizedTest
    @MethodSource("wrongStoredSettings")
    void should_check_a_config_built_without_the_typed_builder_with_the_same_rules(String key, String value,
                                                                                   String hint) {
        // given a broker's settings kept in a database, one of them wrong
        ProviderConfig fromDatabase = ProviderConfig.builder("bland").apiKey(KEY).setting("task", "t")
                .setting(key, value).build();

        // when / then
        assertThatThrownBy(() -> new BlandProvider().checkConfig(fromDatabase))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining(hint).hasMessageNotContaining(KEY);
    }

    @Test
    void should_read_the_typed_settings_once_per_configuration() {
        // given
        ProviderConfig config = BlandConfig.builder().apiKey(KEY).pathwayId("p-1").pathwayVersion("3")
                .maxDuration(Duration.ofSeconds(61)).record(false).build();

        // when
        BlandSettings first = BlandSettings.of(config);

        // then the builder's check already read them, typed, and every later read is the same object
        assertThat(BlandSettings.of(config)).isSameAs(first);
        assertThat(first.pathwayVersion()).isEqualTo(3);
        assertThat(first.maxDurationMinutes()).isEqualTo(2L);
        assertThat(first.record()).isFalse();
        assertThat(first.toString()).doesNotContain(KEY);
    }

    @Test
    void should_leave_blank_optional_settings_out_as_if_unset() {
        // given / when
        ProviderConfig config = BlandConfig.builder().apiKey(KEY).task(" ").pathwayId("p-1").pathwayVersion(" ")
                .voice("  ").firstSentence("").build();

        // then
        assertThat(config.settings()).containsOnlyKeys(BlandConfig.SETTING_PATHWAY_ID, BlandConfig.SETTING_RECORD);
        assertThat(config).isEqualTo(BlandConfig.builder().apiKey(KEY).pathwayId("p-1").build());
    }

    @Test
    void should_keep_the_public_base_url_when_a_null_one_is_set() {
        // given / when
        ProviderConfig config = BlandConfig.builder().apiKey(KEY).task("t").baseUrl((String) null).build();

        // then
        assertThat(config.baseUrl()).contains(BlandConfig.DEFAULT_BASE_URL);
    }
}
