package io.inmo.voice.bland;

import io.inmo.voice.testing.TestResources;
import io.inmo.voice.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test helpers: fixtures from {@code src/test/resources/fixtures/bland}. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        return TestResources.bytes("/fixtures/bland/" + name);
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static WebhookRequest webhook(byte[] body) {
        return WebhookRequest.of("bland", Map.of(), body);
    }

    static WebhookRequest webhook(String body) {
        return webhook(body.getBytes(StandardCharsets.UTF_8));
    }
}
