package io.inmo.voice.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.StoreUnavailableException;
import io.inmo.voice.testing.ManualExecutor;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** How {@link Jdbc} uses a connection: what it commits, rolls back and gives back, on a recording fake. */
class JdbcTest {

    private final List<String> calls = new ArrayList<>();
    private boolean autoCommit = true;

    private final Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Connection.class}, (p, method, args) -> {
                switch (method.getName()) {
                    case "getAutoCommit":
                        return autoCommit;
                    case "setAutoCommit":
                        autoCommit = (Boolean) args[0];
                        calls.add("setAutoCommit(" + autoCommit + ")");
                        return null;
                    case "commit":
                    case "rollback":
                    case "close":
                        calls.add(method.getName());
                        return null;
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });

    private final Jdbc jdbc = new Jdbc("campaign store", "voice-campaign",
            (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (p, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            return connection;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    }),
            new StatementDeadlines(Duration.ofSeconds(5), System::nanoTime, d -> { }, new ManualExecutor(),
                    Runnable::run, StatementDeadlines.DRIVER));

    @Test
    void should_run_atomic_work_in_one_transaction_and_give_the_connection_back_as_it_came() {
        // when
        String result = jdbc.atomically("claim due leads", c -> "claimed");

        // then
        assertThat(result).isEqualTo("claimed");
        assertThat(calls).containsExactly("setAutoCommit(false)", "commit", "setAutoCommit(true)", "close");
    }

    @Test
    void should_roll_atomic_work_back_when_it_fails_and_say_which_store_and_operation_failed() {
        // when / then
        assertThatThrownBy(() -> jdbc.atomically("claim due leads", c -> {
            throw new SQLException("ERROR: relation \"voice_campaign_dial\" does not exist", "42P01");
        })).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("campaign store: could not claim due leads (SQLState 42P01: ERROR: relation "
                        + "\"voice_campaign_dial\" does not exist); the database refused the statement; check that "
                        + "the voice-campaign schema is applied and current. Nothing was half-written");
        assertThat(calls).containsExactly("setAutoCommit(false)", "rollback", "setAutoCommit(true)", "close");
    }

    @Test
    void should_use_the_pools_transaction_when_auto_commit_is_off() {
        // given
        autoCommit = false;

        // when
        jdbc.atomically("claim due leads", c -> null);
        jdbc.inTransaction("read a lead", c -> null);

        // then
        assertThat(calls).containsExactly("commit", "close", "commit", "close");
    }

    @Test
    void should_let_each_statement_commit_on_its_own_outside_atomic_work_when_auto_commit_is_on() {
        // when
        jdbc.inTransaction("read a lead", c -> null);

        // then
        assertThat(calls).containsExactly("close");
    }
}
