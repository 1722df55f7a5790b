package io.inmo.voice.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The {@code inmo.voice.*} properties. A VAPI host needs three: a broker's provider and credentials
 * ({@code inmo.voice.brokers.<id>.provider}, {@code api-key}, {@code assistant-id}, {@code phone-number-id}) and
 * the webhook secret ({@code inmo.voice.vapi.hmac-secret} or {@code inmo.voice.vapi.webhook-secret}).
 *
 * <p>Secrets ({@code *-secret}, {@code api-key}) are masked by {@code /actuator/configprops} and
 * {@code /actuator/env} even when a host sets {@code show-values=always}.
 */
@ConfigurationProperties(prefix = "inmo.voice")
public class VoiceProperties {

    /** Webhook endpoint settings. */
    @NestedConfigurationProperty
    private final Webhook webhook = new Webhook();

    /** VAPI webhook verification. */
    @NestedConfigurationProperty
    private final Vapi vapi = new Vapi();

    /** Bland AI webhook verification. */
    @NestedConfigurationProperty
    private final Bland bland = new Bland();

    /** Fake provider (tests, demos) webhook verification. */
    @NestedConfigurationProperty
    private final Fake fake = new Fake();

    /**
     * Brokers and the provider each one calls with, by broker id: provider (vapi, bland, fake), api-key, base-url,
     * connect-timeout, request-timeout; VAPI assistant-id, phone-number-id, server-url; Bland task or pathway-id,
     * voice, webhook-url; settings.* for anything else. Used unless the application defines its own
     * BrokerConfigSource bean (usually reading its own database).
     */
    private final Map<String, Broker> brokers = new LinkedHashMap<>();

    /** Periodic reconciliation of calls whose webhooks did not come. */
    @NestedConfigurationProperty
    private final Reconcile reconcile = new Reconcile();

    /** The PostgreSQL call repository (voice-jdbc), used when a DataSource exists. */
    @NestedConfigurationProperty
    private final Jdbc jdbc = new Jdbc();

    /** The optional health indicator. */
    @NestedConfigurationProperty
    private final Health health = new Health();

    /** @return webhook endpoint settings */
    public Webhook getWebhook() {
        return webhook;
    }

    /** @return VAPI webhook verification settings */
    public Vapi getVapi() {
        return vapi;
    }

    /** @return Bland webhook verification settings */
    public Bland getBland() {
        return bland;
    }

    /** @return fake provider webhook verification settings */
    public Fake getFake() {
        return fake;
    }

    /** @return brokers by id */
    public Map<String, Broker> getBrokers() {
        return brokers;
    }

    /** @return reconciliation settings */
    public Reconcile getReconcile() {
        return reconcile;
    }

    /** @return JDBC repository settings */
    public Jdbc getJdbc() {
        return jdbc;
    }

    /** @return health indicator settings */
    public Health getHealth() {
        return health;
    }

    /** {@code inmo.voice.webhook.*}. */
    public static class Webhook {
        /** Whether to expose the webhook endpoint (in a servlet web application). */
        private boolean enabled = true;
        /** Path of the webhook endpoint; must contain the {provider} variable. */
        private String path = "/webhooks/voice/{provider}";
        /** Largest accepted webhook body; larger ones are refused with 413 before they are read. */
        private DataSize maxBodySize = DataSize.ofMegabytes(1);

        /** @return whether the endpoint is exposed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the endpoint is exposed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the endpoint path */
        public String getPath() {
            return path;
        }

        /** @param path the endpoint path, with a {@code {provider}} variable */
        public void setPath(String path) {
            this.path = path;
        }

