package io.inmo.voice.spring;

import io.inmo.voice.jdbc.JdbcCallRepository;
import io.inmo.voice.spi.CallRepository;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL call repository when voice-jdbc is on the classpath and the application has one {@link DataSource}
 * (or a primary one among several).
 * Imported by each starter's {@code VoiceJdbcAutoConfiguration}, which orders it after that Boot line's
 * DataSource auto-configuration and before {@link VoiceAutoConfiguration} (whose in-memory repository then backs
 * off).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcCallRepository.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(VoiceProperties.class)
class VoiceJdbcConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VoiceJdbcConfiguration.class);

    /**
     * @param dataSource the application's (its only or primary) DataSource
     * @param properties {@code inmo.voice.jdbc.create-schema}
     * @return the repository; startup fails when the tables are missing and create-schema is false, naming the
     *         SQL resource to apply
     */
    @Bean
    @ConditionalOnMissingBean(CallRepository.class)
    CallRepository voiceJdbcCallRepository(DataSource dataSource, VoiceProperties properties) {
        boolean create = properties.getJdbc().isCreateSchema();
        try {
            JdbcCallRepository repository = JdbcCallRepository.builder(dataSource).createSchema(create).build();
            log.info("inmo-voice stores calls in PostgreSQL through the application's DataSource{}",
                    create ? " (tables created when missing)" : "");
            return repository;
        } catch (IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            throw new IllegalStateException(message.contains("createSchema(true)")
                    ? message.replace("build with createSchema(true)", "set inmo.voice.jdbc.create-schema=true")
                    : message, e);
        }
    }
}
