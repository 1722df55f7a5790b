package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.jdbc.HeldLock;
import io.inmo.voice.jdbc.PostgresTestDatabase;
import io.inmo.voice.jdbc.internal.StatementDeadlines;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query timeout of {@link JdbcCampaignStore} on a real PostgreSQL: a claim that waits for its pacing
 * account's row, locked by a transaction elsewhere (a host transaction, a hung instance). The watchdog's clock is
 * the test's and the test ticks it; its thread never runs.
 */
class JdbcCampaignQueryTimeoutTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String ACCOUNT = "acct";

    private static PostgresTestDatabase db;

    private final AtomicLong nanos = new AtomicLong();
    private final StatementDeadlines deadlines = new StatementDeadlines(Duration.ofSeconds(5), nanos::get, d -> {
        throw new AssertionError("the test ticks by hand");
    }, task -> { }, Runnable::run, StatementDeadlines.DRIVER);
    private final ExecutorService dispatcherThread = Executors.newSingleThreadExecutor();
    private JdbcCampaignStore store;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create();
        JdbcCampaignStore.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @BeforeEach
    void newStore() {
        JdbcCampaignStoreTest.truncate(db);
        store = JdbcCampaignStore.builder(db.dataSource()).statementDeadlines(deadlines).build();
    }

    @AfterEach
    void stopDispatcherThread() {
        dispatcherThread.shutdownNow();
    }

    /** Locks the account's row in a transaction of its own, as another instance's claim would while it runs. */
    private static HeldLock lockAccount() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO voice_campaign_account (account) VALUES ('" + ACCOUNT + "') ON CONFLICT DO NOTHING");
        }
        return HeldLock.hold(db.dataSource(), "SELECT account FROM voice_campaign_account WHERE account = ? FOR UPDATE",
                ACCOUNT);
    }

    private static long dials() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM voice_campaign_dial) "
                     + "+ (SELECT count(*) FROM voice_campaign_number)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static CampaignStore.ClaimRequest claimAll() {
        return CampaignStoreContract.claim("c", ACCOUNT, CampaignStoreContract.T0, 10, 10, Duration.ZERO, 10);
    }

    @Test
    void should_fail_a_claim_with_503_and_claim_nothing_when_its_account_lock_outlasts_the_query_timeout()
            throws Exception {
        // given a campaign of three due leads, and a transaction elsewhere holding its account's row
        store.create(CampaignStoreContract.campaign("c", ACCOUNT), CampaignStoreContract.leads("c", 3));
        Throwable error;
        try (HeldLock lock = lockAccount()) {

            // when the dispatcher thread claims, waits for the lock, and the watchdog ticks past the timeout
            Future<List<LeadRecord>> claim = dispatcherThread.submit(() -> store.claim(claimAll()));
            lock.awaitWaiter();
            assertThat(deadlines.tick(nanos.addAndGet(5 * SECOND - 1))).isZero();
            assertThat(deadlines.tick(nanos.addAndGet(1))).isEqualTo(1);
            error = HeldLock.failureOf(claim);
        }

        // then the claim fails with a 503 that says what failed and why, and nothing was claimed or counted
        assertThat(error).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("store_unavailable");
        }).hasMessageStartingWith("campaign store: could not claim due leads of campaign c on account acct "
                + "(SQLState 57014: the statement ran longer than the query timeout (5 s) and was canceled); ")
                .hasMessageContaining("another transaction may hold a lock")
                .hasMessageContaining("retrying later is safe");
        assertThat(store.counts("c").of(LeadState.PENDING)).isEqualTo(3);
        assertThat(store.counts("c").of(LeadState.DIALING)).isZero();
        assertThat(dials()).isZero();
        assertThat(deadlines.pending()).isZero();

        // and once the lock is gone the same claim goes through
        assertThat(store.claim(claimAll())).extracting(LeadRecord::leadId)
                .containsExactly("lead-0", "lead-1", "lead-2");
    }

    @Test
    void should_free_the_dispatcher_thread_when_a_claim_outlasts_the_query_timeout() throws Exception {
        // given a running campaign on a dialer over the store, and its account's row locked elsewhere
        MutableClock clock = new MutableClock(CampaignStoreContract.T0);
        DialerHarness h = new DialerHarness(clock, store, Map.of());
        CampaignDialer dialer = h.addNode(DialGuard.allowAll()).dialer();
        dialer.start(Campaign.builder().id("c").brokerId(DialerHarness.BROKER).window(CallingWindow.usTcpa())
                .pacing(Pacing.builder().account(ACCOUNT).build())
                .lead(CampaignLead.of("lead-1", "+12125550001")).build());
        Future<Integer> dispatch;
        try (HeldLock lock = lockAccount()) {

            // when the host's dispatcher thread dispatches while the lock is held past the query timeout
            dispatch = dispatcherThread.submit(dialer::dispatchDue);
            lock.awaitWaiter();
            assertThat(deadlines.tick(nanos.addAndGet(5 * SECOND))).isEqualTo(1);

            // then the dispatch returns, having placed nothing, while the lock is still held
            assertThat(HeldLock.failureOf(dispatch)).isNull();
            assertThat(dispatch.get()).isZero();
        }
        assertThat(dialer.progress("c").pending()).isEqualTo(1);

        // and the next dispatch, with the lock gone, dials the lead
        assertThat(dialer.dispatchDue()).isEqualTo(1);
    }
}
