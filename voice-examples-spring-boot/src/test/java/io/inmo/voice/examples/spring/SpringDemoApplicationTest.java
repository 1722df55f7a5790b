package io.inmo.voice.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot demo as {@code --demo} runs it (without exiting the JVM), and its seed endpoints' errors. */
class SpringDemoApplicationTest {

    private static ConfigurableApplicationContext app;
    private static URI base;

    @BeforeAll
    static void start() {
        SpringApplication application = new SpringApplication(SpringDemoApplication.class);
        application.setDefaultProperties(SpringDemoApplication.defaults(true));
        app = application.run();
        base = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void should_run_the_scripted_calls_over_http_and_print_the_results() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = app.getBean(DemoRun.class).run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("COMPLETED", "NO_ANSWER", "BUSY", "VOICEMAIL", "FAILED", "400 invalid_phone_number",
                "503 provider_unavailable", "OK: 5 calls ended and were summarized; 2 requests refused as expected.");
    }

    @Test
    void should_answer_the_seed_error_body_for_an_unknown_lead_and_a_bad_request() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/calls/initiate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lead_id\": \"nobody\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"error\":\"lead_not_found\"");
        HttpResponse<String> bad = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/calls/initiate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lead\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"error\":\"invalid_request\"");
    }

    @Test
    void should_refuse_an_unsigned_webhook_with_a_problem_body() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        base.resolve("/webhooks/voice/fake")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"status-update\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"webhook_verification_failed\"");
    }
}
