package io.inmo.voice.spring;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.CallListener;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of inmo-voice: every bean here backs off when the application defines its own.
 *
 * <ul>
 *   <li>{@link VoiceProviderFactory}: the providers found on the classpath;</li>
 *   <li>{@link BrokerConfigSource}: the brokers of {@code inmo.voice.brokers.<id>.*} (define your own bean to read
 *       them from your database);</li>
 *   <li>{@link CallRepository}: PostgreSQL through voice-jdbc when a {@code DataSource} exists, else in memory
 *       (with a WARN: calls are lost on restart);</li>
 *   <li>{@link WebhookNormalizer}: with the verifiers of {@code inmo.voice.vapi.*}, {@code inmo.voice.bland.*} and
 *       {@code inmo.voice.fake.*}, then every {@link WebhookNormalizerCustomizer} bean; a provider without a secret
 *       gets 401s (fail closed);</li>
 *   <li>{@link VoiceCallService}: with the application's {@link SummaryHook}, {@link CallListener} and
 *       {@link VoiceObserver} beans (and the {@code voice.*} meters when voice-micrometer and a
 *       {@code MeterRegistry} are present), closed with the context;</li>
 *   <li>the background work: pending summaries resumed at startup, reconciliation on its own thread;</li>
 *   <li>in a servlet web application, the webhook endpoint at {@code inmo.voice.webhook.path}.</li>
 * </ul>
 */
@AutoConfiguration
@EnableConfigurationProperties(VoiceProperties.class)
@Import({WebhookVerifierConfigurations.Vapi.class, WebhookVerifierConfigurations.Bland.class,
        WebhookVerifierConfigurations.Fake.class, VoiceWebhookConfiguration.class, VoiceSanitizingConfiguration.class})
public class VoiceAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VoiceAutoConfiguration.class);

    /** Creates the auto-configuration (Spring does). */
    public VoiceAutoConfiguration() {
    }

    /** @return the providers on the classpath, discovered with ServiceLoader */
    @Bean
    @ConditionalOnMissingBean
    public VoiceProviderFactory voiceProviderFactory() {
        VoiceProviderFactory providers = VoiceProviderFactory.discover();
        log.info("voice providers on the classpath: {}", providers.providerIds());
        return providers;
    }

    /**
     * @param properties {@code inmo.voice.*}
     * @param providers the providers, to refuse a broker whose provider jar is missing
     * @return the brokers of {@code inmo.voice.brokers.*}, validated now
     */
    @Bean
    @ConditionalOnMissingBean
    public BrokerConfigSource voiceBrokerConfigSource(VoiceProperties properties, VoiceProviderFactory providers) {
        PropertiesBrokerConfigSource source = PropertiesBrokerConfigSource.of(properties.getBrokers(), providers);
        if (source.brokerIds().isEmpty()) {
            log.info("no brokers under inmo.voice.brokers.*: every call will be refused with 503 until one is "
                    + "configured there or the application defines a BrokerConfigSource bean");
        }
        return source;
    }

    /** @return an in-memory repository, used when there is no other (JDBC needs voice-jdbc and a DataSource) */
    @Bean
    @ConditionalOnMissingBean
    public CallRepository voiceCallRepository() {
        log.warn("inmo-voice stores calls IN MEMORY: they are lost on restart and not shared between instances. "
                + "Add io.inmo.voice:voice-jdbc and a DataSource (spring.datasource.url) to store them in "
                + "PostgreSQL, or define a CallRepository bean");
        return new InMemoryCallRepository();
    }

    /**
     * @param properties {@code inmo.voice.webhook.max-body-size}
     * @param providers the providers whose webhooks are parsed
     * @param customizers the verifiers from properties, then the application's customizers
     * @param observers every {@link VoiceObserver} bean (the Micrometer one when metrics are on), in order
     * @return the normalizer
     */
    @Bean
    @ConditionalOnMissingBean
    public WebhookNormalizer voiceWebhookNormalizer(VoiceProperties properties, VoiceProviderFactory providers,
                                                    ObjectProvider<WebhookNormalizerCustomizer> customizers,
                                                    ObjectProvider<VoiceObserver> observers) {
        WebhookNormalizer.Builder builder = WebhookNormalizer.builder().providerFactory(providers)
                .maxBodyBytes(VoiceWebhookConfiguration.maxBodyBytes(properties.getWebhook()))
                .observer(observer(observers));
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * @param repository where calls are stored
     * @param providers the providers
     * @param brokers which provider each broker uses
     * @param summaryHook the application's post-call step, if it defines one
     * @param listeners the application's listeners, in order
     * @param observers every {@link VoiceObserver} bean (the Micrometer one when metrics are on), in order
     * @return the service, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VoiceCallService voiceCallService(CallRepository repository, VoiceProviderFactory providers,
                                             BrokerConfigSource brokers, ObjectProvider<SummaryHook> summaryHook,
                                             ObjectProvider<CallListener> listeners,
                                             ObjectProvider<VoiceObserver> observers) {
        VoiceCallService.Builder builder = VoiceCallService.builder()
                .repository(repository)
                .providerFactory(providers)
                .brokerConfigs(brokers)
                .observer(observer(observers));
        summaryHook.ifAvailable(builder::summaryHook);
        List<CallListener> all = listeners.orderedStream().toList();
        if (!all.isEmpty()) {
            builder.listener(all.size() == 1 ? all.get(0) : CompositeCallListener.of(all));
        }
        return builder.build();
    }

    /** @return every observer bean as one (the webhook controller reports its own refusals to it too) */
    static VoiceObserver observer(ObjectProvider<VoiceObserver> observers) {
        List<VoiceObserver> all = observers.orderedStream().toList();
        return all.isEmpty() ? VoiceObserver.noop() : all.size() == 1 ? all.get(0) : VoiceObserver.composite(all);
    }

    /**
     * @param calls the service
     * @param properties {@code inmo.voice.reconcile.*}
     * @return the background work, started and stopped with the context
     */
    @Bean
    VoiceBackgroundTasks voiceBackgroundTasks(VoiceCallService calls, VoiceProperties properties) {
        return new VoiceBackgroundTasks(calls, properties.getReconcile());
    }
}
