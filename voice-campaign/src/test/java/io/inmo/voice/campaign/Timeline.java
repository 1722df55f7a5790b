package io.inmo.voice.campaign;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the services reported, as a host's activity log would see it: every dial (INITIATED) and every end. The
 * limits are measured from here, not from the dialer's own bookkeeping.
 */
final class Timeline implements CallListener {

    record Dial(String leadId, String callId, Instant at) {
    }

    private final List<Dial> dials = new ArrayList<>();
    private final Set<String> live = new HashSet<>();
    private int maxLive;

    @Override
    public synchronized void onActivity(CallActivity a) {
        if (a.type() == CallActivity.Type.INITIATED) {
            dials.add(new Dial(a.call().leadId(), a.call().callId(), a.at()));
            live.add(a.call().callId());
            maxLive = Math.max(maxLive, live.size());
        } else if (a.call().isTerminal()) {
            live.remove(a.call().callId());
        }
    }

    synchronized List<Dial> dials() {
        return List.copyOf(dials);
    }

    synchronized int maxLive() {
        return maxLive;
    }

    synchronized int live() {
        return live.size();
    }

    /** @return the most dials in any half-open window {@code [t, t + per)} */
    synchronized int maxDialsIn(Duration per) {
        List<Instant> at = dials.stream().map(Dial::at).sorted().toList();
        int max = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (j < at.size() && at.get(j).isBefore(at.get(i).plus(per))) {
                j++;
            }
            max = Math.max(max, j - i);
        }
        return max;
    }

    synchronized Map<String, List<Instant>> dialsByLead() {
        Map<String, List<Instant>> by = new HashMap<>();
        dials.forEach(d -> by.computeIfAbsent(d.leadId(), k -> new ArrayList<>()).add(d.at()));
        return by;
    }
}
