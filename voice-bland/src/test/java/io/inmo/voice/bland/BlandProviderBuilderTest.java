package io.inmo.voice.bland;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.ProviderBuilderContract;

/** What a host injects through {@code BlandProvider.builder()}: its HTTP client, its clock, the retry waits. */
class BlandProviderBuilderTest extends ProviderBuilderContract<BlandProvider.Builder> {

    @Override
    protected BlandProvider.Builder builder() {
        return BlandProvider.builder();
    }

    @Override
    protected VoiceProvider build(BlandProvider.Builder builder) {
        return builder.build();
    }

    @Override
    protected ProviderConfig config(String baseUrl) {
        return BlandConfig.builder().apiKey("key-1").task("Call the lead.").baseUrl(baseUrl).build();
    }

    @Override
    protected String createPath() {
        return "/v1/calls";
    }

    @Override
    protected String createdBody() {
        return "{\"status\":\"success\",\"call_id\":\"ext-1\"}";
    }
}
