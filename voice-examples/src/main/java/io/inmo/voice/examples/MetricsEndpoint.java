package io.inmo.voice.examples;

import static io.inmo.voice.examples.HttpExchanges.sendJson;

import com.sun.net.httpserver.HttpExchange;
import io.inmo.voice.examples.HttpExchanges.ApiError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics}: the Prometheus text format when the registry is a {@link PrometheusMeterRegistry} (what
 * {@code --serve} uses, for a Prometheus scrape), else every meter as JSON.
 */
final class MetricsEndpoint {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final MeterRegistry registry;

    MetricsEndpoint(MeterRegistry registry) {
        this.registry = registry;
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/metrics")) {
            throw ApiError.notFound("no endpoint " + exchange.getRequestURI().getPath());
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            throw ApiError.methodNotAllowed(exchange.getRequestMethod(), "GET");
        }
        if (registry instanceof PrometheusMeterRegistry) {
            byte[] text = ((PrometheusMeterRegistry) registry).scrape(PROMETHEUS_TEXT).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", PROMETHEUS_TEXT);
            exchange.sendResponseHeaders(200, text.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(text);
            }
            return;
        }
        sendJson(exchange, 200, Map.of("meters", json(registry)));
    }

    /** @return every meter: name, tags, type, count (and total seconds for timers), sorted by name and tags */
    static List<Map<String, Object>> json(MeterRegistry registry) {
        return registry.getMeters().stream()
                .sorted(Comparator.comparing((Meter m) -> m.getId().getName())
                        .thenComparing(m -> m.getId().getTags().toString()))
                .map(MetricsEndpoint::json)
                .toList();
    }

    private static Map<String, Object> json(Meter meter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", meter.getId().getName());
        Map<String, String> tags = new LinkedHashMap<>();
        meter.getId().getTags().forEach(t -> tags.put(t.getKey(), t.getValue()));
        json.put("tags", tags);
        json.put("type", meter.getId().getType().name().toLowerCase(java.util.Locale.ROOT));
        if (meter instanceof Timer) {
            Timer timer = (Timer) meter;
            json.put("count", timer.count());
            json.put("total_seconds", timer.totalTime(TimeUnit.SECONDS));
        } else if (meter instanceof Counter) {
            json.put("count", ((Counter) meter).count());
        }
        return json;
    }
}
