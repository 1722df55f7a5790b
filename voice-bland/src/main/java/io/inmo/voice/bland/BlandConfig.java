package io.inmo.voice.bland;

import io.inmo.voice.InvalidRequestException;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderConfigBuilder;
import io.inmo.voice.internal.Texts;
import java.net.URI;
import java.time.Duration;

/**
 * Typed, validated settings for placing calls through Bland; {@link Builder#build()} yields the
 * provider-neutral {@link ProviderConfig} (provider id {@code bland}) that a
 * {@link io.inmo.voice.BrokerConfigSource} hands to the SDK.
 *
 * <pre>{@code
 * ProviderConfig config = BlandConfig.builder()
 *         .apiKey(System.getenv("BLAND_API_KEY"))
 *         .task("You are Riley from Northwind Realty. Ask {{first_name}} about ...")
 *         .voice("maya")
 *         .firstSentence("Hi, is this {{first_name}}?")
 *         .maxDuration(Duration.ofMinutes(8))
 *         .voicemail(BlandConfig.VoicemailAction.LEAVE_MESSAGE, "Hi, this is Riley from Northwind ...")
 *         .webhookUrl("https://crm.example.com/webhooks/voice/bland")
 *         .build();
 * }</pre>
 *
 * <p>{@code {{name}}} placeholders are filled by Bland from {@code request_data}, which the SDK fills with
 * the call's variables ({@code CallTarget.variables()}).
 *
 * <p>The settings are stored in the {@link ProviderConfig} under the keys named by the {@code SETTING_*}
 * constants (Bland's own field names), so a host that keeps broker settings in a database can also build
 * the configuration with {@code ProviderConfig.builder("bland")}. The API key is never printed.
 */
public final class BlandConfig {

    /** The provider id, {@code "bland"}. */
    public static final String PROVIDER_ID = "bland";
    /** Bland's public API base URL, used when none is configured. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.bland.ai");

    /** Setting key: the prompt ({@code task}); exactly one of this and {@link #SETTING_PATHWAY_ID}. */
    public static final String SETTING_TASK = "task";
    /** Setting key: the conversational pathway id ({@code pathway_id}). */
    public static final String SETTING_PATHWAY_ID = "pathway_id";
    /** Setting key: the pathway version ({@code pathway_version}), a number or a label such as {@code production}. */
    public static final String SETTING_PATHWAY_VERSION = "pathway_version";
    /** Setting key: the voice name or id ({@code voice}). */
    public static final String SETTING_VOICE = "voice";
    /** Setting key: the agent's first sentence ({@code first_sentence}). */
    public static final String SETTING_FIRST_SENTENCE = "first_sentence";
    /** Setting key: the longest call, in whole minutes ({@code max_duration}). */
    public static final String SETTING_MAX_DURATION_MINUTES = "max_duration";
    /** Setting key: {@code true} or {@code false}, whether Bland records the call ({@code record}). */
    public static final String SETTING_RECORD = "record";
    /** Setting key: the voicemail action ({@code voicemail.action}: hangup, leave_message, ignore). */
    public static final String SETTING_VOICEMAIL_ACTION = "voicemail_action";
    /** Setting key: the voicemail message ({@code voicemail.message}). */
    public static final String SETTING_VOICEMAIL_MESSAGE = "voicemail_message";
    /** Setting key: the HTTPS URL Bland posts webhooks to ({@code webhook}). */
    public static final String SETTING_WEBHOOK_URL = "webhook";

    private static final Duration MAX_CALL_DURATION = Duration.ofHours(12);

    private BlandConfig() {
    }

    /** @return a new builder; {@code record} defaults to {@code true} */
    public static Builder builder() {
        return new Builder();
    }

    /** What the agent does when an answering machine or voicemail picks up (Bland's {@code voicemail.action}). */
    public enum VoicemailAction {
        /** Hang up without a message (Bland's default). */
        HANGUP("hangup"),
        /** Leave the configured message, then hang up. */
        LEAVE_MESSAGE("leave_message"),
        /** Carry on as if a person answered. */
        IGNORE("ignore");

        private final String wireValue;

        VoicemailAction(String wireValue) {
            this.wireValue = wireValue;
        }

        /** @return the value Bland expects, e.g. {@code leave_message} */
        public String wireValue() {
            return wireValue;
        }
    }

    /**
     * Builder for a Bland {@link ProviderConfig}. Not thread-safe. {@link #build()} checks every setting once,
     * with the same rules {@link BlandProvider} applies to a configuration built with
     * {@code ProviderConfig.builder("bland")}, and reports an inconsistency with an
     * {@link InvalidRequestException} that says what to fix.
     */
    public static final class Builder extends ProviderConfigBuilder<Builder> {
        /** As asked, so that an out-of-range value is reported as the host wrote it. */
        private Duration maxDuration;

