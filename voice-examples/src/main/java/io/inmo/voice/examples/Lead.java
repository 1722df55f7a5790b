package io.inmo.voice.examples;

import io.inmo.voice.CallTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A lead of the demo CRM: who to call, for which broker, about which property.
 *
 * @param id the lead id used in {@code POST /api/v1/calls/initiate}
 * @param name the lead's full name
 * @param phoneNumber the number to dial (E.164), or {@code null} when the CRM has none
 * @param brokerId the broker whose voice provider calls this lead
 * @param property what the lead asked about (a prompt variable for the AI agent)
 * @param initialScore the lead score before any call, 0 to 100
 */
public record Lead(String id, String name, String phoneNumber, String brokerId, String property, int initialScore) {

    /** Validates the required fields. */
    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(brokerId, "brokerId");
        if (initialScore < LeadStore.MIN_SCORE || initialScore > LeadStore.MAX_SCORE) {
            throw new IllegalArgumentException("initialScore must be 0..100, was " + initialScore);
        }
    }

    /**
     * What to call for this lead: its number, its broker, and its name and property as prompt variables.
     * A missing number is refused by {@link CallTarget} and a non-E.164 one by {@code initiate()} (400), before
     * anything is dialed.
     *
     * @return the call target
     */
    public CallTarget callTarget() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("customerName", name);
        if (property != null) {
            variables.put("property", property);
        }
        return new CallTarget(id, brokerId, phoneNumber, name, variables);
    }
}
