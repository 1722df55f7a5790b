package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.jdbc.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcCampaignStoreTest extends CampaignStoreContract {

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

    static void truncate(PostgresTestDatabase db) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE voice_campaign_lead, voice_campaign, voice_campaign_account, voice_campaign_dial, "
                    + "voice_campaign_number");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected CampaignStore newStore() {
        truncate(db);
        return JdbcCampaignStore.builder(db.dataSource()).build();
    }

    @Test
    void should_apply_the_schema_twice_without_harm() {
        CampaignStore again = JdbcCampaignStore.builder(db.dataSource()).createSchema(true).build();

        again.create(campaign("c", "acct"), leads("c", 2));
        assertThat(again.counts("c").of(LeadState.PENDING)).isEqualTo(2);
    }

    @Test
    void should_refuse_to_build_on_a_database_without_the_tables_and_name_the_sql_to_apply() {
        try (PostgresTestDatabase empty = PostgresTestDatabase.create()) {
            assertThatThrownBy(() -> JdbcCampaignStore.builder(empty.dataSource()).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(JdbcCampaignStore.SCHEMA_RESOURCE);
        }
    }
}
