package io.inmo.voice.testing;

import io.inmo.voice.fake.FakeWebhookSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake-provider sink that keeps every webhook so the test decides when, how often and in what order to deliver. */
public final class RecordingSink implements FakeWebhookSink {

    /** One recorded webhook. */
    public record Webhook(Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Webhook> webhooks = new CopyOnWriteArrayList<>();

    @Override
    public void deliver(Map<String, List<String>> headers, byte[] body) {
        webhooks.add(new Webhook(headers, body));
    }

    public List<Webhook> webhooks() {
        return List.copyOf(webhooks);
    }

    public void clear() {
        webhooks.clear();
    }
}
