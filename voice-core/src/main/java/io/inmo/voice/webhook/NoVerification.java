package io.inmo.voice.webhook;

import java.util.List;
import java.util.Map;

/** The explicit opt-out of verification; a distinct type so the normalizer can warn about it. */
enum NoVerification implements WebhookVerifier {
    INSTANCE;

    @Override
    public void verify(Map<String, List<String>> headers, byte[] body) {
        // Deliberately accepts everything: chosen explicitly by the host with WebhookVerifier.none().
    }

    @Override
    public String toString() {
        return "WebhookVerifier.none()";
    }
}
