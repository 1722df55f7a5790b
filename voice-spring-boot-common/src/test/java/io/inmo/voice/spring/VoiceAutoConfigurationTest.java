package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallListener;
import io.inmo.voice.CallSummary;
import io.inmo.voice.CallTarget;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.vapi.VapiConfig;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Every condition of {@link VoiceAutoConfiguration}, without a web server. */
@ExtendWith(OutputCaptureExtension.class)
class VoiceAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceAutoConfiguration.class));

    @Test
    void should_define_every_bean_by_default() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(VoiceProviderFactory.class).hasSingleBean(BrokerConfigSource.class)
                    .hasSingleBean(WebhookNormalizer.class).hasSingleBean(VoiceCallService.class)
                    .hasSingleBean(VoiceBackgroundTasks.class);
            assertThat(context.getBean(CallRepository.class)).isInstanceOf(InMemoryCallRepository.class);
            assertThat(context.getBean(VoiceProviderFactory.class).providerIds()).contains("fake", "vapi", "bland");
            // Not a web application: no endpoint.
            assertThat(context).doesNotHaveBean(VoiceWebhookController.class);
        });
    }

    @Test
    void should_back_off_when_the_application_defines_its_own_beans() {
        runner.withUserConfiguration(HostBeans.class).run(context -> {
            assertThat(context.getBean(VoiceProviderFactory.class)).isSameAs(HostBeans.PROVIDERS);
            assertThat(context.getBean(BrokerConfigSource.class)).isSameAs(HostBeans.BROKERS);
            assertThat(context.getBean(CallRepository.class)).isSameAs(HostBeans.REPOSITORY);
            assertThat(context.getBean(WebhookNormalizer.class)).isSameAs(HostBeans.NORMALIZER);
            assertThat(context).hasSingleBean(VoiceCallService.class);
        });
        runner.withUserConfiguration(HostService.class).run(context ->
                assertThat(context.getBean(VoiceCallService.class)).isSameAs(context.getBean("hostService")));
    }

    @Test
    void should_warn_that_calls_are_lost_on_restart_when_they_are_stored_in_memory(CapturedOutput output) {
        runner.run(context -> assertThat(output).contains("WARN").contains("IN MEMORY")
                .contains("lost on restart").contains("voice-jdbc"));
    }

    @Test
    void should_warn_at_startup_naming_the_property_when_a_provider_has_no_webhook_secret(CapturedOutput output) {
        runner.run(context -> {
            assertThat(output).contains("VAPI webhooks will be refused with 401: set inmo.voice.vapi.hmac-secret")
                    .contains("Bland webhooks will be refused with 401: set inmo.voice.bland.webhook-secret");
            WebhookNormalizer normalizer = context.getBean(WebhookNormalizer.class);
            byte[] body = Fixtures.bytes("fixtures/vapi-status-update-ringing.json");
            assertThatThrownBy(() -> normalizer.normalize("vapi", Map.of(), body))
                    .isInstanceOf(WebhookVerificationException.class)
                    .extracting(e -> ((WebhookVerificationException) e).reason())
                    .isEqualTo(WebhookVerificationException.Reason.NOT_CONFIGURED);
        });
    }

    @Test
    void should_not_warn_about_a_provider_whose_secret_is_set(CapturedOutput output) {
        runner.withPropertyValues("inmo.voice.vapi.webhook-secret=s3cret", "inmo.voice.bland.webhook-secret=b-s3cret")
                .run(context -> assertThat(output).doesNotContain("webhooks will be refused")
                        .doesNotContain("s3cret"));
    }

    @Test
    void should_verify_vapi_webhooks_with_the_legacy_secret_from_properties() {
        runner.withPropertyValues("inmo.voice.vapi.webhook-secret=s3cret").run(context -> {
            WebhookNormalizer normalizer = context.getBean(WebhookNormalizer.class);
            byte[] body = Fixtures.bytes("fixtures/vapi-status-update-ringing.json");
            WebhookEvent event = normalizer.normalize("vapi", Map.of("X-Vapi-Secret", List.of("s3cret")), body);
            assertThat(event.externalCallId()).isEqualTo("3f8a1c5e-72d4-4b9a-8e61-0c4d7b2a9f35");
            assertThatThrownBy(() -> normalizer.normalize("vapi", Map.of("x-vapi-secret", List.of("wrong")), body))
                    .isInstanceOf(WebhookVerificationException.class);
        });
    }

    @Test
    void should_verify_vapi_webhooks_with_the_hmac_secret_from_properties() {
        runner.withPropertyValues("inmo.voice.vapi.hmac-secret=h-s3cret").run(context -> {
            WebhookNormalizer normalizer = context.getBean(WebhookNormalizer.class);
            byte[] body = Fixtures.bytes("fixtures/vapi-status-update-ringing.json");
            String timestamp = String.valueOf(System.currentTimeMillis());
            String signature = Fixtures.hmacSha256Hex("h-s3cret", timestamp + "." + new String(body,
                    java.nio.charset.StandardCharsets.UTF_8));
            WebhookEvent event = normalizer.normalize("vapi", Map.of("x-signature", List.of(signature),
                    "x-timestamp", List.of(timestamp)), body);
            assertThat(event.type()).isEqualTo(WebhookEvent.Type.STATUS_UPDATE);
            // The legacy header is not accepted when only the HMAC secret is configured.
            assertThatThrownBy(() -> normalizer.normalize("vapi", Map.of("x-vapi-secret", List.of("h-s3cret")), body))
                    .isInstanceOf(WebhookVerificationException.class);
        });
    }

    @Test
    void should_accept_either_vapi_credential_when_both_secrets_are_set() {
        runner.withPropertyValues("inmo.voice.vapi.hmac-secret=h-s3cret", "inmo.voice.vapi.webhook-secret=s3cret")
                .run(context -> {
                    WebhookNormalizer normalizer = context.getBean(WebhookNormalizer.class);
                    byte[] body = Fixtures.bytes("fixtures/vapi-status-update-ringing.json");
                    assertThat(normalizer.normalize("vapi", Map.of("x-vapi-secret", List.of("s3cret")), body))
                            .isNotNull();
                    assertThatThrownBy(() -> normalizer.normalize("vapi", Map.of("x-vapi-secret", List.of("nope")),
                            body)).isInstanceOf(WebhookVerificationException.class);
                });
    }

    @Test
    void should_verify_bland_webhooks_with_the_secret_from_properties() {
        runner.withPropertyValues("inmo.voice.bland.webhook-secret=b-s3cret").run(context -> {
            WebhookNormalizer normalizer = context.getBean(WebhookNormalizer.class);
            byte[] body = Fixtures.bytes("fixtures/bland-completed-human.json");
            String signature = Fixtures.hmacSha256Hex("b-s3cret", body);
            assertThat(normalizer.normalize("bland", Map.of("X-Webhook-Signature", List.of(signature)), body)
                    .type()).isEqualTo(WebhookEvent.Type.CALL_ENDED);
            String forged = Fixtures.hmacSha256Hex("other", body);
            assertThatThrownBy(() -> normalizer.normalize("bland", Map.of("X-Webhook-Signature", List.of(forged)),
                    body)).isInstanceOf(WebhookVerificationException.class);
        });
    }

    @Test
    void should_apply_the_applications_normalizer_customizers_after_the_properties() {
        runner.withPropertyValues("inmo.voice.vapi.webhook-secret=s3cret").withUserConfiguration(Customizer.class)
                .run(context -> {
                    byte[] body = Fixtures.bytes("fixtures/vapi-status-update-ringing.json");
                    // The customizer replaced the verifier from properties with one that accepts everything.
                    assertThat(context.getBean(WebhookNormalizer.class).normalize("vapi", Map.of(), body)).isNotNull();
                });
    }

    @Test
    void should_build_brokers_from_properties() {
        runner.withPropertyValues("inmo.voice.brokers.main.provider=vapi", "inmo.voice.brokers.main.api-key=key-1",
                        "inmo.voice.brokers.main.assistant-id=asst-1", "inmo.voice.brokers.main.phone-number-id=pn-1",
                        "inmo.voice.brokers.main.request-timeout=5s",
                        "inmo.voice.brokers.test.provider=fake", "inmo.voice.brokers.test.settings.outcome=BUSY")
                .run(context -> {
                    BrokerConfigSource brokers = context.getBean(BrokerConfigSource.class);
                    ProviderConfig vapi = brokers.forBroker("main").orElseThrow();
                    assertThat(vapi.providerId()).isEqualTo("vapi");
                    assertThat(vapi.apiKey()).isEqualTo("key-1");
                    assertThat(vapi.setting(VapiConfig.ASSISTANT_ID)).contains("asst-1");
                    assertThat(vapi.setting(VapiConfig.PHONE_NUMBER_ID)).contains("pn-1");
                    assertThat(vapi.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(brokers.forBroker("test").orElseThrow().setting("outcome")).contains("BUSY");
                    assertThat(brokers.forBroker("other")).isEmpty();
                });
    }

    @Test
    void should_refuse_to_start_with_a_broker_missing_a_required_setting() {
        runner.withPropertyValues("inmo.voice.brokers.main.provider=vapi", "inmo.voice.brokers.main.api-key=key-1")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("assistantId"));
        runner.withPropertyValues("inmo.voice.brokers.main.provider=vapi", "inmo.voice.brokers.main.api-key=key-1")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "broker 'main' (inmo.voice.brokers.main.*) is not valid"));
        runner.withPropertyValues("inmo.voice.brokers.main.provider=twilio").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "inmo.voice.brokers.main.provider is 'twilio' but that provider is not on the classpath"));
    }

    @Test
    void should_refuse_to_start_when_free_form_settings_break_the_providers_check() {
        // a typed setting overridden by the free-form map, and a fake broker with no such outcome
        runner.withPropertyValues("inmo.voice.brokers.main.provider=bland", "inmo.voice.brokers.main.api-key=key-1",
                        "inmo.voice.brokers.main.task=Ask about the flat", "inmo.voice.brokers.main.settings.pathway_id=p-1")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "broker 'main' (inmo.voice.brokers.main.*) is not valid").hasStackTraceContaining("not both"));
        runner.withPropertyValues("inmo.voice.brokers.demo.provider=fake", "inmo.voice.brokers.demo.settings.outcome=SINGING")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "broker 'demo' (inmo.voice.brokers.demo.*) is not valid").hasStackTraceContaining("SINGING"));
    }

    @Test
    void should_check_a_typed_broker_with_its_free_form_settings_applied() {
        // the assistant id given as a free-form setting completes the VAPI broker; a blank webhook URL stops Bland's
        runner.withPropertyValues("inmo.voice.brokers.main.provider=vapi", "inmo.voice.brokers.main.api-key=key-1",
                        "inmo.voice.brokers.main.phone-number-id=pn-1", "inmo.voice.brokers.main.settings.assistantId=a-1")
                .run(context -> assertThat(context.getBean(BrokerConfigSource.class).forBroker("main").orElseThrow()
                        .setting(VapiConfig.ASSISTANT_ID)).contains("a-1"));
        runner.withPropertyValues("inmo.voice.brokers.main.provider=bland", "inmo.voice.brokers.main.api-key=key-1",
                        "inmo.voice.brokers.main.task=Ask about the flat", "inmo.voice.brokers.main.webhook-url=")
                .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("webhookUrl"));
    }

    @Test
    void should_leave_out_a_provider_whose_jar_is_missing(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader("io.inmo.voice.bland."))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(WebhookNormalizerCustomizer.class))
                            .doesNotContainKey("inmoVoiceBlandWebhookVerifier")
                            .containsKey("inmoVoiceVapiWebhookVerifier");
                    assertThat(output).doesNotContain("Bland webhooks will be refused");
                });
    }

    @Test
    void should_pass_the_applications_summary_hook_and_listeners_to_the_service() {
        runner.withPropertyValues("inmo.voice.brokers.demo.provider=fake").withUserConfiguration(HostHooks.class)
                .run(context -> {
                    VoiceCallService calls = context.getBean(VoiceCallService.class);
                    VoiceCall call = calls.initiate(CallTarget.of("lead-1", "demo", "+34612345001"));
                    HostHooks hooks = context.getBean(HostHooks.class);
                    assertThat(hooks.first).extracting(a -> a.call().callId()).contains(call.callId());
                    // A failing listener does not keep the next one from the activity.
                    assertThat(hooks.second).hasSameSizeAs(hooks.first);
                });
    }

    @Test
    void should_resume_pending_summaries_at_startup_and_stop_the_reconcile_thread_on_shutdown() {
        runner.withPropertyValues("inmo.voice.reconcile.interval=2m", "inmo.voice.reconcile.quiet-for=7m")
                .withUserConfiguration(PendingSummary.class).run(context -> {
                    VoiceBackgroundTasks tasks = context.getBean(VoiceBackgroundTasks.class);
                    assertThat(tasks.isRunning()).isTrue();
                    assertThat(tasks.reconciling()).isTrue();
                    assertThat(tasks.interval()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(tasks.quietFor()).isEqualTo(Duration.ofMinutes(7));
                    // The host's service runs summaries on the calling thread: resumed before the context is ready.
                    assertThat(context.getBean(PendingSummary.class).summarized).containsExactly("call-1");
                    context.close();
                    assertThat(tasks.isRunning()).isFalse();
                });
    }

    @Test
    void should_reconcile_calls_quiet_for_the_configured_time() {
        runner.withPropertyValues("inmo.voice.reconcile.quiet-for=10m").withUserConfiguration(StaleCall.class)
                .run(context -> {
                    VoiceCallService calls = context.getBean(VoiceCallService.class);
                    // Stored 11 minutes ago, never confirmed, unknown to the provider, no webhook since: settled as FAILED.
                    context.getBean(VoiceBackgroundTasks.class).reconcileOnce();
                    assertThat(calls.find("stale-call").orElseThrow().status())
                            .isEqualTo(io.inmo.voice.CallStatus.FAILED);
                    assertThat(calls.find("recent-call").orElseThrow().status())
                            .isEqualTo(io.inmo.voice.CallStatus.INITIATED);
                });
    }

    @Test
    void should_not_schedule_reconciliation_when_disabled() {
        runner.withPropertyValues("inmo.voice.reconcile.enabled=false").run(context ->
                assertThat(context.getBean(VoiceBackgroundTasks.class).reconciling()).isFalse());
    }

    @Test
    void should_refuse_a_reconcile_interval_that_is_not_positive() {
        runner.withPropertyValues("inmo.voice.reconcile.interval=0s").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "inmo.voice.reconcile.interval must be a positive duration"));
    }

    @Test
    void should_keep_the_health_indicator_off_unless_enabled() {
        ApplicationContextRunner withHealth = runner.withConfiguration(AutoConfigurations.of(
                VoiceHealthAutoConfiguration.class));
        withHealth.run(context -> assertThat(context).doesNotHaveBean("inmoVoiceHealthIndicator"));
        withHealth.withPropertyValues("inmo.voice.health.enabled=true", "inmo.voice.brokers.demo.provider=fake",
                "inmo.voice.vapi.webhook-secret=s").run(context -> {
                    Object indicator = context.getBean("inmoVoiceHealthIndicator");
                    Object health = indicator.getClass().getMethod("health").invoke(indicator);
                    assertThat(health.toString()).contains("UP").contains("InMemoryCallRepository")
                            .contains("demo").contains("vapi");
                });
    }

    @Test
    void should_report_down_when_the_repository_does_not_answer() {
        runner.withConfiguration(AutoConfigurations.of(VoiceHealthAutoConfiguration.class))
                .withPropertyValues("inmo.voice.health.enabled=true").withUserConfiguration(BrokenRepository.class)
                .run(context -> {
                    Object indicator = context.getBean("inmoVoiceHealthIndicator");
                    Object health = indicator.getClass().getMethod("health").invoke(indicator);
                    assertThat(health.toString()).contains("DOWN").contains("database is down");
                });
    }

    @Test
    void should_know_which_keys_are_secrets() {
        assertThat(VoiceSanitizingConfiguration.isSecret("inmo.voice.vapi.webhook-secret")).isTrue();
        assertThat(VoiceSanitizingConfiguration.isSecret("inmo.voice.vapi.hmacSecret")).isTrue();
        assertThat(VoiceSanitizingConfiguration.isSecret("inmo.voice.brokers.main.api-key")).isTrue();
        assertThat(VoiceSanitizingConfiguration.isSecret("inmo.voice.brokers.main.assistant-id")).isFalse();
        assertThat(VoiceSanitizingConfiguration.isSecret("spring.datasource.url")).isFalse();
    }

    // ---- application configurations ----

    @Configuration(proxyBeanMethods = false)
    static class HostBeans {
        static final VoiceProviderFactory PROVIDERS = VoiceProviderFactory.discover();
        static final BrokerConfigSource BROKERS = brokerId -> Optional.empty();
        static final CallRepository REPOSITORY = new InMemoryCallRepository();
        static final WebhookNormalizer NORMALIZER = WebhookNormalizer.builder().build();

        @Bean
        VoiceProviderFactory hostProviders() {
            return PROVIDERS;
        }

        @Bean
        BrokerConfigSource hostBrokers() {
            return BROKERS;
        }

        @Bean
        CallRepository hostRepository() {
            return REPOSITORY;
        }

        @Bean
        WebhookNormalizer hostNormalizer() {
            return NORMALIZER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HostService {
        @Bean(destroyMethod = "close")
        VoiceCallService hostService() {
            return VoiceCallService.builder().brokerConfigs(brokerId -> Optional.empty()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizer {
        @Bean
        WebhookNormalizerCustomizer acceptAllVapi() {
            return builder -> builder.verifier("vapi", io.inmo.voice.webhook.WebhookVerifier.none());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HostHooks {
        final List<io.inmo.voice.CallActivity> first = new CopyOnWriteArrayList<>();
        final List<io.inmo.voice.CallActivity> second = new CopyOnWriteArrayList<>();

        @Bean
        SummaryHook hostSummaryHook() {
            return call -> CallSummary.of("summary by the host");
        }

        @Bean
        @Order(1)
        CallListener failingListener() {
            return activity -> {
                first.add(activity);
                throw new IllegalStateException("listener bug");
            };
        }

        @Bean
        @Order(2)
        CallListener recordingListener() {
            return second::add;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PendingSummary {
        final List<String> summarized = new CopyOnWriteArrayList<>();

        @Bean(destroyMethod = "close")
        VoiceCallService hostService() {
            InMemoryCallRepository repository = new InMemoryCallRepository();
            repository.insert(Fixtures.pendingSummaryCall("call-1"));
            return VoiceCallService.builder().repository(repository).brokerConfigs(brokerId -> Optional.empty())
                    .executor(Runnable::run)
                    .summaryHook(call -> {
                        summarized.add(call.callId());
                        return CallSummary.of("resumed");
                    }).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StaleCall {
        @Bean(destroyMethod = "close")
        VoiceCallService hostService() {
            java.time.Instant now = java.time.Instant.parse("2026-11-29T12:00:00Z");
            InMemoryCallRepository repository = new InMemoryCallRepository();
            repository.insert(Fixtures.initiatedCall("stale-call", "lead-1", now.minus(Duration.ofMinutes(11))));
            repository.insert(Fixtures.initiatedCall("recent-call", "lead-2", now.minus(Duration.ofMinutes(9))));
            return VoiceCallService.builder().repository(repository)
                    .brokerConfigs(BrokerConfigSource.of(Map.of("demo", ProviderConfig.builder("fake").build())))
                    .clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).executor(Runnable::run).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BrokenRepository {
        @Bean
        CallRepository brokenRepository() {
            return Fixtures.repositoryThatThrows("database is down");
        }
    }
}
