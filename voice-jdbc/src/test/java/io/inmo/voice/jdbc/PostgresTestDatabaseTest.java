package io.inmo.voice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresTestDatabaseTest {

    private static PostgresTestDatabase db;
    private static PostgresTestDatabase other;

    @BeforeAll
    static void start() {
        db = PostgresTestDatabase.create();
        other = PostgresTestDatabase.create();
    }

    @AfterAll
    static void stop() {
        db.close();
        other.close();
    }

    private static String query(PostgresTestDatabase database, String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(PostgresTestDatabase database, String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void should_give_each_instance_its_own_schema_and_a_non_utc_session() throws SQLException {
        // when
        execute(db, "CREATE TABLE t (v text)");
        execute(db, "INSERT INTO t VALUES ('mine')");

        // then
        assertThat(query(db, "SELECT current_schema()")).isEqualTo(db.schema());
        assertThat(query(db, "SELECT v FROM t")).isEqualTo("mine");
        assertThat(query(db, "SHOW TimeZone")).isEqualTo(PostgresTestDatabase.SESSION_TIME_ZONE);
        assertThat(query(db, "SELECT current_setting('server_version_num')")).startsWith("17");
        assertThatThrownBy(() -> query(other, "SELECT v FROM t")).isInstanceOf(SQLException.class);
    }

    @Test
    void should_keep_the_data_across_a_server_restart() throws SQLException {
        // given
        assumeTrue(PostgresTestDatabase.isEmbedded(), "an external server is not restarted by tests");
        execute(other, "CREATE TABLE kept (v text)");
        execute(other, "INSERT INTO kept VALUES ('before')");

        // when
        PostgresTestDatabase.stopServer();
        try {
            assertThatThrownBy(() -> query(other, "SELECT v FROM kept")).isInstanceOf(SQLException.class);
        } finally {
            PostgresTestDatabase.startServer();
        }

        // then
        assertThat(query(other, "SELECT v FROM kept")).isEqualTo("before");
    }
}
