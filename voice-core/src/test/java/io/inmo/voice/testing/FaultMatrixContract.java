package io.inmo.voice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallStatus;
import io.inmo.voice.CallTarget;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.internal.http.ProviderHttpClient;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.testing.FaultyHttpServer.Fault;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TCP-level fault matrix every provider must pass: whatever the provider's socket does after our call
 * creation was sent (reset, close, trickle the body or the headers, 100-Continue then silence, a garbage status
 * line), {@code initiate} dials once, returns within the request timeout plus a margin, and leaves the call
 * {@code INITIATED} and unconfirmed (the request may have been processed: a webhook or reconciliation settles it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FaultMatrixContract {

    /** Short, so the suite stays fast; the trickle tick is the 400 ms. */
    protected static final Duration REQUEST_TIMEOUT = Duration.ofMillis(400);
    private static final Duration TICK = Duration.ofMillis(400);
    /** Scheduling slack on a loaded 2-core machine; the unbounded exchange took 8 s and more. */
    private static final Duration MARGIN = Duration.ofMillis(1_600);

    /**
     * @param http the HTTP plumbing to use (no real retry waits)
     * @return the provider under test
     */
    protected abstract VoiceProvider provider(ProviderHttpClient http);

    /**
     * @param baseUrl where the faulty server listens
     * @param requestTimeout the timeout to configure
     * @return a complete configuration of the provider (3 attempts allowed, so a wrong retry would show)
     */
    protected abstract ProviderConfig config(String baseUrl, Duration requestTimeout);

    /** Loads the HTTP client's classes once, so that the first measured case is not charged for it. */
    @BeforeAll
    void warmUp() {
        try (FaultyHttpServer server = FaultyHttpServer.start(Fault.CLOSE_WITHOUT_ANSWER, TICK)) {
            initiate(server);
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost deadline fails, never hangs CI
    void should_dial_once_and_leave_the_call_unconfirmed_within_the_timeout(Fault fault) {
        try (FaultyHttpServer server = FaultyHttpServer.start(fault, TICK)) {
            // given a provider that misbehaves after reading our request
            // when
            long started = System.nanoTime();
            Placed placed = initiate(server);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            // then
            VoiceCall call = placed.call();
            assertThat(server.count("POST")).as("dials").isEqualTo(1);
            assertThat(call.status()).isEqualTo(CallStatus.INITIATED);
            assertThat(call.unconfirmed()).isTrue();
            assertThat(call.externalCallId()).isNull();
            assertThat(placed.stored()).get().extracting(VoiceCall::status, VoiceCall::unconfirmed)
                    .containsExactly(CallStatus.INITIATED, true);
            assertThat(elapsed).as("initiate time for " + fault).isLessThan(REQUEST_TIMEOUT.plus(MARGIN));
        }
    }

    private record Placed(VoiceCall call, Optional<VoiceCall> stored) {
    }

    /** Places one call through the real service, with the provider pointed at {@code server}. */
    private Placed initiate(FaultyHttpServer server) {
        VoiceProvider provider = provider(ProviderHttpClient.builder().sleeper(new RecordingSleeper()).build());
        ProviderConfig config = config(server.baseUrl(), REQUEST_TIMEOUT);
        try (VoiceCallService service = VoiceCallService.builder()
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(provider).build())
                .brokerConfigs(broker -> Optional.of(config))
                .executor(new ManualExecutor())
                .build()) {
            VoiceCall call = service.initiate(new CallTarget("lead-1", "broker-1", "+14155550123", "Ana", null));
            return new Placed(call, service.find(call.callId()));
        }
    }
}
