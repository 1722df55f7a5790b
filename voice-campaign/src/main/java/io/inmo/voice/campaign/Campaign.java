package io.inmo.voice.campaign;

import io.inmo.voice.internal.Ids;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A list of leads to call for one broker, with the rules for when ({@link CallingWindow}, in each lead's own
 * time zone), how often ({@link RetryPolicy}) and how fast ({@link Pacing}). Started with
 * {@link CampaignDialer#start(Campaign)}.
 *
 * <pre>{@code
 * Campaign campaign = Campaign.builder()
 *         .id("open-house-may")
 *         .brokerId("broker-7")
 *         .window(CallingWindow.spainWeekdays(holidays))     // campaign-level override of any preset
 *         .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
 *         .pacing(Pacing.builder().maxConcurrent(8).callsPerSecond(1).build())
 *         .lead(CampaignLead.of("lead-1", "+34911234567"))
 *         .build();
 * }</pre>
 *
 * @param id the campaign id, unique in the store (required)
 * @param brokerId the broker whose provider places the calls (required)
 * @param leads the leads, each lead id once (at least one)
 * @param window when leads may be called, in their local time (required: no campaign dials without one)
 * @param retryPolicy when to call again
 * @param pacing how fast; its account defaults to the broker id
 */
public record Campaign(String id, String brokerId, List<CampaignLead> leads, CallingWindow window,
                       RetryPolicy retryPolicy, Pacing pacing) {

    /** Validates and copies; fills the pacing account with the broker id when it is not set. */
    public Campaign {
        id = requireId(id, "campaign id");
        brokerId = requireId(brokerId, "campaign brokerId");
        Objects.requireNonNull(leads, "leads");
        if (leads.isEmpty()) {
            throw new InvalidCampaignException("campaign '" + id + "' has no leads");
        }
        Set<String> ids = new HashSet<>();
        for (CampaignLead lead : leads) {
            if (lead == null) {
                throw new InvalidCampaignException("campaign '" + id + "' has a null lead");
            }
            if (!ids.add(lead.leadId())) {
                throw new InvalidCampaignException("campaign '" + id + "' lists lead '" + lead.leadId()
                        + "' twice; each lead once");
            }
        }
        leads = List.copyOf(leads);
        if (window == null) {
            throw new InvalidCampaignException("campaign '" + id + "' has no calling window; set one, e.g. "
                    + "CallingWindow.usTcpa() or CallingWindow.spainWeekdays(holidays)");
        }
        retryPolicy = retryPolicy == null ? RetryPolicy.builder().build() : retryPolicy;
        pacing = pacing == null ? Pacing.defaults() : pacing;
        if (pacing.account() == null) {
            pacing = pacing.withAccount(brokerId);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** The SDK's rule for a host's ids (no control characters, at most 255 characters), as a 400. */
    static String requireId(String value, String name) {
        String problem = Ids.problem(value, name);
        if (problem != null) {
            throw new InvalidCampaignException(problem);
        }
        return value;
    }

    /** Builder for {@link Campaign}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String brokerId;
        private final List<CampaignLead> leads = new ArrayList<>();
        private CallingWindow window;
        private RetryPolicy retryPolicy;
        private Pacing pacing;

        private Builder() {
        }

        /** @param id campaign id, unique in the store @return this builder */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** @param brokerId the broker whose provider configuration places the calls @return this builder */
        public Builder brokerId(String brokerId) {
            this.brokerId = brokerId;
            return this;
        }

        /** @param lead one more lead @return this builder */
        public Builder lead(CampaignLead lead) {
            leads.add(lead);
            return this;
        }

        /** @param leads more leads @return this builder */
        public Builder leads(List<CampaignLead> leads) {
            if (leads == null) {
                throw new InvalidCampaignException("leads must not be null (pass an empty list to add none)");
            }
            leads.forEach(this.leads::add);
            return this;
        }

        /** @param window when leads may be called (required) @return this builder */
        public Builder window(CallingWindow window) {
            this.window = window;
            return this;
        }

        /** @param retryPolicy when to call again; default {@link RetryPolicy#builder()}'s @return this builder */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** @param pacing how fast; default {@link Pacing#defaults()} @return this builder */
        public Builder pacing(Pacing pacing) {
            this.pacing = pacing;
            return this;
        }

        /** @return the campaign @throws InvalidCampaignException naming what to fix */
        public Campaign build() {
            return new Campaign(id, brokerId, leads, window, retryPolicy, pacing);
        }
    }
}
