package io.inmo.voice.fake;

import io.inmo.voice.VoiceCallService;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link FakeVoiceProvider} delivers its webhooks: raw headers and body bytes, exactly what a host's
 * webhook endpoint receives from a real provider.
 */
@FunctionalInterface
public interface FakeWebhookSink {

    /**
     * @param headers the webhook's headers (the signature among them when the fake signs)
     * @param body the JSON body
     * @throws Exception a delivery failure; the fake logs it and goes on with the next webhook
     */
    void deliver(Map<String, List<String>> headers, byte[] body) throws Exception;

    /** @return a sink that drops every webhook */
    static FakeWebhookSink discard() {
        return (headers, body) -> { };
    }

    /**
     * Delivers in-process through the same path as an HTTP endpoint: normalizer (verification included),
     * then the service.
     *
     * @param normalizer verifies and parses
     * @param service applies the event
     * @return the sink
     */
    static FakeWebhookSink direct(WebhookNormalizer normalizer, VoiceCallService service) {
        Objects.requireNonNull(normalizer, "normalizer");
        Objects.requireNonNull(service, "service");
        return (headers, body) -> service.handle(normalizer.normalize(FakeVoiceProvider.ID, headers, body));
    }

    /**
     * POSTs every webhook to a URL, such as the host's own {@code /webhooks/voice/fake} endpoint.
     *
     * @param url the webhook endpoint
     * @return the sink; a non-2xx answer is a delivery failure
     */
    static FakeWebhookSink http(URI url) {
        Objects.requireNonNull(url, "url");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return (headers, body) -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("webhook endpoint " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        };
    }
}
