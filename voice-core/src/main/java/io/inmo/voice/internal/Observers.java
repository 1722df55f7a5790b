package io.inmo.voice.internal;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallInProgressException;
import io.inmo.voice.CallListener;
import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceException;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceObserver.InitiationResult;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.VoiceObserver.RetryReason;
import io.inmo.voice.VoiceObserver.SummaryResult;
import io.inmo.voice.VoiceObserver.WebhookResult;
import io.inmo.voice.WebhookVerificationException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plumbing behind {@link VoiceObserver} and {@link CallListener}: the no-op observer, composition, the guard that
 * keeps a throwing observer from disturbing the SDK, and the mapping of failures to observed results.
 */
public final class Observers {

    private static final Logger log = LoggerFactory.getLogger(Observers.class);

    /** The observer that ignores everything. */
    public static final VoiceObserver NOOP = new VoiceObserver() {
        @Override
        public String toString() {
            return "VoiceObserver.noop()";
        }
    };

    private Observers() {
    }

    /**
     * @param observer an observer
     * @return it, wrapped so that an exception it throws is logged (once) and swallowed; the no-op as it is
     */
    public static VoiceObserver guard(VoiceObserver observer) {
        Objects.requireNonNull(observer, "observer");
        if (observer == NOOP || observer instanceof Guarded || observer instanceof Composite) {
            return observer;
        }
        return new Guarded(observer);
    }

    /**
     * @param observers observers, none {@code null}
     * @return them as one, each guarded
     */
    public static VoiceObserver composite(List<? extends VoiceObserver> observers) {
        Objects.requireNonNull(observers, "observers");
        List<VoiceObserver> guarded = observers.stream()
                .map(o -> guard(Objects.requireNonNull(o, "observers must not contain null")))
                .filter(o -> o != NOOP)
                .toList();
        if (guarded.isEmpty()) {
            return NOOP;
        }
        return guarded.size() == 1 ? guarded.get(0) : new Composite(guarded.toArray(new VoiceObserver[0]));
    }

    /**
     * @param listeners listeners, none {@code null}
     * @return them as one: each gets every activity, in order, and one that throws (logged) does not stop the
     *         others
     */
    public static CallListener listeners(List<? extends CallListener> listeners) {
        Objects.requireNonNull(listeners, "listeners");
        CallListener[] all = listeners.stream()
                .map(l -> (CallListener) Objects.requireNonNull(l, "listeners must not contain null"))
                .toArray(CallListener[]::new);
        return activity -> {
            for (CallListener listener : all) {
                try {
                    listener.onActivity(activity);
                } catch (RuntimeException e) {
                    log.warn("CallListener {} failed on {} of call {}; the call and the other listeners are "
                            + "unaffected", listener, activity.type(), activity.call().callId(), e);
                }
            }
        };
    }

    /**
     * @param e why {@code initiate} failed
     * @return the result it stands for
     */
    public static InitiationResult initiationResult(RuntimeException e) {
        if (e instanceof InvalidPhoneNumberException) {
            return InitiationResult.INVALID_NUMBER;
        }
        if (e instanceof CallInProgressException) {
            return InitiationResult.IN_PROGRESS;
        }
        if (e instanceof CallOutcomeUnknownException) {
            return InitiationResult.UNCONFIRMED;
        }
        if (e instanceof ProviderUnavailableException) {
            return InitiationResult.UNAVAILABLE;
        }
        // A request the SDK or the provider refused is the caller's to fix; anything else (a repository
        // failure, an unexpected error) left the call unplaced for reasons on our side.
        return e instanceof VoiceException && ((VoiceException) e).httpStatus() < 500
                ? InitiationResult.REJECTED : InitiationResult.UNAVAILABLE;
    }

    /**
     * @param e why {@code normalize} refused a webhook
     * @return the result it stands for
     */
    public static WebhookResult webhookResult(RuntimeException e) {
        if (e instanceof WebhookVerificationException) {
            return WebhookResult.UNAUTHORIZED;
        }
        if (e instanceof PayloadTooLargeException) {
            return WebhookResult.TOO_LARGE;
        }
        if (e instanceof UnknownProviderException) {
            return WebhookResult.UNKNOWN_PROVIDER;
        }
        if (e instanceof MalformedWebhookException || !(e instanceof VoiceException)) {
            return WebhookResult.MALFORMED; // a parser's unexpected exception is still about the body
        }
        switch (((VoiceException) e).httpStatus()) {
            case 401:
            case 403:
                return WebhookResult.UNAUTHORIZED;
            case 404:
                return WebhookResult.UNKNOWN_PROVIDER;
            case 413:
                return WebhookResult.TOO_LARGE;
            default:
                return WebhookResult.MALFORMED;
        }
    }

