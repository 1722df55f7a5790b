package io.inmo.voice.campaign;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CallListener} a {@link CampaignDialer} gives the {@link io.inmo.voice.VoiceCallService}: it attaches
 * a newly created call to the lead being dialed on this thread, and moves a lead on when its call ends, which is
 * what frees its concurrency slot. Activities of calls that are not campaign calls are ignored.
 */
final class DialerListener implements CallListener {

    private static final Logger log = LoggerFactory.getLogger(DialerListener.class);

    /** The lead this thread is dialing: INITIATED is reported synchronously on the thread calling initiate. */
    private final ThreadLocal<LeadRecord> dialing = new ThreadLocal<>();
    /** Whether this thread's current dial was reported INITIATED to this listener (it is wired). */
    private final ThreadLocal<Boolean> sawInitiated = new ThreadLocal<>();
    private volatile LeadOutcomes outcomes;

    void bind(LeadOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /** @return whether the dial on this thread was reported INITIATED to this listener */
    boolean sawInitiated() {
        return Boolean.TRUE.equals(sawInitiated.get());
    }

    void dialing(LeadRecord lead) {
        sawInitiated.remove();
        if (lead == null) {
            dialing.remove();
        } else {
            dialing.set(lead);
        }
    }

    @Override
    public void onActivity(CallActivity activity) {
        LeadOutcomes bound = outcomes;
        if (bound == null) {
            log.warn("campaign listener got {} of call {} before its CampaignDialer was built; reconcile() will "
                    + "catch up", activity.type(), activity.call().callId());
            return;
        }
        LeadRecord lead = dialing.get();
        boolean ours = lead != null && lead.leadId().equals(activity.call().leadId());
        if (activity.type() == CallActivity.Type.INITIATED) {
            if (ours) {
                sawInitiated.set(Boolean.TRUE);
                bound.attach(lead, activity.call().callId());
            }
        } else if (activity.type() == CallActivity.Type.INITIATION_FAILED && ours) {
            // The dialer on this thread knows why the provider refused (final or not) and ends the lead itself.
            return;
        } else if (activity.call().isTerminal()) {
            bound.settle(activity.call());
        }
    }
}
