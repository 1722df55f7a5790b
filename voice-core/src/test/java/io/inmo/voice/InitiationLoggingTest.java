package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failed initiation writes to the log, through the test classpath's slf4j-simple (which writes to stderr). */
class InitiationLoggingTest {

    private static final String PHONE = "+34600111222";

    @Test
    void should_log_a_provider_outage_as_one_warn_line_without_stack_trace_or_whole_number() {
        // given a provider that is down
        FakeVoiceProvider fake = FakeVoiceProvider.builder().defaultOutcome(FakeOutcome.PROVIDER_DOWN)
                .signingSecret("whsec-test").build();
        VoiceCallService service = VoiceCallService.builder()
                .repository(new InMemoryCallRepository())
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(fake).build())
                .brokerConfigs(BrokerConfigSource.of(Map.of("broker-7", ProviderConfig.builder("fake").build())))
                .build();

        // when
        String log = stderrOf(() -> assertThatThrownBy(() -> service.initiate(
                new CallTarget("lead-1", "broker-7", PHONE, "Ana", Map.of())))
                .isInstanceOf(ProviderUnavailableException.class));

        // then
        assertThat(log).contains("WARN").contains("could not be placed: ProviderUnavailableException")
                .doesNotContain("ERROR").doesNotContain("\tat ").doesNotContain("600111222");
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
