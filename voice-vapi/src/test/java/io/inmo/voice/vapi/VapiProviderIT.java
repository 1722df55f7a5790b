package io.inmo.voice.vapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallSnapshot;
import io.inmo.voice.CallStatus;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Live test against the real VAPI API: places one real call to {@code VAPI_TEST_NUMBER} and reads it back.
 * Skipped unless all four variables are set. It costs money and rings a phone: point it at your own number.
 */
@EnabledIfEnvironmentVariable(named = "VAPI_API_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "VAPI_ASSISTANT_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "VAPI_PHONE_NUMBER_ID", matches = ".+")
@EnabledIfEnvironmentVariable(named = "VAPI_TEST_NUMBER", matches = "\\+[1-9][0-9]{6,14}")
class VapiProviderIT {

    @Test
    void should_place_a_real_call_and_fetch_it() {
        // given
        ProviderConfig config = VapiConfig.builder()
                .apiKey(System.getenv("VAPI_API_KEY"))
                .assistantId(System.getenv("VAPI_ASSISTANT_ID"))
                .phoneNumberId(System.getenv("VAPI_PHONE_NUMBER_ID"))
                .build();
        VapiProvider provider = new VapiProvider();
        String callId = "it-" + UUID.randomUUID();

        // when
        PlacedCall placed = provider.makeCall(MakeCallRequest.builder()
                .callId(callId)
                .phoneNumber(System.getenv("VAPI_TEST_NUMBER"))
                .customerName("inmo-voice integration test")
                .variable("leadFirstName", "Tester")
                .build(), config);
        Optional<CallSnapshot> fetched = provider.fetchCall(placed.externalCallId(), config);

        // then
        assertThat(placed.externalCallId()).isNotBlank();
        assertThat(placed.status()).isIn(CallStatus.QUEUED, CallStatus.RINGING, CallStatus.IN_PROGRESS);
        assertThat(fetched).isPresent();
        assertThat(fetched.get().externalCallId()).isEqualTo(placed.externalCallId());
        assertThat(provider.fetchCall("00000000-0000-4000-8000-000000000000", config)).isEmpty();
    }
}
