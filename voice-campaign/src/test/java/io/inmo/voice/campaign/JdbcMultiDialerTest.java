package io.inmo.voice.campaign;

import io.inmo.voice.jdbc.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The multi-dialer and restart scenarios over PostgreSQL: several dialers, one database. */
class JdbcMultiDialerTest extends MultiDialerTest {

    static PostgresTestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = PostgresTestDatabase.create();
        JdbcCampaignStore.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @Override
    protected int leadCount() {
        return 30; // every claim is a transaction: fewer leads keep the build fast, the limits are as tight
    }

    @Override
    protected CampaignStore newStore() {
        JdbcCampaignStoreTest.truncate(db);
        return JdbcCampaignStore.builder(db.dataSource()).build();
    }
}
