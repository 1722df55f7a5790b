package io.inmo.voice.campaign;

import io.inmo.voice.CallStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link CampaignStore} in memory, for one process (several dialers in it share it safely) and for tests.
 * Nothing survives a restart: use {@code JdbcCampaignStore} when campaigns must outlive the process or run on
 * several instances. Due leads are kept in an index ordered by due time, so a claim costs the same whatever the
 * campaign's size. Thread-safe (one lock).
 */
public final class InMemoryCampaignStore implements CampaignStore {

    private static final Comparator<LeadRecord> DUE_ORDER = Comparator.comparing(LeadRecord::nextAttemptAt)
            .thenComparingLong(LeadRecord::seq);
    private static final Comparator<LeadRecord> PAGE_ORDER = Comparator.comparing(LeadRecord::updatedAt)
            .thenComparing(LeadRecord::campaignId).thenComparing(LeadRecord::leadId);

    private final Map<String, CampaignRecord> campaigns = new LinkedHashMap<>();
    private final Map<String, Map<String, LeadRecord>> leads = new HashMap<>();
    private final Map<String, TreeSet<LeadRecord>> due = new HashMap<>();
    private final Map<String, LeadKey> byCallId = new HashMap<>();
    private final Map<String, Integer> dialingByAccount = new HashMap<>();
    private final Map<String, Deque<Instant>> dialsByAccount = new HashMap<>();
    private final Map<String, Map<String, Instant>> lastDialByAccountNumber = new HashMap<>();

    private record LeadKey(String campaignId, String leadId) {
    }

    @Override
    public synchronized void create(CampaignRecord campaign, List<LeadRecord> newLeads) {
        Objects.requireNonNull(campaign, "campaign");
        if (campaigns.containsKey(campaign.id())) {
            throw new CampaignExistsException(campaign.id());
        }
        Map<String, LeadRecord> byId = new HashMap<>();
        for (LeadRecord lead : newLeads) {
            if (!lead.campaignId().equals(campaign.id()) || byId.put(lead.leadId(), lead.withVersion(0)) != null) {
                throw new InvalidCampaignException("lead " + lead.leadId() + " is listed twice or belongs to "
                        + "campaign " + lead.campaignId() + ", not " + campaign.id());
            }
        }
        campaigns.put(campaign.id(), campaign);
        leads.put(campaign.id(), byId);
        TreeSet<LeadRecord> index = new TreeSet<>(DUE_ORDER);
        due.put(campaign.id(), index);
        for (LeadRecord lead : byId.values()) {
            index(lead, index);
            if (lead.state() == LeadState.DIALING) {
                dialingByAccount.merge(campaign.pacing().account(), 1, Integer::sum);
            }
        }
    }

    @Override
    public synchronized Optional<CampaignRecord> campaign(String campaignId) {
        return Optional.ofNullable(campaigns.get(campaignId));
    }

    @Override
    public synchronized List<CampaignRecord> runningCampaigns() {
        return campaigns.values().stream().filter(c -> c.state() == CampaignState.RUNNING).toList();
    }

    @Override
    public synchronized boolean setState(String campaignId, CampaignState expected, CampaignState next) {
        CampaignRecord c = campaigns.get(campaignId);
        if (c == null || c.state() != expected) {
            return false;
        }
        campaigns.put(campaignId, c.withState(next));
        return true;
    }

    @Override
    public synchronized List<LeadRecord> claim(ClaimRequest r) {
        CampaignRecord campaign = campaigns.get(r.campaignId());
        if (campaign == null || campaign.state() != CampaignState.RUNNING) {
            return List.of();
        }
        Deque<Instant> dials = dialsByAccount.computeIfAbsent(r.account(), a -> new ArrayDeque<>());
        // Campaigns of one account may use different rate windows: keep a day of dials (the longest window
        // Pacing allows) and count this request's window from the newest end, at most maxCalls steps.
        Instant horizon = r.now().minus(Pacing.MAX_RATE_WINDOW);
        while (!dials.isEmpty() && !dials.peekFirst().isAfter(horizon)) {
            dials.pollFirst();
        }
        Instant windowStart = r.now().minus(r.per());
        int recent = 0;
        for (Iterator<Instant> it = dials.descendingIterator(); it.hasNext() && recent < r.maxCalls(); recent++) {
            if (!it.next().isAfter(windowStart)) {
                break;
            }
        }
        int live = dialingByAccount.getOrDefault(r.account(), 0);
        int n = Math.min(r.limit(), Math.min(r.maxConcurrent() - live, r.maxCalls() - recent));
        if (n <= 0) {
            return List.of();
        }
        Map<String, Instant> lastDial = lastDialByAccountNumber.computeIfAbsent(r.account(), a -> new HashMap<>());
        Instant gapStart = r.now().minus(r.minGapPerNumber());
        List<LeadRecord> picked = new ArrayList<>();
        Set<String> numbers = new HashSet<>();
        for (Iterator<LeadRecord> it = due.get(r.campaignId()).iterator(); it.hasNext() && picked.size() < n; ) {
            LeadRecord lead = it.next();
            if (lead.nextAttemptAt().isAfter(r.now())) {
                break;
            }
            String number = lead.lead().phoneNumber();
            Instant last = lastDial.get(number);
            if ((last != null && last.isAfter(gapStart)) || !numbers.add(number)) {
                continue;
            }
            picked.add(lead);
        }
        List<LeadRecord> claimed = new ArrayList<>(picked.size());
        for (LeadRecord lead : picked) {
            LeadRecord next = lead.moveTo(LeadState.DIALING, null, r.now()).withCall(null, lead.attempts());
            put(lead, next.withVersion(lead.version() + 1));
            claimed.add(next.withVersion(lead.version() + 1));
            dials.addLast(r.now());
            lastDial.put(lead.lead().phoneNumber(), r.now());
        }
        return claimed;
    }

