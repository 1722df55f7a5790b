package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceCallMetadataTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final InMemoryCallRepository repository = new InMemoryCallRepository();

    private VoiceCallService service() {
        FakeVoiceProvider fake = FakeVoiceProvider.builder().defaultOutcome(FakeOutcome.ANSWERED)
                .sink(new RecordingSink()).build();
        return VoiceCallService.builder()
                .repository(repository)
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(fake).build())
                .brokerConfigs(BrokerConfigSource.of(Map.of("broker-7", ProviderConfig.builder("fake").build())))
                .executor(new ManualExecutor())
                .clock(new MutableClock(T0))
                .build();
    }

    @Test
    void should_store_the_options_metadata_with_the_sdks_lead_and_broker_ids() {
        // given
        VoiceCallService service = service();
        CallOptions options = CallOptions.builder().metadata("campaignId", "cmp-11").metadata("leadId", "spoofed")
                .build();

        // when
        VoiceCall call = service.initiate(CallTarget.of("lead-1", "broker-7", "+34600111222"), options);

        // then the stored call keeps what the provider was sent, the SDK's keys winning
        Map<String, String> expected = Map.of("campaignId", "cmp-11", "leadId", "lead-1", "brokerId", "broker-7");
        assertThat(call.metadata()).isEqualTo(expected);
        assertThat(repository.findById(call.callId()).orElseThrow().metadata()).isEqualTo(expected);
    }

    @Test
    void should_keep_an_immutable_copy_and_never_null() {
        // given
        Map<String, String> source = new HashMap<>(Map.of("k", "v"));

        // when
        VoiceCall call = VoiceCall.builder().callId("c").leadId("l").brokerId("b").provider("fake")
                .createdAt(T0).updatedAt(T0).metadata(source).build();
        source.put("k", "changed");

        // then
        assertThat(call.metadata()).containsExactly(Map.entry("k", "v"));
        assertThatThrownBy(() -> call.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(call.toBuilder().build().metadata()).isEqualTo(call.metadata());
        assertThat(call.toBuilder().metadata(null).build().metadata()).isEmpty();
        assertThat(new VoiceCall("c", "l", "b", "fake", null, CallStatus.INITIATED, null, null, null, null, null,
                null, SummaryState.NONE, T0, T0, null, 0).metadata()).isEmpty();
    }
}
