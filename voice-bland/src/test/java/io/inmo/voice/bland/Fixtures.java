package io.inmo.voice.bland;

import io.inmo.voice.webhook.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test helpers: fixtures from {@code src/test/resources/fixtures/bland}. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/bland/" + name)) {
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

    static WebhookRequest webhook(byte[] body) {
        return WebhookRequest.of("bland", Map.of(), body);
    }

    static WebhookRequest webhook(String body) {
        return webhook(body.getBytes(StandardCharsets.UTF_8));
    }
}
