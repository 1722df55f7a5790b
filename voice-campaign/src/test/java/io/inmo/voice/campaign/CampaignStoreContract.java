package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CampaignStore} must do; each implementation's test extends this with a fresh store. */
abstract class CampaignStoreContract {

    static final Instant T0 = Instant.parse("2026-06-10T14:00:00Z");
    static final ZoneId NY = ZoneId.of("America/New_York");

    CampaignStore store;

    /** @return a new, empty store */
    protected abstract CampaignStore newStore();

    @BeforeEach
    void setUpStore() {
        store = newStore();
    }

    static CampaignRecord campaign(String id, String account) {
        Campaign c = Campaign.builder().id(id).brokerId("broker-1").window(CallingWindow.usTcpa())
                .pacing(Pacing.builder().account(account).build()).lead(CampaignLead.of("x", "+12125550000")).build();
        return CampaignRecord.of(c, T0);
    }

    static LeadRecord lead(String campaignId, int seq, String number, Instant due) {
        return new LeadRecord(campaignId, seq, new CampaignLead("lead-" + seq, number, "Name " + seq,
                java.util.Map.of("k", "v" + seq), null), NY, LeadState.PENDING, 0, due, null, null, null, T0, 0);
    }

    static List<LeadRecord> leads(String campaignId, int n) {
        List<LeadRecord> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leads.add(lead(campaignId, i, "+1212555" + String.format("%04d", i), T0));
        }
        return leads;
    }

    static CampaignStore.ClaimRequest claim(String campaignId, String account, Instant now, int maxConcurrent,
                                            int maxCalls, Duration gap, int limit) {
        return new CampaignStore.ClaimRequest(campaignId, account, now, maxConcurrent, maxCalls, Duration.ofSeconds(1),
                gap, limit);
    }

    @Test
    void should_store_a_campaign_and_its_leads_and_refuse_the_same_id_twice() {
        store.create(campaign("c", "acct"), leads("c", 3));

        assertThat(store.campaign("c")).get().extracting(CampaignRecord::state).isEqualTo(CampaignState.RUNNING);
        LeadRecord read = store.lead("c", "lead-1").orElseThrow();
        assertThat(read).isEqualTo(lead("c", 1, "+12125550001", T0));
        assertThat(store.campaign("c").orElseThrow().window()).isEqualTo(CallingWindow.usTcpa());
        assertThat(store.campaign("c").orElseThrow().retryPolicy()).isEqualTo(RetryPolicy.builder().build());
        assertThatThrownBy(() -> store.create(campaign("c", "acct"), leads("c", 1)))
                .isInstanceOf(CampaignExistsException.class);
        assertThat(store.counts("c").of(LeadState.PENDING)).isEqualTo(3);
    }

    @Test
    void should_claim_due_leads_in_order_within_concurrency_and_rate() {
        store.create(campaign("c", "acct"), leads("c", 10));

        List<LeadRecord> first = store.claim(claim("c", "acct", T0, 3, 2, Duration.ZERO, 100));
        assertThat(first).extracting(LeadRecord::leadId).containsExactly("lead-0", "lead-1");
        assertThat(first).allSatisfy(l -> assertThat(l.state()).isEqualTo(LeadState.DIALING));
        assertThat(store.claim(claim("c", "acct", T0.plusMillis(500), 3, 2, Duration.ZERO, 100))).isEmpty(); // rate
        assertThat(store.claim(claim("c", "acct", T0.plusSeconds(1), 3, 2, Duration.ZERO, 100)))
                .extracting(LeadRecord::leadId).containsExactly("lead-2"); // concurrency: 3 live
        assertThat(store.claim(claim("c", "acct", T0.plusSeconds(5), 3, 2, Duration.ZERO, 100))).isEmpty();

        LeadRecord live = store.lead("c", "lead-0").orElseThrow();
        assertThat(store.compareAndSet(live, live.withOutcome(CallStatus.COMPLETED).moveTo(LeadState.DONE, null,
                T0.plusSeconds(5)))).isTrue();
        assertThat(store.claim(claim("c", "acct", T0.plusSeconds(6), 3, 2, Duration.ZERO, 100)))
                .extracting(LeadRecord::leadId).containsExactly("lead-3");
    }

    @Test
    void should_share_limits_between_campaigns_of_one_account_but_not_other_accounts() {
        store.create(campaign("a", "acct"), leads("a", 5));
        store.create(campaign("b", "acct"), leads("b", 5));
        store.create(campaign("other", "acct-2"), leads("other", 5));

        assertThat(store.claim(claim("a", "acct", T0, 2, 10, Duration.ZERO, 100))).hasSize(2);
        assertThat(store.claim(claim("b", "acct", T0, 2, 10, Duration.ZERO, 100))).isEmpty();
        assertThat(store.claim(claim("other", "acct-2", T0, 2, 10, Duration.ZERO, 100))).hasSize(2);
    }

    @Test
    void should_not_claim_leads_not_yet_due_paused_campaigns_or_a_number_within_its_gap() {
        List<LeadRecord> leads = new ArrayList<>(List.of(lead("c", 0, "+12125550000", T0),
                lead("c", 1, "+12125550000", T0), lead("c", 2, "+12125550002", T0.plusSeconds(60))));
        store.create(campaign("c", "acct"), leads);

        assertThat(store.setState("c", CampaignState.RUNNING, CampaignState.PAUSED)).isTrue();
        assertThat(store.claim(claim("c", "acct", T0, 5, 5, Duration.ofSeconds(10), 100))).isEmpty();
        assertThat(store.setState("c", CampaignState.RUNNING, CampaignState.PAUSED)).isFalse();
        assertThat(store.setState("c", CampaignState.PAUSED, CampaignState.RUNNING)).isTrue();

        assertThat(store.claim(claim("c", "acct", T0, 5, 5, Duration.ofSeconds(10), 100)))
                .extracting(LeadRecord::leadId).containsExactly("lead-0");
        assertThat(store.claim(claim("c", "acct", T0.plusSeconds(9), 5, 5, Duration.ofSeconds(10), 100))).isEmpty();
        assertThat(store.claim(claim("c", "acct", T0.plusSeconds(10), 5, 5, Duration.ofSeconds(10), 100)))
                .extracting(LeadRecord::leadId).containsExactly("lead-1");
        assertThat(store.claim(claim("c", "acct", T0.plusSeconds(60), 5, 5, Duration.ofSeconds(10), 100)))
                .extracting(LeadRecord::leadId).containsExactly("lead-2");
    }

    @Test
    void should_compare_and_set_on_version_and_find_a_lead_by_its_call() {
        store.create(campaign("c", "acct"), leads("c", 1));
        LeadRecord claimed = store.claim(claim("c", "acct", T0, 5, 5, Duration.ZERO, 1)).get(0);

        LeadRecord attached = claimed.withCall("call-9", 1);
        assertThat(store.compareAndSet(claimed, attached)).isTrue();
        assertThat(store.compareAndSet(claimed, attached)).isFalse(); // stale version
        LeadRecord byCall = store.leadByCallId("call-9").orElseThrow();
        assertThat(byCall.version()).isEqualTo(claimed.version() + 1);
        assertThat(byCall.attempts()).isEqualTo(1);
        assertThat(store.leadByCallId("nope")).isEmpty();
        assertThat(store.dialingUpdatedBefore(T0.plusSeconds(1), 10)).extracting(LeadRecord::leadId)
                .containsExactly("lead-0");
        assertThat(store.dialingUpdatedBefore(T0, 10)).isEmpty();
    }

    @Test
    void should_cancel_due_leads_only_and_count_by_state_and_outcome() {
        store.create(campaign("c", "acct"), leads("c", 4));
        List<LeadRecord> claimed = store.claim(claim("c", "acct", T0, 5, 5, Duration.ZERO, 2));
        LeadRecord done = claimed.get(0);
        store.compareAndSet(done, done.withOutcome(CallStatus.BUSY).moveTo(LeadState.DONE, null, T0));

        assertThat(store.cancelDueLeads("c", T0.plusSeconds(1))).isEqualTo(2);

        CampaignStore.Counts counts = store.counts("c");
        assertThat(counts.of(LeadState.CANCELED)).isEqualTo(2);
        assertThat(counts.of(LeadState.DIALING)).isEqualTo(1);
        assertThat(counts.doneByOutcome()).containsEntry(CallStatus.BUSY, 1L);
        assertThat(store.leads("c", LeadState.CANCELED, 10)).extracting(LeadRecord::leadId)
                .containsExactly("lead-2", "lead-3");
    }

    @Test
    void should_never_hand_one_lead_to_two_concurrent_claims_nor_pass_the_limit() throws Exception {
        store.create(campaign("c", "acct"), leads("c", 40));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<LeadRecord>>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> store.claim(claim("c", "acct", T0, 12, 100, Duration.ZERO, 5)));
            }
            Set<String> seen = new HashSet<>();
            int total = 0;
            for (Future<List<LeadRecord>> f : threads.invokeAll(claims)) {
                for (LeadRecord l : f.get()) {
                    assertThat(seen.add(l.leadId())).as(l.leadId()).isTrue();
                    total++;
                }
            }
            assertThat(total).isEqualTo(12);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void should_store_nothing_of_a_campaign_whose_leads_cannot_be_stored() {
        LeadRecord lead = lead("c", 0, "+12125550000", T0);
        assertThatThrownBy(() -> store.create(campaign("c", "acct"), java.util.List.of(lead, lead)))
                .isInstanceOf(InvalidCampaignException.class);

        assertThat(store.campaign("c")).isEmpty();
        store.create(campaign("c", "acct"), leads("c", 1));
        assertThat(store.claim(claim("c", "acct", T0, 1, 1, Duration.ZERO, 1))).hasSize(1);
    }

    @Test
    void should_page_quiet_dialing_leads_past_the_previous_page() {
        // given five DIALING leads, claimed at two different times
        store.create(campaign("c", "acct"), leads("c", 5));
        store.claim(claim("c", "acct", T0, 10, 10, Duration.ZERO, 3));
        store.claim(claim("c", "acct", T0.plusSeconds(5), 10, 10, Duration.ZERO, 10));

        // when they are read two per page
        Instant before = T0.plusSeconds(60);
        List<LeadRecord> first = store.dialingUpdatedBefore(before, null, 2);
        List<LeadRecord> second = store.dialingUpdatedBefore(before, first.get(1), 2);
        List<LeadRecord> third = store.dialingUpdatedBefore(before, second.get(1), 2);

        // then every lead comes exactly once, oldest first
        List<String> ids = new ArrayList<>();
        List.of(first, second, third).forEach(page -> page.forEach(l -> ids.add(l.leadId())));
        assertThat(ids).containsExactly("lead-0", "lead-1", "lead-2", "lead-3", "lead-4");
        assertThat(third).hasSize(1);
    }
}
