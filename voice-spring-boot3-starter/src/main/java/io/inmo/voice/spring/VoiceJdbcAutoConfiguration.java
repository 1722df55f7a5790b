package io.inmo.voice.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The PostgreSQL call repository (voice-jdbc) over the application's DataSource, configured after Boot 3.5's
 * DataSource auto-configuration (named, not referenced: the class moved between Boot lines) and before
 * {@link VoiceAutoConfiguration}. See {@code VoiceJdbcConfiguration} for the conditions.
 */
@AutoConfiguration(before = VoiceAutoConfiguration.class,
        afterName = VoiceJdbcAutoConfiguration.DATA_SOURCE_AUTO_CONFIGURATION)
@Import(VoiceJdbcConfiguration.class)
public class VoiceJdbcAutoConfiguration {

    /** Boot 3.5's DataSource auto-configuration. */
    public static final String DATA_SOURCE_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

    /** Creates the auto-configuration (Spring does). */
    public VoiceJdbcAutoConfiguration() {
    }
}
