package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.jdbc.PostgresTestDatabase;
import io.inmo.voice.jdbc.SwitchableDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
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
    void should_refuse_to_build_on_an_older_schema_and_name_the_missing_column() throws SQLException {
        try (PostgresTestDatabase old = PostgresTestDatabase.create()) {
            // given the schema without a column the store writes
            JdbcCampaignStore.builder(old.dataSource()).createSchema(true).build();
            try (Connection c = old.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE voice_campaign_number DROP COLUMN last_dialed_at");
            }

            // when / then
            assertThatThrownBy(() -> JdbcCampaignStore.builder(old.dataSource()).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("table voice_campaign_number lacks a column")
                    .hasMessageContaining("last_dialed_at")
                    .hasMessageContaining(JdbcCampaignStore.SCHEMA_RESOURCE);
        }
    }

    @Test
    void should_apply_the_schema_twice_without_harm() {
        CampaignStore again = JdbcCampaignStore.builder(db.dataSource()).createSchema(true).build();

        again.create(campaign("c", "acct"), leads("c", 2));
        assertThat(again.counts("c").of(LeadState.PENDING)).isEqualTo(2);
    }

    @Test
    void should_say_which_operation_failed_and_what_to_do_when_the_database_cannot_be_reached() {
        // given a store whose pool stops handing out connections
        SwitchableDataSource dataSource = new SwitchableDataSource(db.dataSource());
        CampaignStore broken = JdbcCampaignStore.builder(dataSource).build();
        dataSource.failAfter(0);

        // when / then
        assertThatThrownBy(() -> broken.claim(claim("c", "acct", T0, 1, 1, Duration.ZERO, 1)))
                .isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(503))
                .hasMessage("campaign store: could not claim due leads of campaign c on account acct (SQLState "
                        + "08001: Connection is not available, request timed out); check that the database is "
                        + "reachable. Nothing was half-written; retrying later is safe");
        assertThatThrownBy(() -> broken.lead("c", "lead-1")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("campaign store: could not read lead lead-1 of campaign c (SQLState 08001");
    }

    @Test
    void should_say_which_constraint_a_refused_campaign_breaks_without_quoting_its_values() {
        // given
        LeadRecord lead = lead("c", 0, "+12125550000", T0);

        // when / then: a 400 that names the operation and the constraint, not the row (nor its number)
        assertThatThrownBy(() -> store.create(campaign("c", "acct"), List.of(lead, lead)))
                .isInstanceOfSatisfying(InvalidCampaignException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_campaign");
                })
                .hasMessageStartingWith("campaign store: could not create campaign c with 2 leads (SQLState 23505: "
                        + "ERROR: duplicate key value violates unique constraint \"voice_campaign_lead_pkey\")")
                .hasMessageContaining("a lead id listed twice in one campaign")
                .hasMessageNotContaining("5550000");
    }

    @Test
    void should_store_a_lead_whose_name_and_variables_hold_a_nul_instead_of_refusing_the_campaign() {
        // given free text from a CRM with a NUL, which PostgreSQL refuses in text
        LeadRecord lead = new LeadRecord("c", 0, new CampaignLead("lead-0", "+12125550000", "Ana\u0000Torres",
                java.util.Map.of("note\u0000", "calle\u00001"), null), NY, LeadState.PENDING, 0, T0, null, null,
                null, T0, 0);

        // when
        store.create(campaign("c", "acct"), List.of(lead));

        // then it is stored, the NUL replaced as the call store does
        LeadRecord read = store.lead("c", "lead-0").orElseThrow();
        assertThat(read.lead().name()).isEqualTo("Ana\uFFFDTorres");
        assertThat(read.lead().variables()).containsEntry("note\uFFFD", "calle\uFFFD1");
    }

    @Test
    void should_refuse_to_build_on_a_database_without_the_tables_and_name_the_sql_to_apply() {
        try (PostgresTestDatabase empty = PostgresTestDatabase.create()) {
            assertThatThrownBy(() -> JdbcCampaignStore.builder(empty.dataSource()).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("table voice_campaign does not exist")
                    .hasMessageContaining("Apply the SQL resource " + JdbcCampaignStore.SCHEMA_RESOURCE
                            + " from the voice-campaign jar with your migration tool, or build with "
                            + "createSchema(true)");
        }
    }
}
