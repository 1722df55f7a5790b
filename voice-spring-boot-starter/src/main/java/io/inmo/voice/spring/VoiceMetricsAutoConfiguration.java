package io.inmo.voice.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The {@code voice.*} meters (voice-micrometer) in the application's MeterRegistry, configured after Boot 4's
 * metrics auto-configuration (named, not referenced: it moved between Boot lines) and before
 * {@link VoiceAutoConfiguration}. See {@code VoiceMicrometerConfiguration} for the conditions.
 */
@AutoConfiguration(before = VoiceAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@Import(VoiceMicrometerConfiguration.class)
public class VoiceMetricsAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public VoiceMetricsAutoConfiguration() {
    }
}
