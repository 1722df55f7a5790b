package io.inmo.voice.spring;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.spi.CallRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the optional health indicator reports, independent of Boot's health API (which moved package in Boot 4):
 * the repository reachable (one lookup by id), the providers on the classpath, the brokers configured and which
 * providers have a webhook secret. It never calls VAPI or Bland: a provider outage or a rate limit must not make
 * an orchestrator restart the application.
 */
final class VoiceHealthCheck {

    /** An id no call has: looking it up proves the repository answers without reading any call. */
    private static final String PROBE_ID = "inmo-voice-health-probe";

    private final CallRepository repository;
    private final VoiceProviderFactory providers;
    private final BrokerConfigSource brokers;
    private final VoiceProperties properties;

    VoiceHealthCheck(CallRepository repository, VoiceProviderFactory providers, BrokerConfigSource brokers,
                     VoiceProperties properties) {
        this.repository = repository;
        this.providers = providers;
        this.brokers = brokers;
        this.properties = properties;
    }

    /**
     * @param details what is reported, UP or DOWN
     * @param failure why the repository is not reachable, or {@code null} when it is
     */
    record Result(Map<String, Object> details, Exception failure) {
        boolean up() {
            return failure == null;
        }
    }

    Result check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("repository", repository.getClass().getSimpleName());
        details.put("providers", List.copyOf(providers.providerIds()));
        details.put("brokers", brokers instanceof PropertiesBrokerConfigSource
                ? List.copyOf(new TreeSet<>(((PropertiesBrokerConfigSource) brokers).brokerIds()))
                : "defined by the application");
        details.put("webhookSecrets", webhookSecrets());
        try {
            repository.findById(PROBE_ID);
            return new Result(details, null);
        } catch (Exception e) {
            return new Result(details, e);
        }
    }

    /** @return the providers whose webhook secret is set in properties (the others are refused unless customized) */
    private List<String> webhookSecrets() {
        List<String> configured = new ArrayList<>();
        if (set(properties.getBland().getWebhookSecret())) {
            configured.add("bland");
        }
        if (set(properties.getFake().getWebhookSecret())) {
            configured.add("fake");
        }
        if (set(properties.getVapi().getHmacSecret()) || set(properties.getVapi().getWebhookSecret())) {
            configured.add("vapi");
        }
        return configured;
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }
}
