package io.inmo.voice.vapi;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.ProviderBuilderContract;

/** What a host injects through {@code VapiProvider.builder()}: its HTTP client, its clock, the retry waits. */
class VapiProviderBuilderTest extends ProviderBuilderContract<VapiProvider.Builder> {

    @Override
    protected VapiProvider.Builder builder() {
        return VapiProvider.builder();
    }

    @Override
    protected VoiceProvider build(VapiProvider.Builder builder) {
        return builder.build();
    }

    @Override
    protected ProviderConfig config(String baseUrl) {
        return VapiConfig.builder().apiKey("key-1").assistantId("asst-1").phoneNumberId("pn-1").baseUrl(baseUrl).build();
    }

    @Override
    protected String createPath() {
        return "/call";
    }

    @Override
    protected String createdBody() {
        return "{\"id\":\"ext-1\",\"status\":\"queued\"}";
    }
}
