package io.inmo.voice.testing;

import io.inmo.voice.CallStatus;
import io.inmo.voice.VoiceObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An observer that remembers each event as one line ("webhook fake applied"), without the elapsed times. */
public final class RecordingObserver implements VoiceObserver {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void initiationFinished(String provider, InitiationResult result, Duration elapsed) {
        events.add("initiation " + provider + " " + result.tagValue());
    }

    @Override
    public void providerRequest(String provider, ProviderOperation operation, ProviderOutcome outcome, int attempt,
                                Duration elapsed) {
        events.add("request " + provider + " " + operation.tagValue() + " " + outcome.tagValue() + " #" + attempt);
    }

    @Override
    public void retryWait(String provider, Duration wait, RetryReason reason) {
        events.add("retry " + provider + " " + wait.toMillis() + "ms " + reason.tagValue());
    }

    @Override
    public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
        events.add("webhook " + provider + " " + result.tagValue());
    }

    @Override
    public void callEnded(String provider, CallStatus status, Duration callDuration) {
        String duration = callDuration == null ? "-" : callDuration.toSeconds() + "s";
        events.add("ended " + provider + " " + status + " " + duration);
    }

    @Override
    public void summaryFinished(SummaryResult result, int attempts, Duration elapsed) {
        events.add("summary " + result.tagValue() + " #" + attempts);
    }

    @Override
    public void reconcileFinished(int checked, int changed, Duration elapsed) {
        events.add("reconcile " + checked + " checked " + changed + " changed");
    }

    /** @return the events so far, in order */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** @param prefix the start of an event line @return the events starting with it */
    public List<String> events(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }
}
