package io.inmo.voice.bland;

import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.bland.BlandConfig.VoicemailAction;
import io.inmo.voice.internal.Texts;
import io.inmo.voice.internal.http.ProviderRequest;
import java.net.URI;
import java.util.Locale;

/**
 * A broker's Bland settings, read from its {@link ProviderConfig} and checked once per configuration
 * ({@link ProviderConfig#typedSettings}): the provider never re-parses or re-checks strings on a call. The
 * rules are the ones {@link BlandConfig.Builder#build()} states, because that method applies them through here.
 *
 * @param apiKey the API key, sent raw in the {@code authorization} header
 * @param task the agent's prompt, or {@code null} when a pathway runs the call
 * @param pathwayId the conversational pathway, or {@code null} when a task does
 * @param pathwayVersion the pathway version, a number or a label, or {@code null}
 * @param voice the voice, or {@code null} for Bland's default
 * @param firstSentence the agent's first sentence, or {@code null}
 * @param maxDurationMinutes the longest call in whole minutes, 1 to 720, or {@code null} for Bland's default
 * @param record whether Bland records the call
 * @param voicemailAction what to do on voicemail, or {@code null} for Bland's default
 * @param voicemailMessage the message left with {@link VoicemailAction#LEAVE_MESSAGE}, else {@code null}
 * @param webhookUrl the https URL Bland posts webhooks to, or {@code null}
 * @param callEndpoint {@code POST /v1/calls} on the configured base URL, built once rather than per call
 */