        /** @return the body size limit */
        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        /** @param maxBodySize the body size limit */
        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }
    }

    /** {@code inmo.voice.vapi.*}. */
    public static class Vapi {
        /**
         * Secret of VAPI's HMAC credential (x-signature over the timestamp and body); recommended. Without it
         * or webhook-secret, VAPI webhooks are refused with 401.
         */
        private String hmacSecret;
        /** Legacy shared secret VAPI sends in the x-vapi-secret header. */
        private String webhookSecret;

        /** @return the HMAC credential's secret, or {@code null} */
        public String getHmacSecret() {
            return hmacSecret;
        }

        /** @param hmacSecret the HMAC credential's secret */
        public void setHmacSecret(String hmacSecret) {
            this.hmacSecret = hmacSecret;
        }

        /** @return the legacy x-vapi-secret value, or {@code null} */
        public String getWebhookSecret() {
            return webhookSecret;
        }

        /** @param webhookSecret the legacy x-vapi-secret value */
        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        /**
         * HMAC credential secrets still accepted while VAPI moves to hmac-secret (a rotation); checked after it.
         */
        private List<String> previousHmacSecrets = new ArrayList<>();

        /** @return the secrets still accepted during a rotation, never {@code null} */
        public List<String> getPreviousHmacSecrets() {
            return previousHmacSecrets;
        }

        /** @param previousHmacSecrets the secrets still accepted during a rotation */
        public void setPreviousHmacSecrets(List<String> previousHmacSecrets) {
            this.previousHmacSecrets = previousHmacSecrets == null ? new ArrayList<>() : previousHmacSecrets;
        }

        /**
         * Legacy x-vapi-secret values still accepted during a rotation; checked after webhook-secret.
         */
        private List<String> previousWebhookSecrets = new ArrayList<>();

        /** @return the secrets still accepted during a rotation, never {@code null} */
        public List<String> getPreviousWebhookSecrets() {
            return previousWebhookSecrets;
        }

        /** @param previousWebhookSecrets the secrets still accepted during a rotation */
        public void setPreviousWebhookSecrets(List<String> previousWebhookSecrets) {
            this.previousWebhookSecrets = previousWebhookSecrets == null ? new ArrayList<>() : previousWebhookSecrets;
        }
    }

    /** {@code inmo.voice.bland.*}. */
    public static class Bland {
        /**
         * Bland's webhook signing secret (X-Webhook-Signature, HMAC-SHA256 of the body). Without it, Bland
         * webhooks are refused with 401.
         */
        private String webhookSecret;

        /** @return the signing secret, or {@code null} */
        public String getWebhookSecret() {
            return webhookSecret;
        }

        /** @param webhookSecret the signing secret */
        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        /**
         * Signing secrets still accepted while Bland moves to webhook-secret (a rotation); checked after it.
         */
        private List<String> previousWebhookSecrets = new ArrayList<>();

        /** @return the secrets still accepted during a rotation, never {@code null} */
        public List<String> getPreviousWebhookSecrets() {
            return previousWebhookSecrets;
        }

        /** @param previousWebhookSecrets the secrets still accepted during a rotation */
        public void setPreviousWebhookSecrets(List<String> previousWebhookSecrets) {
            this.previousWebhookSecrets = previousWebhookSecrets == null ? new ArrayList<>() : previousWebhookSecrets;
        }
    }

    /** {@code inmo.voice.fake.*}. */
    public static class Fake {
        /**
         * Secret the fake provider signs its webhooks with (X-Fake-Signature). Without it, fake webhooks are
         * refused with 401.
         */
        private String webhookSecret;

        /** @return the signing secret, or {@code null} */
        public String getWebhookSecret() {
            return webhookSecret;
        }

        /** @param webhookSecret the signing secret */
        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        /**
         * Signing secrets still accepted during a rotation; checked after webhook-secret.
         */
        private List<String> previousWebhookSecrets = new ArrayList<>();

        /** @return the secrets still accepted during a rotation, never {@code null} */
        public List<String> getPreviousWebhookSecrets() {
            return previousWebhookSecrets;
        }

        /** @param previousWebhookSecrets the secrets still accepted during a rotation */
        public void setPreviousWebhookSecrets(List<String> previousWebhookSecrets) {
            this.previousWebhookSecrets = previousWebhookSecrets == null ? new ArrayList<>() : previousWebhookSecrets;
        }
    }

    /** {@code inmo.voice.brokers.<id>.*}: one broker's provider and its settings. */
    public static class Broker {
        /** Provider id: vapi, bland or fake. */
        private String provider;
        /** The provider's API key (VAPI: the private key). */
        private String apiKey;
        /** API base URL; the provider's public one when not set. */
        private String baseUrl;
        /** Time allowed to connect to the provider. */
        private Duration connectTimeout;
        /** Time allowed for the provider's answer. */
        private Duration requestTimeout;
        /** VAPI: id of the saved assistant that talks to the lead. */
        private String assistantId;
        /** VAPI: id of the phone number to call from. */
        private String phoneNumberId;
        /** VAPI: where VAPI sends this broker's webhooks, overriding the assistant's server URL. */
        private String serverUrl;
        /** Bland: the agent's instructions (or set pathway-id). */
        private String task;
        /** Bland: the conversational pathway to run (or set task). */
        private String pathwayId;
        /** Bland: the voice. */
        private String voice;
        /** Bland: where Bland posts this broker's webhooks (https only). */
        private String webhookUrl;
        /** Further provider settings, passed as they are (for example the fake provider's "outcome"). */
        private final Map<String, String> settings = new LinkedHashMap<>();

        /** @return the provider id */
        public String getProvider() {
            return provider;
        }

        /** @param provider the provider id */
        public void setProvider(String provider) {
            this.provider = provider;
        }

        /** @return the API key */
        public String getApiKey() {
            return apiKey;
        }

        /** @param apiKey the API key */
        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        /** @return the base URL, or {@code null} */
        public String getBaseUrl() {
            return baseUrl;
        }

        /** @param baseUrl the base URL */
        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** @return the connect timeout, or {@code null} for the default */
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        /** @param connectTimeout the connect timeout */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** @return the request timeout, or {@code null} for the default */
        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        /** @param requestTimeout the request timeout */
        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        /** @return the VAPI assistant id */
        public String getAssistantId() {
            return assistantId;
        }

        /** @param assistantId the VAPI assistant id */
        public void setAssistantId(String assistantId) {
            this.assistantId = assistantId;
        }

        /** @return the VAPI phone number id */
        public String getPhoneNumberId() {
            return phoneNumberId;
        }

        /** @param phoneNumberId the VAPI phone number id */
        public void setPhoneNumberId(String phoneNumberId) {
            this.phoneNumberId = phoneNumberId;
        }

        /** @return the VAPI server URL */
        public String getServerUrl() {
            return serverUrl;
        }

        /** @param serverUrl the VAPI server URL */
        public void setServerUrl(String serverUrl) {
            this.serverUrl = serverUrl;
        }

        /** @return the Bland task */
        public String getTask() {
            return task;
        }

        /** @param task the Bland task */
        public void setTask(String task) {
            this.task = task;
        }

        /** @return the Bland pathway id */
        public String getPathwayId() {
            return pathwayId;
        }

        /** @param pathwayId the Bland pathway id */
        public void setPathwayId(String pathwayId) {
            this.pathwayId = pathwayId;
        }

        /** @return the Bland voice */
        public String getVoice() {
            return voice;
        }

        /** @param voice the Bland voice */
        public void setVoice(String voice) {
            this.voice = voice;
        }

        /** @return the Bland webhook URL */
        public String getWebhookUrl() {
            return webhookUrl;
        }

        /** @param webhookUrl the Bland webhook URL */
        public void setWebhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        /** @return further provider settings */
        public Map<String, String> getSettings() {
            return settings;
        }
    }

    /** {@code inmo.voice.reconcile.*}. */
    public static class Reconcile {
        /** Whether to reconcile periodically on a thread of its own. */
        private boolean enabled = true;
        /** Time between two reconciliation runs. */
        private Duration interval = Duration.ofMinutes(5);
        /** How long an active call must go unchanged before its provider is asked about it. */
        private Duration quietFor = Duration.ofMinutes(15);

        /** @return whether reconciliation runs */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether reconciliation runs */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return time between runs */
        public Duration getInterval() {
            return interval;
        }

        /** @param interval time between runs */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** @return how long a call must be quiet to be checked */
        public Duration getQuietFor() {
            return quietFor;
        }

        /** @param quietFor how long a call must be quiet to be checked */
        public void setQuietFor(Duration quietFor) {
            this.quietFor = quietFor;
        }
    }

    /** {@code inmo.voice.jdbc.*}. */
    public static class Jdbc {
        /**
         * Whether to create the tables at startup when they are missing. When false (the default), startup fails
         * if they are missing, naming the SQL resource to apply (with Flyway, Liquibase or by hand).
         */
        private boolean createSchema;

        /** @return whether the tables are created at startup */
        public boolean isCreateSchema() {
            return createSchema;
        }

        /** @param createSchema whether the tables are created at startup */
        public void setCreateSchema(boolean createSchema) {
            this.createSchema = createSchema;
        }
    }

    /** {@code inmo.voice.health.*}. */
    public static class Health {
        /**
         * Whether to contribute the "inmoVoice" health indicator (repository reachable, providers configured;
         * it never calls VAPI or Bland).
         */
        private boolean enabled;

        /** @return whether the indicator is contributed */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the indicator is contributed */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
