package io.inmo.voice.examples;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo CRM's leads, in memory, with their scores. Score changes are recorded per call id, so applying
 * the change of one call twice (a summary hook re-run after a crash) changes the score once. Thread-safe.
 */
public final class LeadStore {

    /** Lowest lead score. */
    public static final int MIN_SCORE = 0;
    /** Highest lead score. */
    public static final int MAX_SCORE = 100;

    private final Map<String, Lead> leads;
    private final List<String> order;
    private final Map<String, Integer> scores = new HashMap<>();
    private final Map<String, Integer> changeByCall = new HashMap<>();

    /** @param leads the leads, in display order; ids must be unique */
    public LeadStore(Collection<Lead> leads) {
        Map<String, Lead> byId = new LinkedHashMap<>();
        for (Lead lead : leads) {
            if (byId.putIfAbsent(lead.id(), lead) != null) {
                throw new IllegalArgumentException("duplicate lead id " + lead.id());
            }
            scores.put(lead.id(), lead.initialScore());
        }
        this.leads = Map.copyOf(byId);
        this.order = List.copyOf(byId.keySet());
    }

    /** @param id lead id @return the lead, if known */
    public Optional<Lead> find(String id) {
        return Optional.ofNullable(id == null ? null : leads.get(id));
    }

    /** @return every lead, in the order given at construction */
    public List<Lead> all() {
        List<Lead> all = new ArrayList<>(order.size());
        order.forEach(id -> all.add(leads.get(id)));
        return all;
    }

    /** @param leadId lead id @return its current score @throws IllegalArgumentException for an unknown lead */
    public synchronized int score(String leadId) {
        Integer score = scores.get(leadId);
        if (score == null) {
            throw new IllegalArgumentException("unknown lead " + leadId);
        }
        return score;
    }

    /**
     * Applies the score change one call earned, once per call.
     *
     * @param leadId the lead
     * @param callId the call that earned it; a second change for the same call is ignored
     * @param delta points to add (negative to subtract); the score stays within 0..100
     * @return the lead's score afterwards
     */
    public synchronized int applyScoreChange(String leadId, String callId, int delta) {
        int current = score(leadId);
        if (changeByCall.putIfAbsent(callId, delta) != null) {
            return current;
        }
        int next = Math.max(MIN_SCORE, Math.min(MAX_SCORE, current + delta));
        scores.put(leadId, next);
        return next;
    }
}
