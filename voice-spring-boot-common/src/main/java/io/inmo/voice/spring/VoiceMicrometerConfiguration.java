package io.inmo.voice.spring;

import io.inmo.voice.micrometer.MicrometerVoiceObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code voice.*} meters when voice-micrometer is on the classpath and the application has a
 * {@link MeterRegistry} (Spring Boot Actuator). Imported by each starter's {@code VoiceMetricsAutoConfiguration},
 * ordered after that Boot line's metrics auto-configuration; {@link VoiceAutoConfiguration} passes every
 * {@code VoiceObserver} bean, this one included, to the service and the normalizer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({MicrometerVoiceObserver.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
class VoiceMicrometerConfiguration {

    /**
     * @param registry the application's registry
     * @return the observer recording the {@code voice.*} meters
     */
    @Bean
    @ConditionalOnMissingBean(MicrometerVoiceObserver.class)
    MicrometerVoiceObserver micrometerVoiceObserver(MeterRegistry registry) {
        return new MicrometerVoiceObserver(registry);
    }
}
