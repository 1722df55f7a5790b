package io.inmo.voice.bland;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.FaultMatrixContract;
import java.time.Duration;

/** Bland's {@code POST /v1/calls} against a provider that misbehaves at the TCP level. */
class BlandFaultMatrixTest extends FaultMatrixContract {

    @Override
    protected VoiceProvider provider(ProviderHttpClient http) {
        return new BlandProvider(http);
    }

    @Override
    protected ProviderConfig config(String baseUrl, Duration requestTimeout) {
        return BlandConfig.builder().apiKey("sk-matrix").task("Ask about the flat").baseUrl(baseUrl)
                .requestTimeout(requestTimeout).connectTimeout(Duration.ofSeconds(2)).maxAttempts(3).build();
    }
}
