package io.inmo.voice;

import io.inmo.voice.spi.VoiceProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link VoiceProvider}s on the classpath and resolves the one a broker uses.
 *
 * <p>Providers are discovered with {@link ServiceLoader}, first through the thread's context class loader,
 * then through the SDK's own (application servers and OSGi may hide one or the other), and indexed by
 * {@link VoiceProvider#id()}. Several providers on the classpath is the normal case. Instances registered
 * explicitly win over discovered ones with the same id, which is how tests inject a configured provider.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * VoiceProviderFactory providers = VoiceProviderFactory.builder()
 *         .brokerConfigs(brokerId -> configs.find(brokerId))
 *         .build();
 * ResolvedProvider resolved = providers.forBroker("broker-7");
 * }</pre>
 */
public final class VoiceProviderFactory {

    private static final Logger log = LoggerFactory.getLogger(VoiceProviderFactory.class);

    private final Map<String, VoiceProvider> providers;
    private final BrokerConfigSource brokerConfigs;

    private VoiceProviderFactory(Map<String, VoiceProvider> providers, BrokerConfigSource brokerConfigs) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        this.brokerConfigs = brokerConfigs;
    }

    /** @return a factory with every provider found on the classpath and no broker configuration */
    public static VoiceProviderFactory discover() {
        return builder().build();
    }

    /** @return a builder that discovers providers unless told otherwise */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param source where broker configurations come from
     * @return a copy of this factory that resolves brokers with {@code source}
     */
    public VoiceProviderFactory withBrokerConfigs(BrokerConfigSource source) {
        return new VoiceProviderFactory(providers, Objects.requireNonNull(source, "source"));
    }

    /** @return the ids of the available providers, sorted */
    public Set<String> providerIds() {
        return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
    }

    /**
     * @param id provider id
     * @return the provider, if available
     */
    public Optional<VoiceProvider> provider(String id) {
        return Optional.ofNullable(id == null ? null : providers.get(id));
    }

    /**
     * @param id provider id
     * @return the provider
     * @throws ProviderUnavailableException naming the ids that are available when it is missing
     */
    public VoiceProvider require(String id) {
        VoiceProvider provider = providers.get(id);
        if (provider == null) {
            throw new ProviderUnavailableException(id, "voice provider '" + id + "' is not on the classpath; found "
                    + providerIds() + ". Add the io.inmo.voice:voice-" + id + " dependency (in a shaded jar, "
                    + "merge META-INF/services with the ServicesResourceTransformer)");
        }
        return provider;
    }

    /**
     * Resolves the provider and configuration a broker uses.
     *
     * @param brokerId the broker
     * @return the provider with the broker's configuration
     * @throws ProviderUnavailableException when the broker has no configuration, its provider is missing, or
     *         the provider finds the configuration invalid ({@link VoiceProvider#checkConfig}); the message names
     *         the broker and the setting to fix
     * @throws IllegalStateException when this factory has no {@link BrokerConfigSource}
     */
    public ResolvedProvider forBroker(String brokerId) {
        ResolvedProvider resolved = forBrokerUnchecked(brokerId);
        try {
            resolved.provider().checkConfig(resolved.config());
        } catch (VoiceException e) {
            // The caller's request is fine; the broker's stored configuration is not: the provider is unusable.
            throw unusable(brokerId, resolved.provider(), e.getMessage(), e);
        } catch (RuntimeException e) {
            // A third-party provider's check that throws something else still means "this broker cannot dial".
            throw unusable(brokerId, resolved.provider(), e.toString(), e);
        }
        return resolved;
    }

    private static ProviderUnavailableException unusable(String brokerId, VoiceProvider provider, String problem,
                                                         RuntimeException cause) {
        return new ProviderUnavailableException(provider.id(), "broker '" + brokerId + "' cannot place calls: "
                + problem + ". Fix the broker's configuration in the BrokerConfigSource", cause);
    }

    /**
     * The broker's provider and configuration without the provider's check: reconciliation looks up calls that
     * were placed before a broker's settings went wrong, and needs only the credentials for that.
     */
    ResolvedProvider forBrokerUnchecked(String brokerId) {
        if (brokerConfigs == null) {
            throw new IllegalStateException("no BrokerConfigSource: use builder().brokerConfigs(...) "
                    + "or withBrokerConfigs(...)");
        }
        ProviderConfig config = brokerConfigs.forBroker(brokerId).orElseThrow(() ->
                new ProviderUnavailableException(null, "no voice provider is configured for broker '" + brokerId
                        + "'; configure one in the BrokerConfigSource"));
        return new ResolvedProvider(require(config.providerId()), config);
    }

    /** Builder for {@link VoiceProviderFactory}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, VoiceProvider> registered = new LinkedHashMap<>();
        private boolean discover = true;
        private ClassLoader classLoader;
        private BrokerConfigSource brokerConfigs;

        private Builder() {
        }

        /**
         * @param provider a provider instance; replaces a discovered provider with the same id
         * @return this builder
         */
        public Builder register(VoiceProvider provider) {
            Objects.requireNonNull(provider, "provider");
            registered.put(Objects.requireNonNull(provider.id(), "provider.id()"), provider);
            return this;
        }

        /**
         * @param discover whether to look for providers with {@link ServiceLoader} (default {@code true})
         * @return this builder
         */
        public Builder discover(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * @param classLoader an extra class loader to search first (plugin systems)
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /**
         * @param source where broker configurations come from
         * @return this builder
         */
        public Builder brokerConfigs(BrokerConfigSource source) {
            this.brokerConfigs = source;
            return this;
        }

        /** @return the factory */
        public VoiceProviderFactory build() {
            Map<String, VoiceProvider> all = new LinkedHashMap<>();
            if (discover) {
                load(classLoader, all);
                load(Thread.currentThread().getContextClassLoader(), all);
                load(VoiceProviderFactory.class.getClassLoader(), all);
            }
            all.putAll(registered);
            return new VoiceProviderFactory(all, brokerConfigs);
        }

        private static void load(ClassLoader loader, Map<String, VoiceProvider> into) {
            if (loader == null) {
                return;
            }
            try {
                for (VoiceProvider p : ServiceLoader.load(VoiceProvider.class, loader)) {
                    into.putIfAbsent(p.id(), p);
                }
            } catch (ServiceConfigurationError e) {
                // A broken provider jar must not hide the others; say which one failed.
                log.error("could not load a voice provider through {}: {}", loader, e.getMessage(), e);
            }
        }
    }
}
