package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.VoiceCall;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDBC repository adds to the contract: its schema, transactions, indexes and errors. */
class JdbcCallRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private PostgresTestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private static VoiceCall call(String callId, String leadId) {
        return VoiceCall.builder().callId(callId).leadId(leadId).brokerId("broker-1").provider("fake")
                .createdAt(T0).updatedAt(T0).build();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> plan(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return lines;
        }
    }

    @Test
    void should_refuse_to_build_on_a_database_without_the_schema_and_name_the_sql_to_apply() {
        // when / then
        assertThatThrownBy(() -> JdbcCallRepository.builder(db.dataSource()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inmo_voice_call does not exist")
                .hasMessageContaining(JdbcCallRepository.SCHEMA_RESOURCE)
                .hasMessageContaining("createSchema(true)");
    }

    @Test
    void should_name_a_missing_column_of_an_older_schema() throws SQLException {
        // given
        execute(JdbcCallRepository.schemaSql());
        execute("ALTER TABLE inmo_voice_call DROP COLUMN metadata");

        // when / then
        assertThatThrownBy(() -> JdbcCallRepository.builder(db.dataSource()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lacks a column").hasMessageContaining("metadata")
                .hasMessageContaining(JdbcCallRepository.SCHEMA_RESOURCE);
    }

    @Test
    void should_build_on_a_schema_applied_from_the_shipped_sql() throws SQLException {
        // given the host applied the resource with its own tool
        execute(JdbcCallRepository.schemaSql());

        // when
        JdbcCallRepository repository = JdbcCallRepository.builder(db.dataSource()).build();
        repository.insert(call("c-1", "lead-1"));

        // then
        assertThat(repository.findById("c-1")).isPresent();
        assertThat(JdbcCallRepository.schemaSql()).contains("CREATE TABLE IF NOT EXISTS inmo_voice_call ");
    }

    @Test
    void should_create_the_schema_once_when_instances_start_together() throws Exception {
        // given
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JdbcCallRepository>> starts = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
                }));
            }

            // when
            go.countDown();

            // then every instance started, and the schema is there once (applying it again is a no-op)
            for (Future<JdbcCallRepository> start : starts) {
                assertThat(start.get(30, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        JdbcCallRepository again = JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
        again.insert(call("c-1", "lead-1"));
        assertThat(again.findActiveByLead("lead-1")).isPresent();
    }

    @Test
    void should_commit_each_operation_when_the_pool_hands_out_connections_without_auto_commit() {
        // given a pool configured with autoCommit=false
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
        JdbcCallRepository manual = JdbcCallRepository.builder(withoutAutoCommit(db.dataSource())).build();

        // when
        manual.insert(call("c-1", "lead-1"));

        // then another connection sees it
        assertThat(JdbcCallRepository.builder(db.dataSource()).build().findById("c-1")).isPresent();
    }

    @Test
    void should_use_the_indexes_for_the_webhook_lookup_quiet_calls_and_summaries_due() throws SQLException {
        // given
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();

        // then
        assertThat(plan("SELECT * FROM inmo_voice_call WHERE provider = 'vapi' AND external_call_id = 'x'"))
                .anyMatch(line -> line.contains("inmo_voice_call_external"));
        assertThat(plan("SELECT * FROM inmo_voice_call WHERE status IN ('INITIATED', 'QUEUED', 'RINGING', "
                + "'IN_PROGRESS') AND updated_at < now() ORDER BY updated_at LIMIT 10"))
                .anyMatch(line -> line.contains("inmo_voice_call_quiet"));
        assertThat(plan("SELECT * FROM inmo_voice_call WHERE summary_state IN ('PENDING', 'RUNNING') AND "
                + "(summary_state = 'PENDING' OR updated_at < now()) ORDER BY updated_at LIMIT 10"))
                .anyMatch(line -> line.contains("inmo_voice_call_summary_due"));
    }

    @Test
    void should_use_an_index_for_calls_that_ended_without_their_report() throws SQLException {
        // given
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();

        // then
        assertThat(plan("SELECT * FROM inmo_voice_call WHERE summary_state = 'NONE' AND NOT (status IN "
                + "('INITIATED', 'QUEUED', 'RINGING', 'IN_PROGRESS')) AND external_call_id IS NOT NULL AND "
                + "updated_at < now() ORDER BY updated_at LIMIT 10"))
                .anyMatch(line -> line.contains("inmo_voice_call_unreported"));
    }

    @Test
    void should_store_a_nul_character_as_the_replacement_character() {
        // given
        JdbcCallRepository repository = JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();

        // when
        repository.insert(call("c-1", "lead-1").toBuilder().transcript("User: a\u0000b")
                .metadata(Map.of("k", "v\u0000")).build());

        // then
        VoiceCall read = repository.findById("c-1").orElseThrow();
        assertThat(read.transcript()).isEqualTo("User: a\uFFFDb");
        assertThat(read.metadata()).containsEntry("k", "v\uFFFD");
    }

    @Test
    void should_say_which_operation_failed_when_the_database_cannot_be_reached() {
        // given
        JdbcCallRepository repository = JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
        JdbcCallRepository unreachable = JdbcCallRepository.builder(db.dataSource()).build();
        repository.insert(call("c-1", "lead-1"));
        // the same repository class, over a pool that cannot connect
        JdbcCallRepository broken = buildOver(failingDataSource(db.dataSource()));

        // when / then
        assertThatThrownBy(() -> broken.insert(call("c-2", "lead-2")))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("store_unavailable");
                })
                .hasMessageContaining("insert call c-2").hasMessageContaining("08001");
        assertThatThrownBy(() -> broken.findById("c-1")).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("find call c-1");
        assertThat(unreachable.findById("c-2")).isEmpty();
    }

    /** Builds over a data source that works for the schema check, then fails. */
    private static JdbcCallRepository buildOver(SwitchableDataSource dataSource) {
        JdbcCallRepository repository = JdbcCallRepository.builder(dataSource).build();
        dataSource.failing = true;
        return repository;
    }

    private static SwitchableDataSource failingDataSource(DataSource delegate) {
        return new SwitchableDataSource(delegate);
    }

    private static DataSource withoutAutoCommit(DataSource delegate) {
        return new SwitchableDataSource(delegate) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = super.getConnection();
                c.setAutoCommit(false);
                // the pool would restore auto-commit on return; a plain proxy that does it for us:
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                c.rollback(); // anything left uncommitted is lost, as in a real pool
                                c.setAutoCommit(true);
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }
}
