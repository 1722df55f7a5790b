package io.inmo.voice.spring;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.spi.CallRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code inmoVoice} health indicator (Boot 3.5's health API), off by default: {@code inmo.voice.health.enabled=true}
 * turns it on. UP when the call repository answers, DOWN when it does not; details name the providers, brokers and
 * webhook secrets configured. It never calls VAPI or Bland.
 */
@AutoConfiguration(after = VoiceAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(prefix = "inmo.voice.health", name = "enabled", havingValue = "true")
public class VoiceHealthAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public VoiceHealthAutoConfiguration() {
    }

    /**
     * @param repository the call repository
     * @param providers the providers
     * @param brokers the broker configurations
     * @param properties {@code inmo.voice.*}
     * @return the indicator, contributed as {@code inmoVoice}
     */
    @Bean
    @ConditionalOnMissingBean(name = "inmoVoiceHealthIndicator")
    public HealthIndicator inmoVoiceHealthIndicator(CallRepository repository, VoiceProviderFactory providers,
                                                    BrokerConfigSource brokers, VoiceProperties properties) {
        VoiceHealthCheck check = new VoiceHealthCheck(repository, providers, brokers, properties);
        return () -> {
            VoiceHealthCheck.Result result = check.check();
            return (result.up() ? Health.up() : Health.down(result.failure())).withDetails(result.details()).build();
        };
    }
}
