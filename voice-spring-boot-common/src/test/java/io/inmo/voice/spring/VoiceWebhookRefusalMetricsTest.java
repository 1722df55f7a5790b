package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.micrometer.MicrometerVoiceObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Webhooks the controller refuses before the normalizer are counted in voice.webhooks too. */
class VoiceWebhookRefusalMetricsTest {

    private static ConfigurableApplicationContext app;
    private static URI webhooks;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        app = new SpringApplication(Host.class).run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--inmo.voice.reconcile.enabled=false",
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
    void should_count_webhooks_refused_for_size_and_for_an_unknown_provider() throws Exception {
        // given a 2 MB chunked body (the limit is 1 MB) and a provider that is not installed
        byte[] big = new byte[2 * 1024 * 1024];
        HttpRequest tooLarge = HttpRequest.newBuilder(webhooks.resolve("bland"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpRequest unknown = HttpRequest.newBuilder(webhooks.resolve("nope"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        // when
        sendIgnoringReset(tooLarge);
        HttpResponse<String> notFound = client.send(unknown, HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(counter("bland", "too_large")).isNotNull().satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
        assertThat(counter("unknown", "unknown_provider")).isNotNull()
                .satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
    }

    private void sendIgnoringReset(HttpRequest request) throws InterruptedException {
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The server may close the connection on a body it refused part-way: the refusal is what counts.
        }
    }

    private static Counter counter(String provider, String result) {
        return app.getBean(MeterRegistry.class).find(MicrometerVoiceObserver.WEBHOOKS)
                .tags("provider", provider, "result", result).counter();
    }

    /** A Boot application with a simple registry. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Host {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
