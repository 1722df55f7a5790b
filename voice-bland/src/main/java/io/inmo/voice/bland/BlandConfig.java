package io.inmo.voice.bland;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.ProviderConfigBuilder;
import io.inmo.voice.internal.Texts;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

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
     * Builder for a Bland {@link ProviderConfig}. Not thread-safe. Every inconsistency is reported by
     * {@link #build()} with an {@link IllegalArgumentException} that says what to fix.
     */
    public static final class Builder extends ProviderConfigBuilder<Builder> {
        private String task;
        private String pathwayId;
        private String pathwayVersion;
        private String voice;
        private String firstSentence;
        private Duration maxDuration;
        private boolean record = true;
        private VoicemailAction voicemailAction;
        private String voicemailMessage;
        private String webhookUrl;

        private Builder() {
            super(PROVIDER_ID, DEFAULT_BASE_URL);
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
            this.task = task;
            return this;
        }

        /** @param pathwayId a conversational pathway to run instead of a task @return this builder */
        public Builder pathwayId(String pathwayId) {
            this.pathwayId = pathwayId;
            return this;
        }

        /** @param version the pathway version: a number, or a label such as {@code production} or {@code staging} @return this builder */
        public Builder pathwayVersion(String version) {
            this.pathwayVersion = version;
            return this;
        }

        /** @param voice voice name or id, e.g. {@code maya} @return this builder */
        public Builder voice(String voice) {
            this.voice = voice;
            return this;
        }

        /** @param firstSentence the first thing the agent says @return this builder */
        public Builder firstSentence(String firstSentence) {
            this.firstSentence = firstSentence;
            return this;
        }

        /** @param maxDuration the longest call, 1 minute to 12 hours, sent in whole minutes (rounded up) @return this builder */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        /** @param record whether Bland records the call (default {@code true}) @return this builder */
        public Builder record(boolean record) {
            this.record = record;
            return this;
        }

        /**
         * @param action what to do on voicemail
         * @param message the message to leave: required for {@link VoicemailAction#LEAVE_MESSAGE}, must be
         *        {@code null} otherwise
         * @return this builder
         */
        public Builder voicemail(VoicemailAction action, String message) {
            this.voicemailAction = action;
            this.voicemailMessage = message;
            return this;
        }

        /** @param webhookUrl the HTTPS URL Bland posts the call's webhooks to @return this builder */
        public Builder webhookUrl(String webhookUrl) {
            this.webhookUrl = webhookUrl;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the provider-neutral configuration, provider id {@code bland}
         * @throws IllegalArgumentException naming what is missing or inconsistent
         */
        @Override
        public ProviderConfig build() {
            if (Texts.isBlank(apiKey())) {
                throw new IllegalArgumentException("Bland apiKey is required: set BlandConfig.builder().apiKey(...) "
                        + "to the key from the Bland dashboard (Settings)");
            }
            if (Texts.isBlank(task) == Texts.isBlank(pathwayId)) {
                throw new IllegalArgumentException(Texts.isBlank(task)
                        ? "Bland needs what the agent should do: set exactly one of task(...) or pathwayId(...)"
                        : "Bland accepts either a task or a pathway, not both: remove task(...) or pathwayId(...)");
            }
            if (!Texts.isBlank(pathwayVersion) && Texts.isBlank(pathwayId)) {
                throw new IllegalArgumentException("pathwayVersion(...) applies to a pathway: set pathwayId(...) or "
                        + "remove the pathway version");
            }
            String maxMinutes = maxDuration == null ? null : Long.toString(wholeMinutes(maxDuration));
            if (voicemailAction == null && voicemailMessage != null) {
                throw new IllegalArgumentException("a voicemail message needs voicemail(VoicemailAction.LEAVE_MESSAGE, "
                        + "message)");
            }
            if (voicemailAction == VoicemailAction.LEAVE_MESSAGE && Texts.isBlank(voicemailMessage)) {
                throw new IllegalArgumentException("voicemail(LEAVE_MESSAGE, message) needs the message to leave");
            }
            if (voicemailAction != null && voicemailAction != VoicemailAction.LEAVE_MESSAGE && voicemailMessage != null) {
                throw new IllegalArgumentException("a voicemail message is only left with VoicemailAction.LEAVE_MESSAGE, "
                        + "not " + voicemailAction + ": pass null as the message or use LEAVE_MESSAGE");
            }
            if (webhookUrl != null && !webhookUrl.toLowerCase(Locale.ROOT).startsWith("https://")) {
                throw new IllegalArgumentException("Bland only posts webhooks to https:// URLs; webhookUrl must start "
                        + "with https://");
            }
            if (webhookUrl != null) {
                try {
                    URI.create(webhookUrl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("webhookUrl is not a valid URI: " + e.getMessage(), e);
                }
            }
            return build(b -> b
                    .setting(SETTING_TASK, Texts.blankToNull(task))
                    .setting(SETTING_PATHWAY_ID, Texts.blankToNull(pathwayId))
                    .setting(SETTING_PATHWAY_VERSION, Texts.blankToNull(pathwayVersion))
                    .setting(SETTING_VOICE, Texts.blankToNull(voice))
                    .setting(SETTING_FIRST_SENTENCE, Texts.blankToNull(firstSentence))
                    .setting(SETTING_MAX_DURATION_MINUTES, maxMinutes)
                    .setting(SETTING_RECORD, Boolean.toString(record))
                    .setting(SETTING_VOICEMAIL_ACTION, voicemailAction == null ? null : voicemailAction.wireValue())
                    .setting(SETTING_VOICEMAIL_MESSAGE, voicemailMessage)
                    .setting(SETTING_WEBHOOK_URL, webhookUrl));
        }

        /** Bland takes whole minutes: round up, so a call is never cut shorter than asked. */
        private static long wholeMinutes(Duration maxDuration) {
            if (maxDuration.compareTo(Duration.ofMinutes(1)) < 0 || maxDuration.compareTo(MAX_CALL_DURATION) > 0) {
                throw new IllegalArgumentException("maxDuration must be between 1 minute and 12 hours, got "
                        + maxDuration);
            }
            long minutes = maxDuration.toMinutes();
            return maxDuration.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1;
        }

        /** Never prints the API key. */
        @Override
        public String toString() {
            return "BlandConfig.Builder[apiKey=" + (apiKey() == null ? "none" : "****")
                    + ", mode=" + (task != null ? "task" : pathwayId != null ? "pathway " + pathwayId : "unset") + "]";
        }
    }

}
