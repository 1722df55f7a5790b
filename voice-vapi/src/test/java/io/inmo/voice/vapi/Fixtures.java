package io.inmo.voice.vapi;

import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads the VAPI fixtures copied from shared/fixtures/vapi. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/vapi/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
