package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStatus;
import io.inmo.voice.CallSummary;
import io.inmo.voice.CallTarget;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.micrometer.MicrometerVoiceObserver;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.testing.RecordingSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter in a real Boot web application on a real port (Tomcat, Boot's own message converters), posted to with
 * the JDK's HTTP client: the signed bodies arrive byte for byte, the call ends and its summary is written.
 */
class VoiceWebhookRealPortTest {

    private static final String SECRET = "whsec-real-port";
    private static ConfigurableApplicationContext app;
    private static URI webhooks;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        app = new SpringApplication(Host.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--inmo.voice.fake.webhook-secret=" + SECRET,
                "--inmo.voice.brokers.demo.provider=fake", "--inmo.voice.webhook.max-body-size=2KB",
                "--inmo.voice.reconcile.enabled=false",
                // spring-boot-starter-jdbc is on the test classpath for the JDBC tests; this application has no database.
                "--spring.autoconfigure.exclude=" + VoiceJdbcAutoConfiguration.DATA_SOURCE_AUTO_CONFIGURATION);
        webhooks = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
                + "/webhooks/voice/");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void should_end_a_call_and_write_its_summary_from_webhooks_posted_over_http() throws Exception {
        VoiceCallService calls = app.getBean(VoiceCallService.class);
        VoiceCall call = calls.initiate(CallTarget.of("lead-1", "demo", "+34612345001"));
        for (RecordingSink.Webhook webhook : app.getBean(RecordingSink.class).webhooks()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(webhooks.resolve("fake"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
            webhook.headers().forEach((name, values) -> values.forEach(v -> request.header(name, v)));
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"result\":\"handled\"");
        }
        assertThat(app.getBean(Host.class).summarized.await(10, TimeUnit.SECONDS)).isTrue();
        VoiceCall ended = calls.find(call.callId()).orElseThrow();
        assertThat(ended.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(ended.transcript()).contains("Saturday morning");
    }

    @Test
    void should_verify_a_non_ascii_body_byte_for_byte() throws Exception {
        byte[] body = ("{\"type\": \"status-update\", \"call_id\": \"nobody\", \"status\": \"ringing\", "
                + "\"note\": \"Lucía — ático en Chamberí, 450.000 €\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(webhooks.resolve("fake"))
                .header("Content-Type", "application/json; charset=ISO-8859-1") // a wrong charset changes nothing
                .header(FakeVoiceProvider.SIGNATURE_HEADER, Fixtures.hmacSha256Hex(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("unknown_call");
    }

    @Test
    void should_record_webhooks_in_boots_meter_registry() throws Exception {
        // Actuator's metrics auto-configuration ran before the starter's: the voice.* meters are in its registry.
        assertThat(app.getBeansOfType(MicrometerVoiceObserver.class)).hasSize(1);
        client.send(HttpRequest.newBuilder(webhooks.resolve("bland")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(app.getBean(MeterRegistry.class).find(MicrometerVoiceObserver.WEBHOOKS)
                .tags("provider", "bland", "result", "unauthorized").counter()).isNotNull();
    }

    @Test
    void should_answer_a_problem_body_through_boots_own_converters() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(webhooks.resolve("fake"))
                .header(FakeVoiceProvider.SIGNATURE_HEADER, "00")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"urn:inmo-voice:problem:webhook_verification_failed\"")
                .contains("\"status\":401").contains("\"code\":\"webhook_verification_failed\"")
                .doesNotContain("properties");
    }

    @Test
    void should_answer_413_for_a_chunked_body_that_grows_past_the_limit() throws Exception {
        byte[] body = ("{\"type\": \"status-update\", \"pad\": \"" + "x".repeat(4096) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        // No Content-Length: the limit is enforced while reading the stream.
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(webhooks.resolve("fake"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("payload_too_large");
    }

    /** A Boot application whose fake provider records its webhooks; the test posts them over HTTP. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Host {
        final CountDownLatch summarized = new CountDownLatch(1);

        @Bean
        RecordingSink recordingSink() {
            return new RecordingSink();
        }

        @Bean
        VoiceProviderFactory fakeProviders(RecordingSink sink) {
            return VoiceProviderFactory.builder().register(FakeVoiceProvider.builder().signingSecret(SECRET)
                    .sink(sink).executor(Runnable::run).build()).build();
        }

        @Bean
        SummaryHook countingSummaryHook() {
            return call -> {
                summarized.countDown();
                return CallSummary.of("summary of " + call.status());
            };
        }
    }
}
