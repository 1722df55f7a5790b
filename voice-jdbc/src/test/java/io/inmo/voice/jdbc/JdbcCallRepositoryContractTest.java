package io.inmo.voice.jdbc;

import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.testkit.CallRepositoryContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC repository keeps every promise of the contract, on a real PostgreSQL. */
class JdbcCallRepositoryContractTest extends CallRepositoryContract {

    private static PostgresTestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = PostgresTestDatabase.create();
        JdbcCallRepository.builder(db.dataSource()).createSchema(true).build();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected CallRepository newRepository() {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + JdbcCallRepository.TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return JdbcCallRepository.builder(db.dataSource()).build();
    }
}
