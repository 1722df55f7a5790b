package io.inmo.voice.campaign;

import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.internal.PhoneNumbers;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * One lead to call in a {@link Campaign}.
 *
 * <pre>{@code
 * new CampaignLead("lead-42", "+14155550123", "Ana Torres", Map.of("property", "3-bed flat"), null);
 * CampaignLead.of("lead-43", "+34911234567");           // zone resolved from the number when it has only one
 * }</pre>
 *
 * @param leadId the host's lead id, unique within the campaign (required)
 * @param phoneNumber the number to dial, E.164 such as {@code +14155550123} (required)
 * @param name the lead's name for the AI agent, or {@code null}
 * @param variables prompt variables for the AI agent; never {@code null}
 * @param zone the lead's time zone when the host knows it, or {@code null}: then it is taken from the number
 *        when the number maps to exactly one zone, and otherwise the lead is {@link LeadState#HELD held}
 */
public record CampaignLead(String leadId, String phoneNumber, String name, Map<String, String> variables,
                           ZoneId zone) {

    /** Validates the id and number, copies the variables. */
    public CampaignLead {
        Campaign.requireId(leadId, "campaign lead's leadId");
        if (!PhoneNumbers.isE164(phoneNumber)) {
            throw new InvalidPhoneNumberException("lead '" + leadId + "': phone number " + PhoneNumbers.mask(phoneNumber)
                    + " is not E.164; expected '+' then the country code and number, 7 to 15 digits, no spaces "
                    + "(e.g. +14155550123)");
        }
        if (variables == null) {
            variables = Map.of();
        } else if (variables.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
            throw new InvalidCampaignException("lead '" + leadId + "': variables must not hold null keys or values");
        } else {
            variables = Map.copyOf(variables);
        }
    }

    /**
     * @param leadId the host's lead id
     * @param phoneNumber E.164 number
     * @return a lead without name, variables or known zone
     */
    public static CampaignLead of(String leadId, String phoneNumber) {
        return new CampaignLead(leadId, phoneNumber, null, Map.of(), null);
    }

    /** @param zone the lead's time zone @return this lead with a known zone */
    public CampaignLead withZone(ZoneId zone) {
        return new CampaignLead(leadId, phoneNumber, name, variables, Objects.requireNonNull(zone, "zone"));
    }

    /** @return the lead with its number masked (all but the last four digits): leads end up in logs */
    @Override
    public String toString() {
        return "CampaignLead[leadId=" + leadId + ", phoneNumber=" + PhoneNumbers.mask(phoneNumber) + ", name=" + name
                + ", variables=" + variables + ", zone=" + zone + "]";
    }
}
