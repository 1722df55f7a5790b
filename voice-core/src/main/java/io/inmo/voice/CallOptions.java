package io.inmo.voice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-call extras for {@link VoiceCallService#initiate(CallTarget, CallOptions)}: metadata that travels with
 * the call to the provider and back in its webhooks (a campaign id, say), and provider options merged into
 * the provider's request body (the escape hatch for provider features the SDK does not model).
 *
 * <pre>{@code
 * service.initiate(target, CallOptions.builder()
 *         .metadata("campaignId", "cmp-2026-11")
 *         .providerOption("assistantOverrides", Map.of("firstMessage", "¡Hola Ana!"))   // VAPI
 *         .build());
 * }</pre>
 *
 * @param metadata string metadata for the provider's call record; never {@code null}. The SDK's own keys
 *        ({@code callId}, {@code leadId}, {@code brokerId}) win over these
 * @param providerOptions values deep-merged into the provider's request body; never {@code null}
 */
public record CallOptions(Map<String, String> metadata, Map<String, Object> providerOptions) {

    /** No metadata, no provider options. */
    public static final CallOptions NONE = new CallOptions(Map.of(), Map.of());

    /** Copies both maps; {@code null} means empty. */
    public CallOptions {
        metadata = Checks.copyOf(metadata, "metadata");
        providerOptions = Checks.copyOf(providerOptions, "providerOptions");
    }

    /**
     * The metadata a call to {@code target} stores and sends: these options' metadata plus the SDK's
     * {@code leadId} and {@code brokerId}, which win.
     */
    Map<String, String> metadataFor(CallTarget target) {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.put("leadId", target.leadId());
        all.put("brokerId", target.brokerId());
        return all;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link CallOptions}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Object> providerOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param key metadata key @param value its value @return this builder */
        public Builder metadata(String key, String value) {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @param key top-level key of the provider's request body @param value its value @return this builder */
        public Builder providerOption(String key, Object value) {
            providerOptions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the options */
        public CallOptions build() {
            return new CallOptions(metadata, providerOptions);
        }
    }
}
