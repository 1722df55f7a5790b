package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How often, after which outcomes and how long after, a lead is called again.
 *
 * <pre>{@code
 * RetryPolicy retry = RetryPolicy.builder()
 *         .maxAttempts(3)
 *         .retryOn(CallStatus.NO_ANSWER, CallStatus.BUSY, CallStatus.VOICEMAIL)
 *         .backoff(Duration.ofMinutes(30), 2.0, Duration.ofHours(24))
 *         .jitter(0.2)
 *         .build();
 * }</pre>
 *
 * <p>Rules the dialer keeps whatever the policy says: {@link CallStatus#COMPLETED} is never retried (the lead
 * answered); a call whose placement had an unknown outcome is never re-dialed, even once it is settled
 * {@code FAILED}; a lead on a call from elsewhere (409) is tried again after {@link #callInProgressDelay()}
 * without using an attempt. A retry time that falls outside the lead's calling window moves to the window's next
 * opening, spread by the jitter so retries do not all start at the same minute.
 *
 * @param maxAttempts calls per lead at most, the first included; at least 1
 * @param retryOn the outcomes that call for another attempt; never {@code COMPLETED}, only terminal statuses
 * @param initialBackoff wait after the first attempt
 * @param multiplier growth of the wait per further attempt; at least 1
 * @param maxBackoff longest wait
 * @param jitter relative spread of each wait, 0 (none) to 1 (plus or minus 100%)
 * @param callInProgressDelay wait before trying a lead again that was on a call from elsewhere
 */
public record RetryPolicy(int maxAttempts, Set<CallStatus> retryOn, Duration initialBackoff, double multiplier,
                          Duration maxBackoff, double jitter, Duration callInProgressDelay) {

    /** Validates and copies. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new InvalidCampaignException("retry maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(retryOn, "retryOn");
        for (CallStatus s : retryOn) {
            if (s == null || !s.isTerminal() || s == CallStatus.COMPLETED) {
                throw new InvalidCampaignException("retryOn may only hold NO_ANSWER, BUSY, VOICEMAIL, FAILED or "
                        + "CANCELED, not " + s + " (a completed call is never retried)");
            }
        }
        retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(callInProgressDelay, "callInProgressDelay");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidCampaignException("retry maxBackoff (" + maxBackoff + ") is shorter than initialBackoff ("
                    + initialBackoff + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new InvalidCampaignException("retry multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new InvalidCampaignException("retry jitter must be between 0 and 1, was " + jitter);
        }
    }

    /** @return a builder with the defaults: 3 attempts on NO_ANSWER, BUSY, VOICEMAIL and FAILED, 30 min x2 up to 24 h, jitter 0.2 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return one attempt per lead, no retry */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    /** @param outcome a call's final status @return {@code true} if this policy calls again after it */
    public boolean retries(CallStatus outcome) {
        return retryOn.contains(outcome);
    }

    /**
     * The wait before attempt {@code attemptsMade + 1}, without jitter.
     *
     * @param attemptsMade attempts made so far, at least 1
     * @return {@code initialBackoff * multiplier^(attemptsMade-1)}, at most {@code maxBackoff}
     */
    public Duration backoff(int attemptsMade) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    /**
     * When to call again: the backoff with jitter after {@code endedAt}, moved into the lead's calling window.
     *
     * @param attemptsMade attempts made so far
     * @param endedAt when the last call ended
     * @param window the campaign's calling window
     * @param zone the lead's time zone
     * @param random the jitter's source
     * @return the next attempt's time, or {@code null} if the window never opens again
     */
    public Instant nextAttemptAt(int attemptsMade, Instant endedAt, CallingWindow window, ZoneId zone,
                                 RandomGenerator random) {
        Duration base = backoff(attemptsMade);
        long spread = (long) (base.toMillis() * jitter);
        long jittered = spread == 0 ? base.toMillis() : base.toMillis() - spread + random.nextLong(2 * spread + 1);
        Instant candidate = endedAt.plusMillis(Math.max(0, jittered));
        Instant opening = window.nextOpening(candidate, zone).orElse(null);
        if (opening == null || opening.equals(candidate)) {
            return opening;
        }
        // Pushed to an opening: spread the retries over the start of the window rather than all at its first
        // second, but keep them well inside it (at most half of what is left of that opening).
        long room = Duration.between(opening, window.closesAfter(opening, zone)).toMillis() / 2;
        long offset = Math.min(spread, room);
        return offset <= 0 ? opening : opening.plusMillis(random.nextLong(offset + 1));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidCampaignException("retry " + name + " must be a positive duration, was " + d);
        }
    }

    /** Builder for {@link RetryPolicy}. Not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Set<CallStatus> retryOn = EnumSet.of(CallStatus.NO_ANSWER, CallStatus.BUSY, CallStatus.VOICEMAIL,
                CallStatus.FAILED);
        private Duration initialBackoff = Duration.ofMinutes(30);
        private double multiplier = 2.0;
        private Duration maxBackoff = Duration.ofHours(24);
        private double jitter = 0.2;
        private Duration callInProgressDelay = Duration.ofMinutes(5);

        private Builder() {
        }

        /** @param maxAttempts calls per lead at most, the first included; default 3 @return this builder */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** @param outcomes the outcomes that are retried (replaces the default set) @return this builder */
        public Builder retryOn(CallStatus... outcomes) {
            Set<CallStatus> set = EnumSet.noneOf(CallStatus.class);
            for (CallStatus s : outcomes) {
                if (s == null) {
                    throw new InvalidCampaignException("retryOn must not hold null");
                }
                set.add(s);
            }
            this.retryOn = set;
            return this;
        }

        /**
         * @param initial wait after the first attempt; default 30 min
         * @param multiplier growth per attempt; default 2
         * @param max longest wait; default 24 h
         * @return this builder
         */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = initial;
            this.multiplier = multiplier;
            this.maxBackoff = max;
            return this;
        }

        /** @param jitter relative spread of each wait, 0 to 1; default 0.2 @return this builder */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** @param delay wait before trying a lead again that was on a call from elsewhere; default 5 min @return this */
        public Builder callInProgressDelay(Duration delay) {
            this.callInProgressDelay = delay;
            return this;
        }

        /** @return the policy @throws InvalidCampaignException naming the setting to fix */
        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, retryOn, initialBackoff, multiplier, maxBackoff, jitter,
                    callInProgressDelay);
        }
    }
}
