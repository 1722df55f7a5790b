package io.inmo.voice.bland;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallSnapshot;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Places a real call through Bland and reads it back. Runs only when {@code BLAND_API_KEY} and
 * {@code BLAND_TEST_NUMBER} (an E.164 number you own) are set; it costs a short call.
 */
@EnabledIfEnvironmentVariable(named = "BLAND_API_KEY", matches = ".+")
@EnabledIfEnvironmentVariable(named = "BLAND_TEST_NUMBER", matches = "\\+[1-9][0-9]{6,14}")
class BlandProviderIT {

    @Test
    void should_place_a_real_call_and_fetch_it() {
        // given
        ProviderConfig config = BlandConfig.builder()
                .apiKey(System.getenv("BLAND_API_KEY"))
                .task("You are testing an SDK. Say that this is a test call from inmo-voice, then end the call.")
                .firstSentence("Hello, this is a test call from inmo voice.")
                .maxDuration(Duration.ofMinutes(1))
                .record(false)
                .build();
        String callId = UUID.randomUUID().toString();
        MakeCallRequest request = MakeCallRequest.builder().callId(callId)
                .phoneNumber(System.getenv("BLAND_TEST_NUMBER")).metadata("purpose", "inmo-voice IT").build();
        BlandProvider provider = new BlandProvider();
        // when
        PlacedCall placed = provider.makeCall(request, config);
        Optional<CallSnapshot> fetched = provider.fetchCall(placed.externalCallId(), config);
        // then
        assertThat(placed.externalCallId()).isNotBlank();
        assertThat(fetched).get().extracting(CallSnapshot::externalCallId).isEqualTo(placed.externalCallId());
    }
}
