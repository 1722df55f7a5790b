package io.inmo.voice;

import io.inmo.voice.internal.PhoneNumbers;
import java.util.Map;

/**
 * Who to call: the host's lead, the broker whose provider settings apply, and the number to dial.
 *
 * <pre>{@code
 * VoiceCall call = service.initiate(new CallTarget("lead-42", "broker-7", "+14155550123", "Ana Torres",
 *         Map.of("property", "3-bed flat in Chamberí")));
 * }</pre>
 *
 * <p>The phone number is validated by {@link VoiceCallService#initiate(CallTarget)} (E.164), not here,
 * so that an invalid number is reported as {@link InvalidPhoneNumberException}.
 *
 * @param leadId the host's lead id (required; at most 255 characters, no control characters)
 * @param brokerId the broker whose provider configuration is used (required; same rules as the lead id)
 * @param phoneNumber the number to dial, E.164 such as {@code +14155550123} (required)
 * @param customerName the lead's name, or {@code null}
 * @param variables prompt variables for the AI agent; never {@code null} (empty when absent)
 */
public record CallTarget(String leadId, String brokerId, String phoneNumber, String customerName,
                         Map<String, String> variables) {

    /** Validates required fields and copies the variables. */
    public CallTarget {
        leadId = Checks.requireId(leadId, "leadId");
        brokerId = Checks.requireId(brokerId, "brokerId");
        if (phoneNumber == null) {
            throw new InvalidPhoneNumberException("phoneNumber is required (E.164, for example +14155550123)");
        }
        variables = Checks.copyOf(variables, "variables");
    }

    /**
     * A target without name or variables.
     *
     * @param leadId the host's lead id
     * @param brokerId the broker id
     * @param phoneNumber the number to dial (E.164)
     * @return the target
     */
    public static CallTarget of(String leadId, String brokerId, String phoneNumber) {
        return new CallTarget(leadId, brokerId, phoneNumber, null, Map.of());
    }

    /** @return the target with its number masked (all but the last four digits): targets end up in logs */
    @Override
    public String toString() {
        return "CallTarget[leadId=" + leadId + ", brokerId=" + brokerId + ", phoneNumber="
                + PhoneNumbers.mask(phoneNumber) + ", customerName=" + customerName + ", variables=" + variables.keySet()
                + "]";
    }
}
