package io.inmo.voice;

import io.inmo.voice.internal.PhoneNumbers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link io.inmo.voice.spi.VoiceProvider} is asked to dial. Built by {@link VoiceCallService};
 * hosts build one only to call a provider directly.
 *
 * <pre>{@code
 * MakeCallRequest request = MakeCallRequest.builder()
 *         .callId("c0b7...")
 *         .phoneNumber("+14155550123")
 *         .customerName("Ana Torres")
 *         .variable("property", "3-bed flat")
 *         .metadata("leadId", "lead-42")
 *         .build();
 * }</pre>
 *
 * @param callId our call id; providers send it back in webhook metadata (required)
 * @param phoneNumber the number to dial, E.164 (required)
 * @param customerName the lead's name, or {@code null}
 * @param variables prompt variables (VAPI {@code variableValues}, Bland {@code request_data}); never {@code null}
 * @param metadata correlation data echoed back by the provider; never {@code null}
 * @param providerOptions escape hatch: merged into the provider's request body as given; never {@code null}
 */
public record MakeCallRequest(String callId, String phoneNumber, String customerName, Map<String, String> variables,
                              Map<String, String> metadata, Map<String, Object> providerOptions) {

    /** Validates the call id and the E.164 number and copies the maps. */
    public MakeCallRequest {
        callId = Checks.requireText(callId, "callId");
        PhoneNumbers.requireE164(phoneNumber);
        variables = Checks.copyOf(variables, "variables");
        metadata = Checks.copyOf(metadata, "metadata");
        providerOptions = Checks.copyOf(providerOptions, "providerOptions");
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Masks the phone number: requests end up in logs. */
    @Override
    public String toString() {
        return "MakeCallRequest[callId=" + callId + ", phoneNumber=" + PhoneNumbers.mask(phoneNumber)
                + ", variables=" + variables.keySet() + ", metadata=" + metadata.keySet()
                + ", providerOptions=" + providerOptions.keySet() + "]";
    }

    /** Builder for {@link MakeCallRequest}. Not thread-safe. */
    public static final class Builder {
        private String callId;
        private String phoneNumber;
        private String customerName;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Object> providerOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param callId our call id @return this builder */
        public Builder callId(String callId) {
            this.callId = callId;
            return this;
        }

        /** @param phoneNumber E.164 number @return this builder */
        public Builder phoneNumber(String phoneNumber) {
            this.phoneNumber = phoneNumber;
            return this;
        }

        /** @param customerName lead name or {@code null} @return this builder */
        public Builder customerName(String customerName) {
            this.customerName = customerName;
            return this;
        }

        /** @param variables prompt variables, added to those already set @return this builder */
        public Builder variables(Map<String, String> variables) {
            this.variables.putAll(variables);
            return this;
        }

        /** @param name variable name @param value variable value @return this builder */
        public Builder variable(String name, String value) {
            this.variables.put(name, value);
            return this;
        }

        /** @param metadata correlation data, added to what is already set @return this builder */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata.putAll(metadata);
            return this;
        }

        /** @param key metadata key @param value metadata value @return this builder */
        public Builder metadata(String key, String value) {
            this.metadata.put(key, value);
            return this;
        }

        /** @param options provider-specific body fields, added to those already set @return this builder */
        public Builder providerOptions(Map<String, Object> options) {
            this.providerOptions.putAll(options);
            return this;
        }

        /** @param key body field @param value its value (JSON-serializable) @return this builder */
        public Builder providerOption(String key, Object value) {
            this.providerOptions.put(key, value);
            return this;
        }

        /** @return the request @throws InvalidRequestException if a required value is missing or invalid */
        public MakeCallRequest build() {
            return new MakeCallRequest(callId, phoneNumber, customerName, variables, metadata, providerOptions);
        }
    }
}
