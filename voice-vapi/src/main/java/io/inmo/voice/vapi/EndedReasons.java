package io.inmo.voice.vapi;

import io.inmo.voice.CallStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies VAPI's {@code endedReason} (an open set of ~600 values that grows every release) into a
 * provider-neutral outcome, by exact value first, then by ordered prefix rules, then by a few
 * "contains" rules. No regular expressions: this runs on every end-of-call webhook.
 *
 * <p>Unrecognised values never throw: {@link #classify} returns {@code null} and {@link #status} returns
 * {@link CallStatus#UNKNOWN}, and the raw value is kept on the event. The call service then settles an
 * UNKNOWN end report from the report's own evidence: COMPLETED when it shows a conversation, else FAILED.
 *
 * <p>Hooks and forwarding ({@code call.ringing.hook-executed-*}, {@code call.ending.hook-executed-*},
 * {@code call.forwarding.*}) are recognised but deliberately mapped to {@link Outcome#DEPENDS_ON_EVIDENCE}
 * (status UNKNOWN): whether they mean a conversation or a failure depends on whether the call was answered,
 * which the end report's duration and transcript tell (never the stored call: webhooks arrive in any order).
 */
final class EndedReasons {

    /** What an ended reason means. */
    enum Outcome {
        COMPLETED(CallStatus.COMPLETED),
        NO_ANSWER(CallStatus.NO_ANSWER),
        BUSY(CallStatus.BUSY),
        VOICEMAIL(CallStatus.VOICEMAIL),
        FAILED(CallStatus.FAILED),
        CANCELED(CallStatus.CANCELED),
        /**
         * COMPLETED if the end report shows a conversation (talk time, the customer's words), else FAILED:
         * decided by the call service from the report itself, whatever order the webhooks came in.
         */
        DEPENDS_ON_EVIDENCE(CallStatus.UNKNOWN);

        private final CallStatus status;

        Outcome(CallStatus status) {
            this.status = status;
        }

        CallStatus status() {
            return status;
        }
    }

    private static final Map<String, Outcome> EXACT = new HashMap<>(128);

    /** A prefix and what the reasons starting with it mean: the pair stays together whatever is inserted. */
    record PrefixRule(String prefix, Outcome outcome) {
    }

    /** Ordered: the first prefix that matches wins, so the specific SIP codes come before the catch-alls. */
    static final List<PrefixRule> PREFIX_RULES = List.of(
            new PrefixRule("call.in-progress.error-providerfault-outbound-sip-408", Outcome.NO_ANSWER),
            new PrefixRule("call.in-progress.error-providerfault-outbound-sip-480", Outcome.NO_ANSWER),
            new PrefixRule("call.in-progress.error-providerfault-outbound-sip-486", Outcome.BUSY),
            new PrefixRule("call.in-progress.error-providerfault-outbound-sip-600", Outcome.BUSY),
            new PrefixRule("call.in-progress.error-", Outcome.FAILED),
            new PrefixRule("call.start.", Outcome.FAILED),
            new PrefixRule("call-start-error", Outcome.FAILED),
            new PrefixRule("call.ringing.error-", Outcome.FAILED),
            new PrefixRule("call.ringing.hook-executed-", Outcome.DEPENDS_ON_EVIDENCE),
            new PrefixRule("call.ending.hook-executed-", Outcome.DEPENDS_ON_EVIDENCE),
            new PrefixRule("call.forwarding.", Outcome.DEPENDS_ON_EVIDENCE),
            new PrefixRule("pipeline-error-", Outcome.FAILED),
            new PrefixRule("pipeline-", Outcome.FAILED),
            new PrefixRule("assistant-request-", Outcome.FAILED),
            new PrefixRule("vapifault-", Outcome.FAILED),
            new PrefixRule("customer-ended-call", Outcome.COMPLETED),
            new PrefixRule("assistant-ended-call", Outcome.COMPLETED));

    static {
        for (String v : new String[] {
            "assistant-ended-call", "assistant-ended-call-after-message-spoken",
            "assistant-ended-call-with-hangup-task", "assistant-forwarded-call", "assistant-said-end-call-phrase",
            "assistant-said-message-with-end-call-enabled", "call.in-progress.sip-completed-call",
            "call.in-progress.twilio-completed-call", "customer-ended-call",
            "customer-ended-call-after-warm-transfer-attempt", "customer-ended-call-before-warm-transfer",
            "customer-ended-call-during-transfer", "exceeded-max-duration", "silence-timed-out", "vonage-completed",
            // Seen in VAPI docs examples rather than the enum.
            "hangup", "assistantEndedCall", "customerEndedCall"}) {
            EXACT.put(v, Outcome.COMPLETED);
        }
        EXACT.put("customer-did-not-answer", Outcome.NO_ANSWER);
        EXACT.put("call.in-progress.error-providerfault-outbound-sip-408-request-timeout", Outcome.NO_ANSWER);
        EXACT.put("call.in-progress.error-providerfault-outbound-sip-480-temporarily-unavailable",
                Outcome.NO_ANSWER);
        EXACT.put("customer-busy", Outcome.BUSY);
        EXACT.put("voicemail", Outcome.VOICEMAIL);
        EXACT.put("manually-canceled", Outcome.CANCELED);
        EXACT.put("scheduled-call-deleted", Outcome.CANCELED);
        EXACT.put("call-deleted", Outcome.CANCELED);
        for (String v : new String[] {
            "twilio-reported-customer-misdialed", "twilio-failed-to-connect-call", "vonage-failed-to-connect-call",
            "vonage-rejected", "vonage-disconnected", "phone-call-provider-closed-websocket",
            "phone-call-provider-bypass-enabled-but-no-call-received", "worker-shutdown", "assistant-not-found",
            "assistant-not-valid", "assistant-not-invalid", "assistant-not-provided", "assistant-join-timed-out",
            "assistant-error", "customer-did-not-give-microphone-permission",
            "call.ringing.sip-inbound-caller-hungup-before-call-connect", "sip-gateway-failed-to-connect-call",
            "unknown-error", "db-error", "database-error", "license-check-failed", "no-server-available"}) {
            EXACT.put(v, Outcome.FAILED);
        }
    }

    private EndedReasons() {
    }

    /**
     * @param reason VAPI's {@code endedReason}, verbatim; may be {@code null}
     * @return the outcome, or {@code null} when the value is not recognised
     */
    static Outcome classify(String reason) {
        if (reason == null || reason.isEmpty()) {
            return null;
        }
        Outcome exact = EXACT.get(reason);
        if (exact != null) {
            return exact;
        }
        for (PrefixRule rule : PREFIX_RULES) {
            if (reason.startsWith(rule.prefix())) {
                return rule.outcome();
            }
        }
        if (reason.endsWith("-completed-call")) {
            return Outcome.COMPLETED;
        }
        if (reason.contains("failed-to-connect") || reason.contains("error") || reason.contains("failed")) {
            return Outcome.FAILED;
        }
        return null;
    }

    /**
     * @param reason VAPI's {@code endedReason}; may be {@code null}
     * @return the neutral status; {@link CallStatus#UNKNOWN} when unrecognised or history-dependent
     */
    static CallStatus status(String reason) {
        Outcome outcome = classify(reason);
        return outcome == null ? CallStatus.UNKNOWN : outcome.status();
    }

    /**
     * Maps VAPI's call status ({@code message.status} or {@code call.status}).
     *
     * @param status VAPI status, may be {@code null}
     * @param endedReason the ended reason, used when the status is {@code ended}
     * @return the neutral status, {@link CallStatus#UNKNOWN} when not mappable
     */
    static CallStatus callStatus(String status, String endedReason) {
        if (status == null) {
            return CallStatus.UNKNOWN;
        }
        switch (status) {
            case "scheduled":
            case "queued":
                return CallStatus.QUEUED;
            case "ringing":
                return CallStatus.RINGING;
            case "in-progress":
            case "forwarding":
                return CallStatus.IN_PROGRESS;
            case "ended":
                return status(endedReason);
            default:
                return CallStatus.UNKNOWN;
        }
    }
}