        private Builder() {
            super(PROVIDER_ID, DEFAULT_BASE_URL);
            record(true);
        }

        /**
         * @param apiKey the Bland API key (required; sent raw in the {@code authorization} header, never printed)
         * @return this builder
         */
        @Override
        public Builder apiKey(String apiKey) {
            return super.apiKey(apiKey);
        }

        /** @param task the agent's prompt; {@code {{name}}} placeholders are filled from the call's variables @return this builder */
        public Builder task(String task) {
            return setting(SETTING_TASK, Texts.blankToNull(task));
        }

        /** @param pathwayId a conversational pathway to run instead of a task @return this builder */
        public Builder pathwayId(String pathwayId) {
            return setting(SETTING_PATHWAY_ID, Texts.blankToNull(pathwayId));
        }

        /** @param version the pathway version: a number, or a label such as {@code production} or {@code staging} @return this builder */
        public Builder pathwayVersion(String version) {
            return setting(SETTING_PATHWAY_VERSION, Texts.blankToNull(version));
        }

        /** @param voice voice name or id, e.g. {@code maya} @return this builder */
        public Builder voice(String voice) {
            return setting(SETTING_VOICE, Texts.blankToNull(voice));
        }

        /** @param firstSentence the first thing the agent says @return this builder */
        public Builder firstSentence(String firstSentence) {
            return setting(SETTING_FIRST_SENTENCE, Texts.blankToNull(firstSentence));
        }

        /**
         * @param maxDuration the longest call, 1 minute to 12 hours, sent in whole minutes (rounded up, so a call
         *        is never cut shorter than asked); {@code null} for Bland's default
         * @return this builder
         */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return setting(SETTING_MAX_DURATION_MINUTES, maxDuration == null ? null : Long.toString(wholeMinutes(maxDuration)));
        }

        /** @param record whether Bland records the call (default {@code true}) @return this builder */
        public Builder record(boolean record) {
            return setting(SETTING_RECORD, Boolean.toString(record));
        }

        /**
         * @param action what to do on voicemail
         * @param message the message to leave: required for {@link VoicemailAction#LEAVE_MESSAGE}, must be
         *        {@code null} otherwise
         * @return this builder
         */
        public Builder voicemail(VoicemailAction action, String message) {
            setting(SETTING_VOICEMAIL_ACTION, action == null ? null : action.wireValue());
            return setting(SETTING_VOICEMAIL_MESSAGE, message);
        }

        /**
         * @param webhookUrl the HTTPS URL Bland posts the call's webhooks to; {@code null} for none. A blank one is
         *        refused by {@link #build()}: an unset environment variable must not silently lose every end report
         * @return this builder
         */
        public Builder webhookUrl(String webhookUrl) {
            return setting(SETTING_WEBHOOK_URL, webhookUrl);
        }

        /**
         * Checks and builds.
         *
         * @return the provider-neutral configuration, provider id {@code bland}
         * @throws InvalidRequestException naming what is missing or inconsistent
         */
        @Override
        public ProviderConfig build() {
            if (maxDuration != null && (maxDuration.compareTo(Duration.ofMinutes(1)) < 0
                    || maxDuration.compareTo(MAX_CALL_DURATION) > 0)) {
                throw new InvalidRequestException("maxDuration must be between 1 minute and 12 hours, got "
                        + maxDuration);
            }
            ProviderConfig config = buildConfig();
            BlandSettings.of(config);
            return config;
        }

        /** Bland takes whole minutes: rounded up, so a call is never cut shorter than asked. Range: {@link #build()}. */
        private static long wholeMinutes(Duration maxDuration) {
            if (maxDuration.compareTo(MAX_CALL_DURATION) > 0) {
                return BlandSettings.MAX_DURATION_MINUTES + 1;
            }
            if (maxDuration.isNegative()) {
                return 0;
            }
            long minutes = maxDuration.toMinutes();
            return maxDuration.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1;
        }

        /** Never prints the API key. */
        @Override
        public String toString() {
            String pathwayId = settingValue(SETTING_PATHWAY_ID);
            return "BlandConfig.Builder[apiKey=" + (apiKey() == null ? "none" : "****") + ", mode="
                    + (settingValue(SETTING_TASK) != null ? "task" : pathwayId != null ? "pathway " + pathwayId : "unset")
                    + "]";
        }
    }

}
