package io.inmo.voice.benchmarks;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallActivity;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.campaign.CallingWindow;
import io.inmo.voice.campaign.Campaign;
import io.inmo.voice.campaign.CampaignDialer;
import io.inmo.voice.campaign.CampaignLead;
import io.inmo.voice.campaign.CampaignStore;
import io.inmo.voice.campaign.InMemoryCampaignStore;
import io.inmo.voice.campaign.JdbcCampaignStore;
import io.inmo.voice.campaign.LeadRecord;
import io.inmo.voice.campaign.LeadState;
import io.inmo.voice.campaign.Pacing;
import io.inmo.voice.campaign.RetryPolicy;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.inmo.voice.webhook.WebhookVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code CampaignDialer.dispatchDue()} per due lead, in a campaign of 1,000 and of 1,000,000 leads, on
 * {@link InMemoryCampaignStore} and on {@link JdbcCampaignStore} (an embedded PostgreSQL the benchmark starts; the
 * million leads are inserted with one {@code generate_series} statement), with the fake provider delivering its
 * webhooks at once, so every call ends inside the dispatch. One operation dispatches {@value #PER_DISPATCH} due leads (claim, window, guard, initiate, the call's
 * webhooks, the lead's outcome) and puts them back to PENDING so the campaign never runs dry; the score is per
 * lead. The target: the cost per lead at 1M within 1.5x of the cost at 1k. {@link #claimAndRelease} times the
 * store's share alone (claim {@value #PER_DISPATCH} due leads, give them back), the part that could grow with the
 * campaign; in {@link #dispatchDue} the call itself (fake provider, webhooks, state machine) dominates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class CampaignDispatchBenchmark {

    static final int PER_DISPATCH = 10;
    private static final String BROKER = "broker-bench";
    private static final ZoneId ZONE = ZoneId.of("Europe/Madrid");

    @Param({"1000", "1000000"})
    public int leads;

    @Param({"memory", "postgres"})
    public String storeKind;

    private EmbeddedPostgres postgres;
    private HikariDataSource pool;

    private final TickingClock clock = new TickingClock(Instant.parse("2026-06-08T10:00:00Z"));
    private final List<String> ended = new ArrayList<>();
    private CampaignStore store;
    private CampaignDialer dialer;

    /** A clock the benchmark moves one second per dispatch, so the rate window never fills. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        void tick() {
            now = now.plusSeconds(1);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Setup(Level.Trial)
    public void startCampaign() throws IOException, SQLException {
        if (storeKind.equals("postgres")) {
            postgres = EmbeddedPostgres.builder().start();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            config.setMaximumPoolSize(4);
            pool = new HikariDataSource(config);
            store = JdbcCampaignStore.builder(pool).createSchema(true).build();
        } else {
            store = new InMemoryCampaignStore();
        }
        boolean bulk = storeKind.equals("postgres");
        int listed = bulk ? 1 : leads;
        List<CampaignLead> list = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            list.add(new CampaignLead("lead-" + i, "+3491" + String.format("%07d", i), null, Map.of(), ZONE));
        }
        buildDialer();
        dialer.start(Campaign.builder().id("bench").brokerId(BROKER).leads(list)
                .window(CallingWindow.of(EnumSet.allOf(DayOfWeek.class), LocalTime.MIN, LocalTime.MAX))
                .retryPolicy(RetryPolicy.none())
                .pacing(Pacing.builder().maxConcurrent(PER_DISPATCH).rate(1_000, Duration.ofMillis(1))
                        .minGapPerNumber(Duration.ZERO).build())
                .build());
        if (bulk) {
            insertLeads(leads - 1);
        }
    }

    /** The other leads of the PostgreSQL campaign, in one statement (a million one by one would take minutes). */
    private void insertLeads(int n) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO voice_campaign_lead (campaign_id, lead_id, seq, "
                     + "account, phone_number, name, variable_keys, variable_values, given_zone, zone, state, attempts, "
                     + "next_attempt_at, call_id, last_outcome, reason, updated_at, version) "
                     + "SELECT 'bench', 'lead-' || g, g, ?, '+3491' || lpad(g::text, 7, '0'), NULL, '{}', '{}', "
                     + "?, ?, 'PENDING', 0, ?, NULL, NULL, NULL, ?, 0 FROM generate_series(1, ?) g")) {
            ps.setString(1, BROKER);
            ps.setString(2, ZONE.getId());
            ps.setString(3, ZONE.getId());
            ps.setObject(4, clock.instant().atOffset(ZoneOffset.UTC));
            ps.setObject(5, clock.instant().atOffset(ZoneOffset.UTC));
            ps.setInt(6, n);
            ps.executeUpdate();
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE voice_campaign_lead");
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopDatabase() throws IOException {
        if (pool != null) {
            pool.close();
            postgres.close();
        }
    }

    /** A fresh call repository every iteration: the in-memory one keeps every call, and this places millions. */
    @Setup(Level.Iteration)
    public void buildDialer() {
        AtomicReference<VoiceCallService> service = new AtomicReference<>();
        AtomicReference<WebhookNormalizer> normalizer = new AtomicReference<>();
        FakeVoiceProvider fake = FakeVoiceProvider.builder().clock(clock)
                .sink((h, body) -> service.get().handle(normalizer.get().normalize(FakeVoiceProvider.ID, h, body)))
                .build();
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        normalizer.set(WebhookNormalizer.builder().providerFactory(providers)
                .verifier(FakeVoiceProvider.ID, WebhookVerifier.none()).build());
        CampaignDialer.Builder campaigns = CampaignDialer.builder().store(store).clock(clock)
                .claimLimit(PER_DISPATCH);
        service.set(VoiceCallService.builder().repository(new InMemoryCallRepository()).providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .listener(activity -> {
                    campaigns.callListener().onActivity(activity);
                    if (activity.type() == CallActivity.Type.CALL_ENDED) {
                        ended.add(activity.call().leadId());
                    }
                })
                .executor(Runnable::run).clock(clock).build());
        dialer = campaigns.calls(service.get()).build();
    }

    @Benchmark
    @OperationsPerInvocation(PER_DISPATCH)
    public int dispatchDue() {
        clock.tick();
        int placed = dialer.dispatchDue();
        // Put the leads just called back in the queue (behind the others), so the campaign keeps its size.
        for (String leadId : ended) {
            LeadRecord done = store.lead("bench", leadId).orElseThrow();
            store.compareAndSet(done, done.moveTo(LeadState.PENDING, clock.instant(), clock.instant()));
        }
        ended.clear();
        if (placed != PER_DISPATCH) {
            throw new IllegalStateException("dispatched " + placed + " leads, expected " + PER_DISPATCH);
        }
        return placed;
    }

    @Benchmark
    @OperationsPerInvocation(PER_DISPATCH)
    public int claimAndRelease() {
        clock.tick();
        List<LeadRecord> claimed = store.claim(new CampaignStore.ClaimRequest("bench", BROKER, clock.instant(),
                PER_DISPATCH, 1_000, Duration.ofMillis(1), Duration.ZERO, PER_DISPATCH));
        for (LeadRecord lead : claimed) {
            store.compareAndSet(lead, lead.moveTo(LeadState.PENDING, clock.instant(), clock.instant()));
        }
        if (claimed.size() != PER_DISPATCH) {
            throw new IllegalStateException("claimed " + claimed.size() + " leads, expected " + PER_DISPATCH);
        }
        return claimed.size();
    }
}
