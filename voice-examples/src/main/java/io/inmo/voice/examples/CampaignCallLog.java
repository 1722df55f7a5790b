package io.inmo.voice.examples;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the campaign demo measures its limits from: the service's {@link CallListener} timeline, as a host's
 * activity log would see it, not the dialer's own bookkeeping.
 */
final class CampaignCallLog implements CallListener {

    /** One dial. */
    record Dial(String leadId, Instant at) {
    }

    private final List<Dial> dials = new ArrayList<>();
    private final Set<String> live = new HashSet<>();
    private int maxLive;

    @Override
    public synchronized void onActivity(CallActivity a) {
        if (a.type() == CallActivity.Type.INITIATED) {
            dials.add(new Dial(a.call().leadId(), a.at()));
            live.add(a.call().callId());
            maxLive = Math.max(maxLive, live.size());
        } else if (a.call().isTerminal()) {
            live.remove(a.call().callId());
        }
    }

    synchronized List<Dial> dials() {
        return List.copyOf(dials);
    }

    synchronized int live() {
        return live.size();
    }

    synchronized int maxLive() {
        return maxLive;
    }

    /** @return the most dials in any window {@code [t, t + per)} */
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
}
