package io.inmo.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.CallRepository;
import io.inmo.voice.spi.ProcessedEvents;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.MutableClock;
import io.inmo.voice.testing.RecordingSink;
import io.inmo.voice.webhook.WebhookEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hard deduplication: with a {@link ProcessedEvents} store, a replayed webhook changes nothing. */
class ProcessedEventsServiceTest {

    private final FlakyRepository repository = new FlakyRepository();

    private VoiceCallService service(ProcessedEvents processed) {
        FakeVoiceProvider fake = FakeVoiceProvider.builder().defaultOutcome(FakeOutcome.ANSWERED)
                .sink(new RecordingSink()).build();
        return VoiceCallService.builder()
                .repository(repository)
                .providerFactory(VoiceProviderFactory.builder().discover(false).register(fake).build())
                .brokerConfigs(BrokerConfigSource.of(Map.of("broker-7", ProviderConfig.builder("fake").build())))
                .executor(new ManualExecutor())
                .clock(MutableClock.at("2026-11-27T10:00:00Z"))
                .processedEvents(processed)
                .build();
    }

    private static WebhookEvent ended(VoiceCall call, String transcript) {
        return WebhookEvent.builder().provider("fake").type(WebhookEvent.Type.CALL_ENDED).eventId("fake:end")
                .callId(call.callId()).status(CallStatus.COMPLETED).providerStatus("completed")
                .transcript(transcript).build();
    }

    @Test
    void should_ignore_a_replayed_event_even_when_it_carries_more_data() {
        // given
        VoiceCallService service = service(new InMemoryProcessedEvents());
        VoiceCall call = service.initiate(CallTarget.of("lead-1", "broker-7", "+34600111222"));
        VoiceCall ended = service.handle(ended(call, null)).orElseThrow();

        // when the same event comes again, now with a transcript
        Optional<VoiceCall> replay = service.handle(ended(call, "User: hola"));

        // then
        assertThat(replay).contains(ended);
        assertThat(service.find(call.callId()).orElseThrow().transcript()).isNull();
    }

    @Test
    void should_record_each_applied_event_once_and_check_replays_before_applying() {
        // given a store that records what the service asks
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        InMemoryProcessedEvents window = new InMemoryProcessedEvents();
        ProcessedEvents spy = new ProcessedEvents() {
            @Override
            public boolean contains(String provider, String eventId) {
                asked.add("contains " + eventId);
                return window.contains(provider, eventId);
            }

            @Override
            public void add(String provider, String eventId, String callId, Instant processedAt) {
                asked.add("add " + eventId + " " + callId);
                window.add(provider, eventId, callId, processedAt);
            }
        };
        VoiceCallService service = service(spy);
        VoiceCall call = service.initiate(CallTarget.of("lead-1", "broker-7", "+34600111222"));

        // when the same event arrives three times
        service.handle(ended(call, "User: hola"));
        service.handle(ended(call, "User: hola"));
        service.handle(ended(call, "User: hola"));

        // then it was recorded once, after it was applied, and every copy was checked first
        assertThat(asked).containsExactly("contains fake:end", "add fake:end " + call.callId(),
                "contains fake:end", "contains fake:end");
        assertThat(service.find(call.callId()).orElseThrow().transcript()).isEqualTo("User: hola");
    }

    @Test
    void should_apply_a_resent_event_whose_first_delivery_failed() {
        // given
        VoiceCallService service = service(new InMemoryProcessedEvents());
        VoiceCall call = service.initiate(CallTarget.of("lead-1", "broker-7", "+34600111222"));
        repository.failWrites = true;
        assertThatThrownBy(() -> service.handle(ended(call, "User: hola")))
                .isInstanceOf(StoreUnavailableException.class);
        repository.failWrites = false;

        // when the provider resends it
        service.handle(ended(call, "User: hola"));

        // then
        assertThat(service.find(call.callId()).orElseThrow().status()).isEqualTo(CallStatus.COMPLETED);
    }

    /** An in-memory repository whose writes can be made to fail, as a database that went away. */
    private static final class FlakyRepository implements CallRepository {
        private final InMemoryCallRepository delegate = new InMemoryCallRepository();
        volatile boolean failWrites;

        @Override
        public void insert(VoiceCall call) {
            delegate.insert(call);
        }

        @Override
        public Optional<VoiceCall> findById(String callId) {
            return delegate.findById(callId);
        }

        @Override
        public Optional<VoiceCall> findByExternalId(String provider, String externalCallId) {
            return delegate.findByExternalId(provider, externalCallId);
        }

        @Override
        public Optional<VoiceCall> findActiveByLead(String leadId) {
            return delegate.findActiveByLead(leadId);
        }

        @Override
        public boolean compareAndSet(long expectedVersion, VoiceCall updated) {
            if (failWrites) {
                throw new StoreUnavailableException("database down", null);
            }
            return delegate.compareAndSet(expectedVersion, updated);
        }

        @Override
        public List<VoiceCall> findActiveUpdatedBefore(Instant updatedBefore, int limit) {
            return delegate.findActiveUpdatedBefore(updatedBefore, limit);
        }

        @Override
        public List<VoiceCall> findSummariesDue(Instant staleRunningBefore, int limit) {
            return delegate.findSummariesDue(staleRunningBefore, limit);
        }
    }
}
