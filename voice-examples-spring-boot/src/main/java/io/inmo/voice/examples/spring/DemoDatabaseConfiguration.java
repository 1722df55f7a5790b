package io.inmo.voice.examples.spring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A PostgreSQL pool when {@code spring.datasource.url} is set; the starter then stores calls there
 * ({@code JdbcCallRepository}; {@code inmo.voice.jdbc.create-schema=true} in application.properties creates the
 * tables). Without the URL there is no DataSource and calls stay in memory. The demo builds the pool itself rather
 * than through Boot's JDBC auto-configuration, which would insist on a database even when none is wanted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url")
class DemoDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(@Value("${spring.datasource.url}") String url,
                                @Value("${spring.datasource.username:}") String user,
                                @Value("${spring.datasource.password:}") String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("voice-spring-demo");
        config.setJdbcUrl(url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }
}
