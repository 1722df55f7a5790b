package io.inmo.voice.campaign;

import io.inmo.voice.internal.PhoneNumbers;
import io.inmo.voice.campaign.internal.Zones;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A campaign's leads as first stored: each in its time zone (given, or the single one its number maps to) and
 * due at its window's next opening; a lead whose zone cannot be told, or whose window never opens, is held.
 */
final class Enrollment {

    private static final Logger log = LoggerFactory.getLogger(Enrollment.class);

    private Enrollment() {
    }

    static List<LeadRecord> records(Campaign campaign, Instant now) {
        List<LeadRecord> records = new ArrayList<>(campaign.leads().size());
        long seq = 0;
        for (CampaignLead lead : campaign.leads()) {
            ZoneId zone = lead.zone();
            String problem = null;
            if (zone == null) {
                Zones.Resolution resolved = Zones.of(lead.phoneNumber());
                zone = resolved.zone();
                problem = resolved.problem();
            }
            Instant opening = zone == null ? null : campaign.window().nextOpening(now, zone).orElse(null);
            if (zone != null && opening == null) {
                problem = "the calling window never opens again in " + zone;
            }
            LeadState state = problem != null ? LeadState.HELD
                    : opening.equals(now) ? LeadState.PENDING : LeadState.WAITING_FOR_WINDOW;
            if (state == LeadState.HELD) {
                log.warn("campaign {} lead {} ({}) is held, not dialed: {}", campaign.id(), lead.leadId(),
                        PhoneNumbers.mask(lead.phoneNumber()), problem);
            }
            records.add(new LeadRecord(campaign.id(), seq++, lead, zone, state, 0,
                    state == LeadState.HELD ? null : opening, null, null, problem, now, 0));
        }
        return records;
    }
}
