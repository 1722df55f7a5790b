package io.inmo.voice.campaign;

import io.inmo.voice.CallListener;
import io.inmo.voice.CallOptions;
import io.inmo.voice.CallTarget;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials campaigns: the leads that are due, in their calling window, allowed by the {@link DialGuard}, within
 * the {@link Pacing} limits of their provider account. The host drives it by calling {@link #dispatchDue()}
 * (a scheduler, a Spring {@code @Scheduled}, a loop); it starts no thread of its own.
 *
 * <pre>{@code
 * CampaignStore store = JdbcCampaignStore.builder(dataSource).build();    // or new InMemoryCampaignStore()
 * CampaignDialer.Builder campaigns = CampaignDialer.builder().store(store).guard(consent);
 * VoiceCallService calls = VoiceCallService.builder()
 *         .brokerConfigs(brokers::voiceConfigOf)
 *         .listener(campaigns.callListener())          // how the dialer learns that calls ended
 *         .build();
 * CampaignDialer dialer = campaigns.calls(calls).build();
 *
 * dialer.start(campaign);
 * scheduler.scheduleWithFixedDelay(dialer::dispatchDue, 0, 200, TimeUnit.MILLISECONDS);
 * scheduler.scheduleWithFixedDelay(() -> { calls.reconcile(Duration.ofMinutes(15));
 *                                          dialer.reconcile(Duration.ofMinutes(15)); }, 5, 5, TimeUnit.MINUTES);
 * }</pre>
 *
 * <p>Safe from several instances over one shared {@link CampaignStore}: leads are claimed atomically in the
 * store, so none is dialed twice, and the claim checks the account's limits, so they hold across instances.
 * Concurrency is counted from the leads whose call has not ended; the dialer's {@link #callListener()} frees a
 * slot when the service reports the end, and {@link #reconcile(Duration)} (with
 * {@link VoiceCallService#reconcile(Duration)}) catches ends that were never reported. Thread-safe.
 */
public final class CampaignDialer {

    private static final Logger log = LoggerFactory.getLogger(CampaignDialer.class);
    private static final int RECONCILE_BATCH = 500;

    private final VoiceCallService calls;
    private final CampaignStore store;
    private final Clock clock;
    private final int claimLimit;
    private final DialerListener listener;
    private final LeadOutcomes outcomes;
    private final int reconcileBatch;
    private final LeadDialer leads;

    private CampaignDialer(Builder b) {
        this.calls = Objects.requireNonNull(b.calls, "calls (the VoiceCallService) is required");
        this.store = Objects.requireNonNull(b.store, "store is required");
        this.clock = b.clock;
        this.claimLimit = b.claimLimit;
        this.listener = b.listener;
        this.outcomes = new LeadOutcomes(store, clock, b.random);
        this.reconcileBatch = b.reconcileBatch;
        this.leads = new LeadDialer(calls, store, clock, b.guard, listener, outcomes);
        listener.bind(outcomes);
    }

    /** @return a builder; the service and the store are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the listener to give the {@link VoiceCallService} (the same as the builder's) */
    public CallListener callListener() {
        return listener;
    }

    /**
     * Stores a campaign and its leads, ready to dial. Each lead's zone is the one given, or the one its number
     * maps to; a lead whose number maps to several zones or none is {@link LeadState#HELD held} (never dialed
     * at a guess) and reported in the log and in {@link #progress(String)}. A lead whose window is closed now
     * waits for its opening.
     *
     * @param campaign the campaign
     * @return its progress right after the start
     * @throws CampaignExistsException a campaign with that id exists (nothing changed)
     */
    public CampaignProgress start(Campaign campaign) {
        Objects.requireNonNull(campaign, "campaign");
        Instant now = clock.instant();
        List<LeadRecord> records = Enrollment.records(campaign, now);
        store.create(CampaignRecord.of(campaign, now), records);
        log.info("campaign {} started: {} leads, {} held", campaign.id(), records.size(),
                records.stream().filter(r -> r.state() == LeadState.HELD).count());
        return progress(campaign.id());
    }

    /**
     * Places the calls that are due now, within every limit: for each running campaign, claims due leads within
     * its account's concurrency, rate and per-number gap, then for each claimed lead, with the clock read for
     * that lead, checks that the campaign still runs, that the claim is not older than the pacing window and that
     * the lead's window is open (closed: it waits for the opening), asks the guard (refused: the lead ends),
     * checks again, marks the lead "dialing now" (compare-and-set on its version) and calls
     * {@link VoiceCallService#initiate(CallTarget, CallOptions)}. A lead already on a call from elsewhere (409) is
     * tried again later without using an attempt; any other failed call uses an attempt, and a provider refusal
     * that will not change (4xx other than 408/429, an invalid number) ends the lead. A failure on one lead never
     * stops the others.
     *
     * @return how many calls were placed (including calls whose placement is unconfirmed)
     */
    public int dispatchDue() {
        int placed = 0;
        for (CampaignRecord campaign : store.runningCampaigns()) {
            Pacing p = campaign.pacing();
            List<LeadRecord> claimed;
            try {
                // Read per campaign: the dials before this one took time, and the claim records its time as the
                // dial time that every instance's rate and per-number gap are counted from.
                claimed = store.claim(new CampaignStore.ClaimRequest(campaign.id(), p.account(), clock.instant(),
                        p.maxConcurrent(), p.maxCalls(), p.per(), p.minGapPerNumber(), claimLimit));
            } catch (RuntimeException e) {
                log.warn("campaign {}: claiming due leads failed ({}); tried again on the next dispatch",
                        campaign.id(), e.toString());
                continue;
            }
            for (LeadRecord lead : claimed) {
                try {
                    if (leads.dial(campaign, lead)) {
                        placed++;
                    }
                } catch (RuntimeException e) {
                    // One lead's failure (a store hiccup) must not strand the rest of the batch in DIALING.
                    log.warn("campaign {} lead {}: dispatch failed ({}); giving the lead back", campaign.id(),
                            lead.leadId(), e.toString());
                    leads.releaseQuietly(campaign, lead);
                }
            }
        }
        return placed;
    }

    /**
     * Catches up with call ends that the listener did not see (a process stopped, a listener not wired): for
     * each lead DIALING unchanged for {@code quietFor}, an ended call moves the lead on; a lead claimed without a
     * call (the dialer stopped between claim and call) is due again without using an attempt. Run it with
     * {@link VoiceCallService#reconcile(Duration)}, which settles calls whose webhooks never came; use a
     * {@code quietFor} longer than one {@link #dispatchDue()} takes.
     *
     * @param quietFor how long a lead must have been dialing unchanged
     * @return how many leads moved
     */
    public int reconcile(Duration quietFor) {
        Instant quietSince = clock.instant().minus(quietFor);
        int moved = 0;
        // Page through every quiet DIALING lead by (updatedAt, campaign, lead): leads on long live calls must
        // not hide the ones behind them run after run.
        LeadRecord after = null;
        while (true) {
            List<LeadRecord> page = store.dialingUpdatedBefore(quietSince, after, reconcileBatch);
            for (LeadRecord lead : page) {
                if (reconcileOne(lead)) {
                    moved++;
                }
            }
            if (page.size() < reconcileBatch) {
                return moved;
            }
            after = page.get(page.size() - 1);
        }
    }

    private boolean reconcileOne(LeadRecord lead) {
        if (lead.callId() == null) {
            return outcomes.release(lead, LeadDialer.dueState(lead), clock.instant(),
                    "claimed but never called (the dialer stopped); due again");
        }
        Optional<VoiceCall> call = calls.find(lead.callId());
        if (call.isPresent() && call.get().isTerminal()) {
            outcomes.settle(call.get());
            return true;
        }
        return false;
    }

    /** @param campaignId campaign @return whether it was running and is now paused @throws CampaignNotFoundException unknown id */
    public boolean pause(String campaignId) {
        requireCampaign(campaignId);
        return store.setState(campaignId, CampaignState.RUNNING, CampaignState.PAUSED);
    }

    /** @param campaignId campaign @return whether it was paused and now runs @throws CampaignNotFoundException unknown id */
    public boolean resume(String campaignId) {
        requireCampaign(campaignId);
        return store.setState(campaignId, CampaignState.PAUSED, CampaignState.RUNNING);
    }

    /**
     * Stops a campaign for good: its due leads are CANCELED; calls already live end normally, their outcomes are
     * recorded and they are not retried.
     *
     * @param campaignId campaign
     * @return how many leads were canceled
     * @throws CampaignNotFoundException unknown id
     */
    public int cancel(String campaignId) {
        CampaignRecord campaign = requireCampaign(campaignId);
        while (!store.setState(campaignId, campaign.state(), CampaignState.CANCELED)) {
            campaign = requireCampaign(campaignId); // paused or resumed meanwhile: try again from its new state
            if (campaign.state() == CampaignState.CANCELED) {
                return 0;
            }
        }
        int canceled = store.cancelDueLeads(campaignId, clock.instant());
        log.info("campaign {} canceled: {} leads canceled", campaignId, canceled);
        return canceled;
    }

    /**
     * @param campaignId campaign
     * @return its leads counted by state, and an ETA at the pacing limits
     * @throws CampaignNotFoundException unknown id
     */
    public CampaignProgress progress(String campaignId) {
        CampaignRecord campaign = requireCampaign(campaignId);
        CampaignStore.Counts c = store.counts(campaignId);
        long total = c.byState().values().stream().mapToLong(Long::longValue).sum();
        long open = c.of(LeadState.PENDING) + c.of(LeadState.WAITING_FOR_WINDOW) + c.of(LeadState.RETRY_SCHEDULED);
        Duration eta = campaign.state() == CampaignState.CANCELED ? Duration.ZERO
                : campaign.pacing().interval().multipliedBy(open);
        return new CampaignProgress(campaignId, campaign.state(), total, c.of(LeadState.PENDING),
                c.of(LeadState.WAITING_FOR_WINDOW), c.of(LeadState.DIALING), c.of(LeadState.RETRY_SCHEDULED),
                c.doneByOutcome(), c.of(LeadState.EXHAUSTED), c.of(LeadState.REFUSED), c.of(LeadState.HELD),
                c.of(LeadState.CANCELED), eta);
    }

    /** @param campaignId campaign @param leadId lead @return where the lead stands, with its last outcome */
    public Optional<LeadRecord> lead(String campaignId, String leadId) {
        return store.lead(campaignId, leadId);
    }

    /**
     * @param campaignId campaign
     * @param state a state (e.g. {@link LeadState#HELD} to see which leads need a zone)
     * @param limit most to return
     * @return the campaign's leads in that state, in campaign order
     */
    public List<LeadRecord> leads(String campaignId, LeadState state, int limit) {
        return store.leads(campaignId, Objects.requireNonNull(state, "state"), limit);
    }

    private CampaignRecord requireCampaign(String campaignId) {
        return store.campaign(Objects.requireNonNull(campaignId, "campaignId"))
                .orElseThrow(() -> new CampaignNotFoundException(campaignId));
    }

    /** Builder for {@link CampaignDialer}. Not thread-safe; the dialer it builds is. */
    public static final class Builder {
        private VoiceCallService calls;
        private CampaignStore store;
        private Clock clock = Clock.systemUTC();
        private DialGuard guard = DialGuard.allowAll();
        private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        private int claimLimit = 100;
        private int reconcileBatch = RECONCILE_BATCH;
        private final DialerListener listener = new DialerListener();

        private Builder() {
        }

        /**
         * The listener to pass to {@link VoiceCallService.Builder#listener} when building the service this dialer
         * uses (the service must exist before the dialer, and the listener before the service). It works once
         * {@link #build()} has run. To keep your own listener too, call both from one lambda.
         *
         * @return the dialer's call listener
         */
        public CallListener callListener() {
            return listener;
        }

        /** @param calls the service that places the calls (required) @return this builder */
        public Builder calls(VoiceCallService calls) {
            this.calls = Objects.requireNonNull(calls, "calls");
            return this;
        }

        /** @param store where campaigns and leads are kept (required) @return this builder */
        public Builder store(CampaignStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @param clock time of windows, claims and retries; default UTC system clock @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param guard consent / do-not-call check before every dial; default allows all @return this builder */
        public Builder guard(DialGuard guard) {
            this.guard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /** @param random jitter of retry times (thread-safe); default {@link ThreadLocalRandom} @return this builder */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** @param limit most leads one campaign claims per {@link #dispatchDue()}; default 100 @return this builder */
        public Builder claimLimit(int limit) {
            if (limit < 1) {
                throw new InvalidCampaignException("claimLimit must be at least 1, was " + limit);
            }
            this.claimLimit = limit;
            return this;
        }

        /** Tests: leads read per page by {@link CampaignDialer#reconcile(Duration)}. */
        Builder reconcileBatch(int batch) {
            this.reconcileBatch = batch;
            return this;
        }

        /** @return the dialer; binds {@link #callListener()} to it */
        public CampaignDialer build() {
            return new CampaignDialer(this);
        }
    }
}
