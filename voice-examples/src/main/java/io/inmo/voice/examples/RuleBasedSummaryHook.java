package io.inmo.voice.examples;

import io.inmo.voice.CallStatus;
import io.inmo.voice.CallSummary;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.spi.SummaryHook;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The demo's post-call step: a short summary written by rules (a real CRM would ask an LLM here), and the
 * lead's new score. The provider's own summary is kept when it sent one.
 *
 * <p>Score changes: answered and interested +20, answered +10, voicemail -2, no answer -5, busy -3, failed or
 * canceled 0. They are applied once per call id ({@link LeadStore#applyScoreChange}), so a re-run of the hook
 * (after a crash, see {@link SummaryHook}) does not count twice.
 */
public final class RuleBasedSummaryHook implements SummaryHook {

    private static final List<String> INTEREST = List.of("interested", "interesad", "me interesa", "visit",
            "available", "disponible");
    private static final List<String> NO_INTEREST = List.of("not interested", "no me interesa", "no estoy interesad",
            "don't call", "no me llam");

    private final LeadStore leads;

    /** @param leads where the score is updated */
    public RuleBasedSummaryHook(LeadStore leads) {
        this.leads = Objects.requireNonNull(leads, "leads");
    }

    @Override
    public CallSummary summarize(VoiceCall call) {
        boolean interested = interested(call.transcript());
        leads.applyScoreChange(call.leadId(), call.callId(), scoreChange(call.status(), interested));
        return CallSummary.of(call.summary() != null && !call.summary().isBlank() ? call.summary()
                : ruleBasedSummary(call, interested));
    }

    /**
     * @param status the call's outcome
     * @param interested whether the lead showed interest
     * @return points to add to the lead's score
     */
    public static int scoreChange(CallStatus status, boolean interested) {
        switch (status) {
            case COMPLETED:
                return interested ? 20 : 10;
            case VOICEMAIL:
                return -2;
            case NO_ANSWER:
                return -5;
            case BUSY:
                return -3;
            default:
                return 0;
        }
    }

    /**
     * @param transcript {@code Speaker: text} lines, or {@code null}
     * @return whether the lead's own lines show interest (and no refusal)
     */
    public static boolean interested(String transcript) {
        if (transcript == null) {
            return false;
        }
        boolean interest = false;
        for (String line : transcript.split("\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("user:") && !lower.startsWith("customer:") && !lower.startsWith("lead:")) {
                continue; // only what the lead said counts, not the agent's pitch
            }
            if (NO_INTEREST.stream().anyMatch(lower::contains)) {
                return false;
            }
            interest |= INTEREST.stream().anyMatch(lower::contains);
        }
        return interest;
    }

    private static String ruleBasedSummary(VoiceCall call, boolean interested) {
        switch (call.status()) {
            case COMPLETED:
                return interested ? "Answered and interested; follow up to book a visit."
                        : "Answered; no clear interest yet. Send the listing by email.";
            case VOICEMAIL:
                return "Voicemail: message left asking the lead to call back.";
            case NO_ANSWER:
                return "No answer; try again at another time of day.";
            case BUSY:
                return "Line busy; retry later today.";
            case FAILED:
                return "Call failed" + (call.providerReason() == null ? "" : " (" + call.providerReason() + ")")
                        + "; check the number.";
            case CANCELED:
                return "Call canceled before it was answered.";
            default:
                return "Call ended with status " + call.status() + ".";
        }
    }
}