    @Override
    public synchronized boolean compareAndSet(LeadRecord expected, LeadRecord next) {
        Map<String, LeadRecord> byId = leads.get(expected.campaignId());
        LeadRecord stored = byId == null ? null : byId.get(expected.leadId());
        if (stored == null || stored.version() != expected.version()
                || !next.campaignId().equals(stored.campaignId()) || !next.leadId().equals(stored.leadId())) {
            return false;
        }
        put(stored, next.withVersion(stored.version() + 1));
        return true;
    }

    @Override
    public synchronized Optional<LeadRecord> lead(String campaignId, String leadId) {
        Map<String, LeadRecord> byId = leads.get(campaignId);
        return Optional.ofNullable(byId == null ? null : byId.get(leadId));
    }

    @Override
    public synchronized Optional<LeadRecord> leadByCallId(String callId) {
        LeadKey key = byCallId.get(callId);
        return key == null ? Optional.empty() : lead(key.campaignId(), key.leadId());
    }

    @Override
    public synchronized List<LeadRecord> leads(String campaignId, LeadState state, int limit) {
        Map<String, LeadRecord> byId = leads.getOrDefault(campaignId, Map.of());
        return byId.values().stream().filter(l -> l.state() == state).sorted(Comparator.comparingLong(LeadRecord::seq))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<LeadRecord> dialingUpdatedBefore(Instant updatedBefore, LeadRecord after, int limit) {
        return leads.values().stream().flatMap(m -> m.values().stream())
                .filter(l -> l.state() == LeadState.DIALING && l.updatedAt().isBefore(updatedBefore))
                .filter(l -> after == null || PAGE_ORDER.compare(l, after) > 0)
                .sorted(PAGE_ORDER).limit(limit).toList();
    }

    @Override
    public synchronized int cancelDueLeads(String campaignId, Instant at) {
        TreeSet<LeadRecord> index = due.get(campaignId);
        if (index == null) {
            return 0;
        }
        List<LeadRecord> open = new ArrayList<>(index);
        for (LeadRecord lead : open) {
            put(lead, lead.moveTo(LeadState.CANCELED, null, at).withReason("campaign canceled")
                    .withVersion(lead.version() + 1));
        }
        return open.size();
    }

    @Override
    public synchronized Counts counts(String campaignId) {
        Map<LeadState, Long> byState = new EnumMap<>(LeadState.class);
        Map<CallStatus, Long> done = new EnumMap<>(CallStatus.class);
        Map<CallStatus, Long> exhausted = new EnumMap<>(CallStatus.class);
        for (LeadRecord l : leads.getOrDefault(campaignId, Map.of()).values()) {
            byState.merge(l.state(), 1L, Long::sum);
            if (l.state() == LeadState.DONE && l.lastOutcome() != null) {
                done.merge(l.lastOutcome(), 1L, Long::sum);
            } else if (l.state() == LeadState.EXHAUSTED && l.lastOutcome() != null) {
                exhausted.merge(l.lastOutcome(), 1L, Long::sum);
            }
        }
        return new Counts(byState, done, exhausted);
    }

    /** Replaces a stored lead, keeping the due index, the call index and the account's live count in step. */
    private void put(LeadRecord old, LeadRecord next) {
        leads.get(old.campaignId()).put(next.leadId(), next);
        TreeSet<LeadRecord> index = due.get(old.campaignId());
        if (old.state().isDue()) {
            index.remove(old);
        }
        index(next, index);
        String account = campaigns.get(old.campaignId()).pacing().account();
        int delta = (next.state() == LeadState.DIALING ? 1 : 0) - (old.state() == LeadState.DIALING ? 1 : 0);
        if (delta != 0) {
            dialingByAccount.merge(account, delta, Integer::sum);
        }
    }

    private void index(LeadRecord lead, TreeSet<LeadRecord> index) {
        if (lead.state().isDue()) {
            index.add(lead);
        }
        if (lead.callId() != null) {
            byCallId.put(lead.callId(), new LeadKey(lead.campaignId(), lead.leadId()));
        }
    }
}
