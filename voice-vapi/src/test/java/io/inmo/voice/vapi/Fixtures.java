package io.inmo.voice.vapi;

import io.inmo.voice.testing.TestResources;
import io.inmo.voice.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads the VAPI fixtures (synthesized from the sources in docs/providers/vapi.md). */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        return TestResources.bytes("/fixtures/vapi/" + name);
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static WebhookRequest webhook(String json) {
        return WebhookRequest.of("vapi", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    static WebhookRequest webhookFixture(String name) {
        return WebhookRequest.of("vapi", Map.of(), bytes(name));
    }
}
