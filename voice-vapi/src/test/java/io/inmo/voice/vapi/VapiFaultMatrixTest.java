package io.inmo.voice.vapi;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.FaultMatrixContract;
import java.time.Duration;

/** VAPI's {@code POST /call} against a provider that misbehaves at the TCP level. */
class VapiFaultMatrixTest extends FaultMatrixContract {

    @Override
    protected VoiceProvider provider(ProviderHttpClient http) {
        return new VapiProvider(http);
    }

    @Override
    protected ProviderConfig config(String baseUrl, Duration requestTimeout) {
        return VapiConfig.builder().apiKey("vapi-private-key").assistantId("asst-1").phoneNumberId("pn-1")
                .baseUrl(baseUrl).requestTimeout(requestTimeout).connectTimeout(Duration.ofSeconds(2))
                .maxAttempts(3).build();
    }
}
