package io.inmo.voice;

import io.inmo.voice.internal.Observers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Sees what the SDK does, for metrics and tracing: initiations, every provider HTTP request and retry wait,
 * every webhook (including the ones refused before any call is found), ended calls, summaries and
 * reconciliation runs. Every method has a no-op default, so an implementation overrides only what it needs;
 * the interface has no dependency ({@code voice-micrometer} implements it for a Micrometer {@code MeterRegistry}).
 *
 * <pre>{@code
 * VoiceObserver observer = new MicrometerVoiceObserver(meterRegistry);
 * VoiceCallService calls = VoiceCallService.builder().observer(observer)...build();
 * WebhookNormalizer normalizer = WebhookNormalizer.builder().observer(observer)...build();
 * }</pre>
 *
 * <p>Methods are called synchronously on the thread doing the work (the caller of
 * {@link VoiceCallService#initiate}, the webhook thread, the summary executor), so keep them fast and
 * thread-safe. An observer that throws is logged once and otherwise ignored: it never changes what the SDK
 * does. Results are enums whose {@code tagValue()} is a fixed, lower-case string, and provider ids are those of
 * the installed providers (or {@link #UNKNOWN_PROVIDER}), so they are safe as metric tags. Nothing here carries a
 * lead, a call id, a phone number or a provider's raw reason.
 */
public interface VoiceObserver {

    /** The provider value when none was resolved (an invalid number) or the webhook's provider is not installed. */
    String UNKNOWN_PROVIDER = "unknown";

    /**
     * {@link VoiceCallService#initiate} finished, successfully or not.
     *
     * @param provider the broker's provider, or {@link #UNKNOWN_PROVIDER} when the number was refused first or
     *        no provider could be resolved
     * @param result how it ended
     * @param elapsed time spent in {@code initiate}
     */
    default void initiationFinished(String provider, InitiationResult result, Duration elapsed) {
    }

    /**
     * One HTTP request to a provider's API (each attempt of a retried request is reported).
     *
     * @param provider provider id
     * @param operation placing a call or looking one up
     * @param outcome the status class of the answer, or how the request failed
     * @param attempt the attempt number, from 1
     * @param elapsed time from sending to the answer or the failure
     */
    default void providerRequest(String provider, ProviderOperation operation, ProviderOutcome outcome, int attempt,
                                 Duration elapsed) {
    }

    /**
     * The SDK is about to wait before repeating a provider request.
     *
     * @param provider provider id
     * @param wait how long it waits
     * @param reason why the request is repeated
     */
    default void retryWait(String provider, Duration wait, RetryReason reason) {
    }

    /**
     * A webhook was finished with: refused by the {@link io.inmo.voice.webhook.WebhookNormalizer} (unauthorized,
     * malformed, too large, unknown provider), or handled by {@link VoiceCallService#handle} (applied, duplicate,
     * ignored, unknown call).
     *
     * @param provider provider id, or {@link #UNKNOWN_PROVIDER} when the webhook names no installed provider
     * @param result what happened to it
     * @param elapsed time spent in the step that finished it ({@code normalize} for a refusal, {@code handle}
     *        otherwise)
     */
    default void webhookFinished(String provider, WebhookResult result, Duration elapsed) {
    }

    /**
     * A call reached a terminal status (once per call, whichever webhook, initiation failure or reconciliation
     * ended it).
     *
     * @param provider provider id
     * @param status the terminal status
     * @param callDuration how long the conversation lasted, as the provider reported it, or {@code null} when it
     *        did not report one
     */
    default void callEnded(String provider, CallStatus status, Duration callDuration) {
    }

    /**
     * An attempt to run the {@link io.inmo.voice.spi.SummaryHook} finished; each attempt is reported once, so a
     * summary that succeeds on its third try gives {@code RETRIED}, {@code RETRIED}, {@code DONE}.
     *
     * @param result {@link SummaryResult#RETRIED} for a failed attempt that will be tried again,
     *        {@link SummaryResult#FAILED} for the last one when every attempt failed, {@link SummaryResult#DONE}
     *        when the summary was produced
     * @param attempts the attempts made so far in this run (from 1)
     * @param elapsed time spent in the hook on this attempt
     */
    default void summaryFinished(SummaryResult result, int attempts, Duration elapsed) {
    }

    /**
     * A {@link VoiceCallService#reconcile} run finished.
     *
     * @param checked how many quiet calls were looked at
     * @param changed how many of them changed
     * @param elapsed time spent in the run
     */
    default void reconcileFinished(int checked, int changed, Duration elapsed) {
    }

    /** @return an observer that ignores everything (the default) */
    static VoiceObserver noop() {
        return Observers.NOOP;
    }

    /**
     * Several observers as one, called in order; one that throws does not stop the others.
     *
     * @param observers the observers
     * @return the combined observer
     */
    static VoiceObserver composite(VoiceObserver... observers) {
        Objects.requireNonNull(observers, "observers");
        return composite(List.of(observers));
    }

    /**
     * Several observers as one, called in order; one that throws does not stop the others.
     *
     * @param observers the observers, none {@code null}
     * @return the combined observer
     */
    static VoiceObserver composite(List<? extends VoiceObserver> observers) {
        return Observers.composite(observers);
    }

    /** How {@link VoiceCallService#initiate} ended. */
    enum InitiationResult {
        /** The provider accepted the call (it is {@code QUEUED}). */
        PLACED("placed"),
        /** The provider's answer was lost; the call may be live and a webhook will settle it. */
        UNCONFIRMED("unconfirmed"),
        /** The provider refused the request (a 4xx other than an invalid number), or the request was invalid. */
        REJECTED("rejected"),
        /** No provider configured or installed, the provider unreachable or refusing the credentials. */
        UNAVAILABLE("unavailable"),
        /** The number is not E.164, or the provider refused it. */
        INVALID_NUMBER("invalid_number"),
        /** The lead already has an active call. */
        IN_PROGRESS("in_progress");

        private final String tagValue;

        InitiationResult(String tagValue) {
            this.tagValue = tagValue;
        }

        /** @return the fixed lower-case value used as a metric tag */
        public String tagValue() {
            return tagValue;
        }
    }

    /** What a provider request does. */
    enum ProviderOperation {
        /** Places a call (a POST that is never repeated blindly). */
        CREATE("create"),
        /** Looks a call up (a GET, safe to repeat). */
        FETCH("fetch");

        private final String tagValue;

        ProviderOperation(String tagValue) {
            this.tagValue = tagValue;
        }

        /** @return the fixed lower-case value used as a metric tag */
        public String tagValue() {
            return tagValue;
        }
    }

    /** How a provider request ended. */
    enum ProviderOutcome {
        /** A 2xx answer. */
        SUCCESS("2xx"),
        /** A 4xx answer other than 429 (and a 1xx or 3xx one: redirects are not followed). */
        CLIENT_ERROR("4xx"),
        /** 429: rate-limited. */
        RATE_LIMITED("429"),
        /** A 5xx answer. */
        SERVER_ERROR("5xx"),
        /** No connection or no answer in time (connect or request timeout). */
        TIMEOUT("timeout"),
        /** The connection failed or was lost (refused, unknown host, TLS, reset, interrupted). */
        IO_ERROR("io_error");

        private final String tagValue;

        ProviderOutcome(String tagValue) {
            this.tagValue = tagValue;
        }

        /**
         * @param httpStatus an HTTP status code
         * @return its outcome
         */
        public static ProviderOutcome ofStatus(int httpStatus) {
            if (httpStatus >= 200 && httpStatus < 300) {
                return SUCCESS;
            }
            if (httpStatus == 429) {
                return RATE_LIMITED;
            }
            return httpStatus >= 500 ? SERVER_ERROR : CLIENT_ERROR;
        }

        /** @return the fixed value used as a metric tag */
        public String tagValue() {
            return tagValue;
        }
    }

    /** Why a provider request is repeated. */
    enum RetryReason {
        /** The provider answered 429 and its rate limit allows a retry. */
        RATE_LIMITED("rate_limited"),
        /** No connection could be made (refused, connect timeout, unknown host, TLS): the request was not sent. */
        CONNECT_FAILED("connect_failed"),
        /** A lookup (safe to repeat) got no answer in time. */
        TIMEOUT("timeout"),
        /** A lookup (safe to repeat) lost its connection. */
        IO_ERROR("io_error"),
        /** A lookup (safe to repeat) got a 5xx. */
        SERVER_ERROR("server_error");

        private final String tagValue;

        RetryReason(String tagValue) {
            this.tagValue = tagValue;
        }

        /** @return the fixed lower-case value used as a metric tag */
        public String tagValue() {
            return tagValue;
        }
    }

    /** What happened to a webhook. */
    enum WebhookResult {
        /** It changed its call. */
        APPLIED("applied"),
        /** It changed nothing: a repeat, or a late event the call had already moved past. */
        DUPLICATE("duplicate"),
        /** A message type the SDK does not use. */
        IGNORED("ignored"),
        /** It names no stored call (nothing stored). */
        UNKNOWN_CALL("unknown_call"),
        /** Its signature was missing or wrong, or no verifier is configured (401). */
        UNAUTHORIZED("unauthorized"),
        /** Its body could not be understood (400). */
        MALFORMED("malformed"),
        /** Its body was over the size limit (413). */
        TOO_LARGE("too_large"),
        /** Its provider id is not installed (404). */
        UNKNOWN_PROVIDER("unknown_provider");

        private final String tagValue;

        WebhookResult(String tagValue) {
            this.tagValue = tagValue;
        }

        /** @return the fixed lower-case value used as a metric tag */
        public String tagValue() {
            return tagValue;
        }
    }

    /** How an attempt to run the summary hook ended. */
    enum SummaryResult {
        /** The summary was stored. */
        DONE("done"),
        /** Every attempt failed; the call's summary is {@code FAILED} with the error kept. */
        FAILED("failed"),
        /** The attempt failed and the hook will be tried again after a backoff. */
        RETRIED("retried");

        private final String tagValue;

        SummaryResult(String tagValue) {
            this.tagValue = tagValue;
        }

        /** @return the fixed lower-case value used as a metric tag */
        public String tagValue() {
            return tagValue;
        }
    }
}