record BlandSettings(String apiKey, String task, String pathwayId, Object pathwayVersion, String voice,
                     String firstSentence, Long maxDurationMinutes, boolean record, VoicemailAction voicemailAction,
                     String voicemailMessage, String webhookUrl, URI callEndpoint) {

    /** Bland's longest call, 12 hours. */
    static final long MAX_DURATION_MINUTES = 12 * 60;

    /**
     * @param config a Bland configuration
     * @return its settings, read once per configuration
     * @throws InvalidRequestException naming the setting that is missing or invalid
     */
    static BlandSettings of(ProviderConfig config) {
        return config.typedSettings(BlandSettings.class, BlandSettings::read);
    }

    private static BlandSettings read(ProviderConfig config) {
        if (!BlandConfig.PROVIDER_ID.equals(config.providerId())) {
            throw invalid("the configuration is for provider '" + config.providerId() + "', not bland: build it "
                    + "with BlandConfig.builder()");
        }
        if (Texts.isBlank(config.apiKey())) {
            throw invalid("Bland apiKey is required: set BlandConfig.builder().apiKey(...) to the key from the "
                    + "Bland dashboard (Settings)");
        }
        String task = value(config, BlandConfig.SETTING_TASK);
        String pathwayId = value(config, BlandConfig.SETTING_PATHWAY_ID);
        if ((task == null) == (pathwayId == null)) {
            throw invalid(task == null
                    ? "Bland needs what the agent should do: set exactly one of task (task(...)) or pathway_id "
                            + "(pathwayId(...))"
                    : "Bland accepts either a task or a pathway, not both: remove task (task(...)) or pathway_id "
                            + "(pathwayId(...))");
        }
        String pathwayVersion = value(config, BlandConfig.SETTING_PATHWAY_VERSION);
        if (pathwayVersion != null && pathwayId == null) {
            throw invalid("pathway_version (pathwayVersion(...)) applies to a pathway: set pathway_id (pathwayId(...)) "
                    + "or remove the pathway version");
        }
        return new BlandSettings(config.apiKey(), task, pathwayId, pathwayVersion == null ? null : version(pathwayVersion),
                value(config, BlandConfig.SETTING_VOICE), value(config, BlandConfig.SETTING_FIRST_SENTENCE),
                maxDurationMinutes(value(config, BlandConfig.SETTING_MAX_DURATION_MINUTES)),
                record(value(config, BlandConfig.SETTING_RECORD)), voicemailAction(config),
                voicemailMessage(config), webhookUrl(config.setting(BlandConfig.SETTING_WEBHOOK_URL).orElse(null)),
                ProviderRequest.endpoint(config, BlandConfig.DEFAULT_BASE_URL, "/v1/calls"));
    }

    private static Long maxDurationMinutes(String minutes) {
        if (minutes == null) {
            return null;
        }
        long parsed;
        try {
            parsed = Long.parseLong(minutes.trim());
        } catch (NumberFormatException e) {
            throw invalid("maxDuration (max_duration) must be a whole number of minutes, got '" + minutes + "'");
        }
        if (parsed < 1 || parsed > MAX_DURATION_MINUTES) {
            throw invalid("maxDuration (max_duration) must be between 1 minute and 12 hours, got " + parsed
                    + " minutes");
        }
        return parsed;
    }

    private static boolean record(String record) {
        if (record == null || "true".equalsIgnoreCase(record.trim())) {
            return true;
        }
        if ("false".equalsIgnoreCase(record.trim())) {
            return false;
        }
        throw invalid("record must be true or false, got '" + record + "'");
    }

    private static VoicemailAction voicemailAction(ProviderConfig config) {
        String action = value(config, BlandConfig.SETTING_VOICEMAIL_ACTION);
        if (action == null) {
            return null;
        }
        for (VoicemailAction candidate : VoicemailAction.values()) {
            if (candidate.wireValue().equalsIgnoreCase(action.trim())) {
                return candidate;
            }
        }
        throw invalid("voicemail_action must be one of hangup, leave_message or ignore, got '" + action + "'");
    }

    private static String voicemailMessage(ProviderConfig config) {
        VoicemailAction action = voicemailAction(config);
        String message = config.setting(BlandConfig.SETTING_VOICEMAIL_MESSAGE).orElse(null);
        if (action == null && message != null) {
            throw invalid("a voicemail message needs voicemail(VoicemailAction.LEAVE_MESSAGE, message)");
        }
        if (action == VoicemailAction.LEAVE_MESSAGE && Texts.isBlank(message)) {
            throw invalid("voicemail(LEAVE_MESSAGE, message) needs the message to leave");
        }
        if (action != null && action != VoicemailAction.LEAVE_MESSAGE && message != null) {
            throw invalid("a voicemail message is only left with VoicemailAction.LEAVE_MESSAGE, not " + action
                    + ": pass null as the message or use LEAVE_MESSAGE");
        }
        return message;
    }

    private static String webhookUrl(String webhookUrl) {
        if (webhookUrl == null) {
            return null;
        }
        if (webhookUrl.isBlank()) {
            throw invalid("webhookUrl (webhook) is blank: set the https:// URL Bland posts this broker's webhooks to, "
                    + "or leave it unset");
        }
        if (!webhookUrl.toLowerCase(Locale.ROOT).startsWith("https://")) {
            throw invalid("Bland only posts webhooks to https:// URLs; webhookUrl must start with https://");
        }
        URI uri;
        try {
            uri = URI.create(webhookUrl);
        } catch (IllegalArgumentException e) {
            throw invalid("webhookUrl is not a valid URI: " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw invalid("webhookUrl must name a host, such as https://crm.example.com/webhooks/voice/bland");
        }
        return webhookUrl;
    }

    /** A pathway version is a number or a label such as {@code production}; Bland wants numbers as numbers. */
    private static Object version(String version) {
        try {
            return Integer.valueOf(version.trim());
        } catch (NumberFormatException label) {
            return version;
        }
    }

    private static String value(ProviderConfig config, String key) {
        return Texts.blankToNull(config.setting(key).orElse(null));
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message);
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "BlandSettings[mode=" + (task != null ? "task" : "pathway " + pathwayId) + ", voice=" + voice
                + ", maxDurationMinutes=" + maxDurationMinutes + ", record=" + record + ", voicemailAction="
                + voicemailAction + ", webhookUrl=" + webhookUrl + "]";
    }
}
