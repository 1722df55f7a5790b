package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.testing.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** One MockMvc test per answer of the webhook endpoint, with webhooks signed by the fake provider. */
class VoiceWebhookControllerTest {

    static final String SECRET = "whsec-test";
    private static final String URL = "/webhooks/voice/fake";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceAutoConfiguration.class))
            .withUserConfiguration(FakeHost.class)
            .withPropertyValues("inmo.voice.fake.webhook-secret=" + SECRET, "inmo.voice.brokers.demo.provider=fake",
                    "inmo.voice.webhook.max-body-size=4KB", "inmo.voice.reconcile.enabled=false");

    @Test
    void should_answer_200_and_apply_every_signed_webhook_of_a_call() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            VoiceCall call = context.getBean(VoiceCallService.class)
                    .initiate(CallTarget.of("lead-1", "demo", "+34612345001"));
            List<RecordingSink.Webhook> webhooks = context.getBean(RecordingSink.class).webhooks();
            assertThat(webhooks).hasSizeGreaterThan(2);
            for (RecordingSink.Webhook webhook : webhooks) {
                mvc.perform(signed(post(URL), webhook)).andExpect(status().isOk())
                        .andExpect(jsonPath("$.result").value("handled"))
                        .andExpect(jsonPath("$.call_id").value(call.callId()));
            }
            VoiceCall ended = context.getBean(VoiceCallService.class).find(call.callId()).orElseThrow();
            assertThat(ended.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(ended.transcript()).contains("Saturday");
        });
    }

    @Test
    void should_answer_200_for_a_duplicate_without_changing_the_call() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            VoiceCallService calls = context.getBean(VoiceCallService.class);
            VoiceCall call = calls.initiate(CallTarget.of("lead-1", "demo", "+34612345001"));
            RecordingSink.Webhook first = context.getBean(RecordingSink.class).webhooks().get(1);
            mvc.perform(signed(post(URL), first)).andExpect(status().isOk());
            long version = calls.find(call.callId()).orElseThrow().version();
            mvc.perform(signed(post(URL), first)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.result").value("handled"));
            assertThat(calls.find(call.callId()).orElseThrow().version()).isEqualTo(version);
        });
    }

    @Test
    void should_answer_200_for_ignored_and_unknown_call_webhooks() {
        runner.run(context -> {
            MockMvc mvc = mvc(context);
            mvc.perform(signed(post(URL), "{\"type\": \"transcript-partial\", \"call_id\": \"fake-call-9\"}"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.result").value("ignored"));
            mvc.perform(signed(post(URL), "{\"type\": \"status-update\", \"call_id\": \"nobody\", "
                            + "\"status\": \"ringing\"}"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.result").value("unknown_call"));
        });
    }

    @Test
    void should_answer_401_with_a_problem_body_when_the_signature_does_not_match() {
        runner.run(context -> mvc(context).perform(post(URL).header(FakeVoiceProvider.SIGNATURE_HEADER,
                                Fixtures.hmacSha256Hex("wrong-secret", "{}"))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:inmo-voice:problem:webhook_verification_failed"))
                .andExpect(jsonPath("$.title").value("Webhook verification failed"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("matches none of the")))
                .andExpect(jsonPath("$.code").value("webhook_verification_failed")));
    }

    @Test
    void should_answer_401_for_a_provider_without_a_configured_secret() {
        runner.run(context -> mvc(context).perform(post("/webhooks/voice/vapi")
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.bytes(
                                "fixtures/vapi-status-update-ringing.json")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "no webhook verifier configured for vapi"))));
    }

    @Test
    void should_answer_400_for_a_signed_body_that_is_not_a_webhook() {
        runner.run(context -> mvc(context).perform(signed(post(URL), "this is not JSON"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_webhook"))
                .andExpect(jsonPath("$.status").value(400)));
    }

    @Test
    void should_answer_413_for_a_body_over_the_limit_before_verifying_it() {
        String big = "{\"type\": \"status-update\", \"pad\": \"" + "x".repeat(4096) + "\"}";
        runner.run(context -> mvc(context).perform(signed(post(URL), big))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.code").value("payload_too_large"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("4096"))));
    }

    @Test
    void should_answer_404_for_an_unknown_provider() {
        runner.run(context -> mvc(context).perform(post("/webhooks/voice/twilio").content("{}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("unknown_provider"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("fake"))));
    }

    @Test
    void should_verify_a_non_ascii_body_byte_for_byte() {
        String body = "{\"type\": \"status-update\", \"call_id\": \"nobody\", \"status\": \"ringing\", "
                + "\"note\": \"Lucía, Chamberí, ático \\u00e9 \u20ac\"}";
        runner.run(context -> mvc(context).perform(signed(post(URL), body)).andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value("unknown_call")));
    }

    @Test
    void should_serve_the_path_from_properties_and_refuse_a_path_without_the_provider() {
        runner.withPropertyValues("inmo.voice.webhook.path=/hooks/{provider}/events").run(context -> {
            MockMvc mvc = mvc(context);
            mvc.perform(signed(post("/hooks/fake/events"), "{\"type\": \"other\"}")).andExpect(status().isOk());
            mvc.perform(signed(post(URL), "{\"type\": \"other\"}")).andExpect(status().isNotFound());
        });
        runner.withPropertyValues("inmo.voice.webhook.path=/hooks").run(context ->
                assertThat(context.getStartupFailure()).hasStackTraceContaining(
                        "inmo.voice.webhook.path must start with / and contain {provider}"));
    }

    @Test
    void should_not_expose_the_endpoint_when_disabled() {
        runner.withPropertyValues("inmo.voice.webhook.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(VoiceWebhookController.class)
                        .doesNotHaveBean(VoiceWebhookExceptionHandler.class));
    }

    @Test
    void should_leave_the_applications_own_controllers_to_its_error_handling() {
        runner.withUserConfiguration(HostController.class).run(context ->
                assertThatThrownBy(() -> mvc(context).perform(post("/host")))
                        .hasRootCauseInstanceOf(InvalidRequestException.class));
    }

    // ---- helpers ----

    private static MockMvc mvc(AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed();
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    private static MockHttpServletRequestBuilder signed(MockHttpServletRequestBuilder request, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return request.contentType(MediaType.APPLICATION_JSON).content(bytes)
                .header(FakeVoiceProvider.SIGNATURE_HEADER, Fixtures.hmacSha256Hex(SECRET, bytes));
    }

    private static MockHttpServletRequestBuilder signed(MockHttpServletRequestBuilder request,
                                                        RecordingSink.Webhook webhook) {
        webhook.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return request.content(webhook.body());
    }

    /** A host whose fake provider records its signed webhooks instead of posting them. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class FakeHost {
        @Bean
        RecordingSink recordingSink() {
            return new RecordingSink();
        }

        @Bean
        VoiceProviderFactory fakeProviders(RecordingSink sink) {
            return VoiceProviderFactory.builder().register(FakeVoiceProvider.builder().signingSecret(SECRET)
                    .sink(sink).executor(Runnable::run).build()).build();
        }
    }

    @RestController
    static class HostController {
        @PostMapping("/host")
        String fail() {
            throw new InvalidRequestException("the host's own error");
        }
    }
}
