package io.inmo.voice.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.jdbc.JdbcCallRepository;
import io.inmo.voice.jdbc.PostgresTestDatabase;
import io.inmo.voice.spi.CallRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** With {@code spring.datasource.url} the demo stores its calls in PostgreSQL and still ends every call. */
class SpringDemoOnPostgresTest {

    @Test
    void should_run_the_scripted_demo_on_postgresql_when_a_datasource_url_is_set() {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            SpringApplication application = new SpringApplication(SpringDemoApplication.class);
            application.setDefaultProperties(SpringDemoApplication.defaults(true));
            try (ConfigurableApplicationContext app = application.run("--spring.datasource.url=" + db.jdbcUrl(),
                    "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password())) {
                assertThat(app.getBean(CallRepository.class)).isInstanceOf(JdbcCallRepository.class);
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                int code = app.getBean(DemoRun.class).run(new PrintStream(printed, true, StandardCharsets.UTF_8));
                assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            }
        }
    }
}
