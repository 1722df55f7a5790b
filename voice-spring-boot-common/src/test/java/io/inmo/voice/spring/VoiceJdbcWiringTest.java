package io.inmo.voice.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallTarget;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.jdbc.JdbcCallRepository;
import io.inmo.voice.jdbc.PostgresTestDatabase;
import io.inmo.voice.spi.CallRepository;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The repository is JDBC when voice-jdbc and a DataSource are present, on a real PostgreSQL (embedded, or the
 * server of INMO_VOICE_TEST_JDBC_URL).
 */
class VoiceJdbcWiringTest {

    private static PostgresTestDatabase db;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceJdbcAutoConfiguration.class, VoiceAutoConfiguration.class))
            .withPropertyValues("inmo.voice.brokers.demo.provider=fake", "inmo.voice.reconcile.enabled=false");

    @BeforeAll
    static void start() {
        db = PostgresTestDatabase.create();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** The pool belongs to the test database: the context must not close it (Spring closes AutoCloseable beans). */
    private static DataSource unclosable(DataSource dataSource) {
        return new DelegatingDataSource(dataSource);
    }

    @Test
    void should_refuse_to_start_when_the_tables_are_missing_and_name_the_property_that_creates_them() {
        try (PostgresTestDatabase empty = PostgresTestDatabase.create()) {
            runner.withBean(DataSource.class, () -> unclosable(empty.dataSource())).run(context ->
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(JdbcCallRepository.SCHEMA_RESOURCE)
                            .hasStackTraceContaining("set inmo.voice.jdbc.create-schema=true"));
        }
    }

    @Test
    void should_store_calls_in_postgresql_when_the_application_has_a_data_source() {
        runner.withBean(DataSource.class, () -> unclosable(db.dataSource())).withPropertyValues("inmo.voice.jdbc.create-schema=true")
                .run(context -> {
                    assertThat(context.getBean(CallRepository.class)).isInstanceOf(JdbcCallRepository.class);
                    VoiceCall call = context.getBean(VoiceCallService.class)
                            .initiate(CallTarget.of("lead-jdbc-1", "demo", "+34612345001"));
                    // Read back through a second repository on the same database: the call really is stored there.
                    assertThat(JdbcCallRepository.builder(db.dataSource()).build().findById(call.callId()))
                            .hasValueSatisfying(stored -> assertThat(stored.leadId()).isEqualTo("lead-jdbc-1"));
                });
    }

    @Test
    void should_use_the_data_source_spring_boot_configures_from_spring_datasource_url() throws Exception {
        runner.withConfiguration(AutoConfigurations.of(
                        Class.forName(VoiceJdbcAutoConfiguration.DATA_SOURCE_AUTO_CONFIGURATION)))
                .withPropertyValues("spring.datasource.url=" + db.jdbcUrl(), "spring.datasource.username=" + db.user(),
                        "spring.datasource.password=" + db.password(), "inmo.voice.jdbc.create-schema=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CallRepository.class)).isInstanceOf(JdbcCallRepository.class);
                });
    }

    @Test
    void should_stay_in_memory_without_voice_jdbc_even_with_a_data_source() {
        runner.withClassLoader(new FilteredClassLoader(JdbcCallRepository.class))
                .withBean(DataSource.class, () -> unclosable(db.dataSource()))
                .run(context -> assertThat(context.getBean(CallRepository.class))
                        .isInstanceOf(InMemoryCallRepository.class));
    }

    @Test
    void should_not_guess_between_two_data_sources_without_a_primary() {
        runner.withBean("first", DataSource.class, () -> unclosable(db.dataSource()))
                .withBean("second", DataSource.class, () -> unclosable(db.dataSource()))
                .run(context -> assertThat(context.getBean(CallRepository.class))
                        .isInstanceOf(InMemoryCallRepository.class));
    }

    @Test
    void should_back_off_for_the_applications_own_repository() {
        CallRepository own = new InMemoryCallRepository();
        runner.withBean(DataSource.class, () -> unclosable(db.dataSource())).withBean(CallRepository.class, () -> own)
                .run(context -> assertThat(context.getBean(CallRepository.class)).isSameAs(own));
    }
}
