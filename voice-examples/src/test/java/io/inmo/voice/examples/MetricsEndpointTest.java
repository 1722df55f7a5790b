package io.inmo.voice.examples;

import static io.inmo.voice.examples.TestServer.get;
import static io.inmo.voice.examples.TestServer.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One call to its end, an unsigned webhook, a webhook for an unknown provider. */
    private void traffic() {
        JsonNode call = TestServer.initiate(server, "lead-1").json();
        TestServer.awaitCall(server, call.path("call_id").asText(), TestServer::finished);
        assertThat(post(server, "/webhooks/voice/fake", "{\"type\": \"status-update\"}").status()).isEqualTo(401);
        assertThat(post(server, "/webhooks/voice/lead-1", "{}").status()).isEqualTo(404);
    }

    @Test
    void should_serve_the_meters_in_the_prometheus_text_format_with_a_prometheus_registry() throws IOException {
        // given
        server = TestServer.server().meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build()
                .start();
        traffic();

        // when
        TestServer.Answer answer = get(server, "/metrics");

        // then
        String text = new String(answer.raw().body(), StandardCharsets.UTF_8);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.raw().headers().firstValue("Content-Type")).contains(MetricsEndpoint.PROMETHEUS_TEXT);
        assertThat(text).contains(
                "voice_calls_initiated_total{provider=\"fake\",result=\"placed\"} 1.0",
                "voice_calls_ended_total{provider=\"fake\",status=\"COMPLETED\"} 1.0",
                "voice_webhooks_total{provider=\"fake\",result=\"unauthorized\"} 1.0",
                "voice_webhooks_total{provider=\"unknown\",result=\"unknown_provider\"} 1.0",
                "voice_summaries_total{result=\"done\"} 1.0",
                "voice_webhook_handling_seconds_count{provider=\"fake\"}",
                "voice_provider_requests_seconds_count{operation=\"create\",outcome=\"2xx\",provider=\"fake\"} 1");
        assertThat(text).doesNotContain("lead-1");
    }

    @Test
    void should_serve_the_meters_as_json_with_any_other_registry() throws IOException {
        // given the default registry (a SimpleMeterRegistry)
        server = TestServer.server().build().start();
        traffic();

        // when
        TestServer.Answer answer = get(server, "/metrics");

        // then
        assertThat(answer.status()).isEqualTo(200);
        List<String> meters = new ArrayList<>();
        answer.json().path("meters").forEach(m -> meters.add(m.path("name").asText() + " "
                + m.path("tags").path("provider").asText("-") + " " + m.path("tags").path("result").asText("-")
                + " " + m.path("count").asLong()));
        assertThat(meters).contains("voice.calls.initiated fake placed 1", "voice.webhooks fake unauthorized 1",
                "voice.webhooks unknown unknown_provider 1", "voice.summaries - done 1");
    }

    @Test
    void should_answer_404_and_405_around_the_metrics_endpoint() throws IOException {
        // given
        server = TestServer.server().build().start();

        // when / then
        assertThat(get(server, "/metrics/extra").status()).isEqualTo(404);
        assertThat(post(server, "/metrics", "{}").status()).isEqualTo(405);
    }

    @Test
    void should_summarize_calls_webhooks_and_summaries_in_a_few_lines() throws IOException {
        // given
        server = TestServer.server().build().start();
        traffic();

        // when
        List<String> lines = MetricsSummary.lines(server.meterRegistry());

        // then
        assertThat(lines).containsExactly(
                "calls initiated  fake: placed 1",
                "calls ended      fake: COMPLETED 1",
                "webhooks         fake: applied 3, duplicate 1, unauthorized 1; unknown: unknown_provider 1",
                "summaries        done 1");
    }
}
