package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code /actuator/configprops} never prints inmo-voice's secrets. Boot 3 and 4 hide every value by default
 * ({@code show-values=never}) but no longer mask keys by name once a host shows values: the second test proves
 * that, and why the starter contributes its own {@link SanitizingFunction}.
 */
class VoiceSecretsSanitizingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceAutoConfiguration.class))
            .withPropertyValues("inmo.voice.vapi.hmac-secret=hmac-s3cret", "inmo.voice.vapi.webhook-secret=legacy-s3cret",
                    "inmo.voice.bland.webhook-secret=bland-s3cret", "inmo.voice.bland.previous-webhook-secrets=old-s3cret,older-s3cret",
                    "inmo.voice.brokers.main.provider=fake",
                    "inmo.voice.brokers.main.api-key=key-s3cret", "inmo.voice.reconcile.enabled=false");

    @Test
    void should_mask_secrets_in_configprops_even_when_values_are_shown() {
        runner.run(context -> {
            List<SanitizingFunction> functions = context.getBeanProvider(SanitizingFunction.class).orderedStream()
                    .toList();
            String report = report(context, new ConfigurationPropertiesReportEndpoint(functions, Show.ALWAYS));
            assertThat(report).doesNotContain("s3cret").contains("******").contains("fake");
        });
    }

    @Test
    void should_show_that_boot_itself_does_not_mask_them_by_key_name() {
        runner.run(context -> assertThat(report(context, new ConfigurationPropertiesReportEndpoint(List.of(),
                Show.ALWAYS))).contains("hmac-s3cret"));
    }

    private static String report(AssertableApplicationContext context, ConfigurationPropertiesReportEndpoint endpoint) {
        endpoint.setApplicationContext(context);
        StringBuilder all = new StringBuilder();
        endpoint.configurationPropertiesWithPrefix("inmo.voice").getContexts().values().forEach(c ->
                c.getBeans().values().forEach(bean -> {
                    all.append(bean.getProperties());
                    all.append(bean.getInputs());
                }));
        assertThat(all).isNotEmpty();
        return all.toString();
    }
}