    /**
     * @param since a {@link System#nanoTime()} reading
     * @return the time elapsed since it
     */
    public static Duration since(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    /** Calls its observer, logging the first exception it throws and swallowing every one. */
    private static final class Guarded implements VoiceObserver {
        private final VoiceObserver delegate;
        private final AtomicBoolean warned = new AtomicBoolean();

        Guarded(VoiceObserver delegate) {
            this.delegate = delegate;
        }

        private void failed(String event, RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                log.warn("VoiceObserver {} failed on {}; it is ignored (this is logged once per observer)", delegate,
                        event, e);
            }
        }

        @Override
        public void initiationFinished(String provider, InitiationResult result, Duration elapsed) {
            try {
                delegate.initiationFinished(provider, result, elapsed);
            } catch (RuntimeException e) {
                failed("initiationFinished", e);
            }
        }

        @Override
        public void providerRequest(String provider, ProviderOperation operation, ProviderOutcome outcome,
                                    int attempt, Duration elapsed) {
            try {
                delegate.providerRequest(provider, operation, outcome, attempt, elapsed);
            } catch (RuntimeException e) {
                failed("providerRequest", e);
            }
        }

        @Override
        public void retryWait(String provider, Duration wait, RetryReason reason) {
            try {
                delegate.retryWait(provider, wait, reason);
            } catch (RuntimeException e) {
                failed("retryWait", e);
            }
        }

        @Override
        public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
            try {
                delegate.webhookFinished(provider, result, elapsed);
            } catch (RuntimeException e) {
                failed("webhookFinished", e);
            }
        }

        @Override
        public void callEnded(String provider, CallStatus status, Duration callDuration) {
            try {
                delegate.callEnded(provider, status, callDuration);
            } catch (RuntimeException e) {
                failed("callEnded", e);
            }
        }

        @Override
        public void summaryFinished(SummaryResult result, int attempts, Duration elapsed) {
            try {
                delegate.summaryFinished(result, attempts, elapsed);
            } catch (RuntimeException e) {
                failed("summaryFinished", e);
            }
        }

        @Override
        public void reconcileFinished(int checked, int changed, Duration elapsed) {
            try {
                delegate.reconcileFinished(checked, changed, elapsed);
            } catch (RuntimeException e) {
                failed("reconcileFinished", e);
            }
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    /** Guarded observers called in order. */
    private static final class Composite implements VoiceObserver {
        private final VoiceObserver[] observers;

        Composite(VoiceObserver[] observers) {
            this.observers = observers;
        }

        @Override
        public void initiationFinished(String provider, InitiationResult result, Duration elapsed) {
            for (VoiceObserver o : observers) {
                o.initiationFinished(provider, result, elapsed);
            }
        }

        @Override
        public void providerRequest(String provider, ProviderOperation operation, ProviderOutcome outcome,
                                    int attempt, Duration elapsed) {
            for (VoiceObserver o : observers) {
                o.providerRequest(provider, operation, outcome, attempt, elapsed);
            }
        }

        @Override
        public void retryWait(String provider, Duration wait, RetryReason reason) {
            for (VoiceObserver o : observers) {
                o.retryWait(provider, wait, reason);
            }
        }

        @Override
        public void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
            for (VoiceObserver o : observers) {
                o.webhookFinished(provider, result, elapsed);
            }
        }

        @Override
        public void callEnded(String provider, CallStatus status, Duration callDuration) {
            for (VoiceObserver o : observers) {
                o.callEnded(provider, status, callDuration);
            }
        }

        @Override
        public void summaryFinished(SummaryResult result, int attempts, Duration elapsed) {
            for (VoiceObserver o : observers) {
                o.summaryFinished(result, attempts, elapsed);
            }
        }

        @Override
        public void reconcileFinished(int checked, int changed, Duration elapsed) {
            for (VoiceObserver o : observers) {
                o.reconcileFinished(checked, changed, elapsed);
            }
        }

        @Override
        public String toString() {
            return "VoiceObserver.composite" + java.util.Arrays.toString(observers);
        }
    }
}
