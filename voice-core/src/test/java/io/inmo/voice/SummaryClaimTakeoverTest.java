package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.SummaryHook;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.testing.RecordingSleeper;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A summary worker slower than the claim timeout is replaced by another; when the slow one finally returns,
 * its result must not overwrite the result of the worker that took over.
 */
class SummaryClaimTakeoverTest {

    private static final String SECRET = "whsec-test";

    private final MutableClock clock = MutableClock.at("2026-11-27T10:00:00Z");
    private final RecordingSink sink = new RecordingSink();
    private final List<CallActivity> activities = new CopyOnWriteArrayList<>();
    private final AtomicReference<VoiceCallService> service = new AtomicReference<>();
    private final AtomicInteger hookRuns = new AtomicInteger();

    private VoiceCall endedCallWith(SummaryHook hook) {
        FakeVoiceProvider fake = FakeVoiceProvider.builder().defaultOutcome(FakeOutcome.ANSWERED)
                .signingSecret(SECRET).sink(sink).clock(clock).build();
        VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        service.set(VoiceCallService.builder().repository(new InMemoryCallRepository()).providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of("b", ProviderConfig.builder("fake").build())))
                .summaryHook(hook).listener(activities::add).executor(Runnable::run).clock(clock)
                .sleeper(new RecordingSleeper()).summaryMaxAttempts(1).summaryClaimTimeout(Duration.ofMinutes(10))
                .callIds(() -> "call-1").build());
        WebhookNormalizer normalizer = WebhookNormalizer.builder().providerFactory(providers)
                .verifier("fake", FakeVoiceProvider.verifier(SECRET)).build();
        service.get().initiate(new CallTarget("lead-1", "b", "+34600111222", "Ana", Map.of()));
        sink.webhooks().forEach(w -> service.get().handle(normalizer.normalize("fake", w.headers(), w.body())));
        return service.get().find("call-1").orElseThrow();
    }

    /** The first run stalls past the claim timeout, lets another worker take over, then ends as given. */
    private SummaryHook stallingFirstRun(boolean firstRunFails) {
        return call -> {
            if (hookRuns.incrementAndGet() == 1) {
                clock.advance(Duration.ofMinutes(11));
                service.get().resumePendingSummaries();
                if (firstRunFails) {
                    throw new IllegalStateException("the slow worker's LLM call timed out");
                }
                return CallSummary.of("slow worker's summary");
            }
            return CallSummary.of("summary of the worker that took over");
        };
    }

    @Test
    void should_keep_the_takeover_result_when_the_slow_worker_fails_afterwards() {
        // given a slow worker whose claim went stale and a second worker that finished the summary
        // when the slow worker then fails
        VoiceCall call = endedCallWith(stallingFirstRun(true));

        // then the stored result is the second worker's, and nobody is told the summary failed
        assertThat(hookRuns).hasValue(2);
        assertThat(call.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(call.summary()).isEqualTo("summary of the worker that took over");
        assertThat(call.summaryError()).isNull();
        assertThat(activities).extracting(CallActivity::type)
                .containsOnlyOnce(CallActivity.Type.SUMMARY_READY)
                .doesNotContain(CallActivity.Type.SUMMARY_FAILED);
    }

    @Test
    void should_keep_the_takeover_result_when_the_slow_worker_succeeds_afterwards() {
        // given the same takeover, when the slow worker then returns a summary of its own
        VoiceCall call = endedCallWith(stallingFirstRun(false));

        // then the late summary is dropped: one SUMMARY_READY, the takeover's text
        assertThat(call.summaryState()).isEqualTo(SummaryState.DONE);
        assertThat(call.summary()).isEqualTo("summary of the worker that took over");
        assertThat(activities).extracting(CallActivity::type).containsOnlyOnce(CallActivity.Type.SUMMARY_READY);
    }
}
