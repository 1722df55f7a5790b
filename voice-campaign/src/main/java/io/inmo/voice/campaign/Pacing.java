package io.inmo.voice.campaign;

import java.time.Duration;

/**
 * How fast a campaign may dial, per provider account. The limits hold across every campaign that names the same
 * {@link #account()} and across every {@link CampaignDialer} instance sharing a {@link CampaignStore}.
 *
 * <pre>{@code
 * Pacing pacing = Pacing.builder()
 *         .account("vapi-org-1")           // campaigns on one provider account share its limits
 *         .maxConcurrent(8)                // VAPI: 10 slots by default, shared with inbound calls: keep headroom
 *         .callsPerSecond(1)
 *         .minGapPerNumber(Duration.ofSeconds(10))   // Bland refuses the same number twice within 10 s
 *         .build();
 * }</pre>
 *
 * <p>Concurrency is counted from the calls that have not ended (leads in {@link LeadState#DIALING}), not from
 * timers: a long call keeps its slot until its end is reported, and reconciliation frees slots whose end was
 * never reported. The rate is a sliding window: at most {@code maxCalls} dials in any {@code per}.
 *
 * @param account the provider account the limits belong to, or {@code null} for "the campaign's broker"
 * @param maxConcurrent calls of the account that may be live at once; at least 1
 * @param maxCalls dials of the account allowed in any window of {@code per}; at least 1
 * @param per the rate's window
 * @param minGapPerNumber least time between two dials of one phone number; zero for none
 */
public record Pacing(String account, int maxConcurrent, int maxCalls, Duration per, Duration minGapPerNumber) {

    /** The longest rate window: stores keep a day of dials to count any window up to it. */
    public static final Duration MAX_RATE_WINDOW = Duration.ofDays(1);

    /** Validates. */
    public Pacing {
        if (account != null) {
            Campaign.requireId(account, "pacing account (leave it unset for the broker's)");
        }
        if (maxConcurrent < 1) {
            throw new InvalidCampaignException("pacing maxConcurrent must be at least 1, was " + maxConcurrent);
        }
        if (maxCalls < 1) {
            throw new InvalidCampaignException("pacing maxCalls must be at least 1, was " + maxCalls);
        }
        if (per == null || per.isNegative() || per.isZero() || per.compareTo(MAX_RATE_WINDOW) > 0) {
            throw new InvalidCampaignException("pacing rate window must be positive and at most a day, was " + per);
        }
        if (minGapPerNumber == null || minGapPerNumber.isNegative()) {
            throw new InvalidCampaignException("pacing minGapPerNumber must be zero or positive, was "
                    + minGapPerNumber);
        }
    }

    /** @return a builder with the defaults: 5 concurrent calls, 1 call per second, 10 s between dials of a number */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults of {@link #builder()} */
    public static Pacing defaults() {
        return builder().build();
    }

    /** @param account the provider account @return this pacing for that account */
    public Pacing withAccount(String account) {
        return new Pacing(account, maxConcurrent, maxCalls, per, minGapPerNumber);
    }

    /** @return the least time between two dials of the account when it runs at full rate */
    public Duration interval() {
        return per.dividedBy(maxCalls);
    }

    /** Builder for {@link Pacing}. Not thread-safe. */
    public static final class Builder {
        private String account;
        private int maxConcurrent = 5;
        private int maxCalls = 1;
        private Duration per = Duration.ofSeconds(1);
        private Duration minGapPerNumber = Duration.ofSeconds(10);

        private Builder() {
        }

        /** @param account provider account key; default the campaign's broker id @return this builder */
        public Builder account(String account) {
            this.account = account;
            return this;
        }

        /** @param maxConcurrent live calls at most; default 5 @return this builder */
        public Builder maxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** @param calls dials per second at most; default 1 @return this builder */
        public Builder callsPerSecond(int calls) {
            return rate(calls, Duration.ofSeconds(1));
        }

        /**
         * @param calls dials at most...
         * @param per ...in any window of this length (e.g. 100 per hour for Bland's Start plan)
         * @return this builder
         */
        public Builder rate(int calls, Duration per) {
            this.maxCalls = calls;
            this.per = per;
            return this;
        }

        /** @param gap least time between two dials of one number; default 10 s @return this builder */
        public Builder minGapPerNumber(Duration gap) {
            this.minGapPerNumber = gap;
            return this;
        }

        /** @return the pacing @throws InvalidCampaignException naming the setting to fix */
        public Pacing build() {
            return new Pacing(account, maxConcurrent, maxCalls, per, minGapPerNumber);
        }
    }
}
