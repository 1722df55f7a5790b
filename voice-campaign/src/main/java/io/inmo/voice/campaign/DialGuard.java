package io.inmo.voice.campaign;

import java.util.Objects;

/**
 * The host's consent and do-not-call check, asked right before every dial (first attempts and retries alike):
 * a CRM's opt-outs, a national do-not-call registry, Spain's Lista Robinson, expired consent. A refusal ends the
 * lead ({@link LeadState#REFUSED}) with the guard's reason, and the lead is never dialed.
 *
 * <pre>{@code
 * DialGuard guard = (campaignId, lead) -> optOuts.contains(lead.leadId())
 *         ? DialGuard.Decision.refuse("opted out in the CRM")
 *         : DialGuard.Decision.allow();
 * }</pre>
 *
 * <p>A guard that throws is treated as "cannot tell now": the lead is not dialed and is asked again after the
 * retry policy's {@link RetryPolicy#callInProgressDelay()}, without using an attempt. Must be thread-safe.
 */
@FunctionalInterface
public interface DialGuard {

    /**
     * @param campaignId the campaign dialing
     * @param lead the lead about to be dialed
     * @return allow, or refuse with a reason kept on the lead
     */
    Decision check(String campaignId, CampaignLead lead);

    /** @return a guard that allows every lead (for tests; a real campaign should check consent) */
    static DialGuard allowAll() {
        return (campaignId, lead) -> Decision.allow();
    }

    /**
     * @param other a second check
     * @return a guard that allows only when this one and {@code other} both allow; the first refusal wins
     */
    default DialGuard and(DialGuard other) {
        Objects.requireNonNull(other, "other");
        return (campaignId, lead) -> {
            Decision first = check(campaignId, lead);
            return first.allowed() ? other.check(campaignId, lead) : first;
        };
    }

    /**
     * A guard's answer.
     *
     * @param allowed whether the lead may be dialed
     * @param reason why not (required when refused, {@code null} when allowed), e.g. {@code "Lista Robinson"}
     */
    record Decision(boolean allowed, String reason) {

        private static final Decision ALLOW = new Decision(true, null);

        /** Validates that a refusal has a reason. */
        public Decision {
            if (!allowed && (reason == null || reason.isBlank())) {
                throw new IllegalArgumentException("a refusal needs a reason, kept on the lead for the audit");
            }
        }

        /** @return the lead may be dialed */
        public static Decision allow() {
            return ALLOW;
        }

        /** @param reason why the lead may not be dialed @return a refusal */
        public static Decision refuse(String reason) {
            return new Decision(false, reason);
        }
    }
}
