package io.inmo.voice.campaign;

import io.inmo.voice.BrokerConfigSource;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.inmo.voice.webhook.WebhookVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several "instances" (a VoiceCallService and a CampaignDialer each) over one call repository and one campaign
 * store, on a fake provider whose webhooks wait until a call has lasted {@link #callLength} of simulated time.
 */
final class DialerHarness {

    static final String BROKER = "broker-1";

    /** A call's webhooks, waiting to be delivered. */
    record Pending(Instant placedAt, Runnable deliver) {
    }

    /** One instance. */
    record Node(VoiceCallService service, CampaignDialer dialer) {
    }

    final MutableClock clock;
    final CampaignStore store;
    final InMemoryCallRepository repository = new InMemoryCallRepository();
    final Timeline timeline = new Timeline();
    final List<Node> nodes = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    final FakeVoiceProvider fake;
    final VoiceProviderFactory providers;
    WebhookNormalizer normalizer;
    volatile Duration callLength = Duration.ZERO;
    volatile boolean holdWebhooks;
    private final AtomicInteger deliveries = new AtomicInteger();

    DialerHarness(MutableClock clock, CampaignStore store, Map<String, FakeOutcome> outcomes) {
        this.clock = clock;
        this.store = store;
        FakeVoiceProvider.Builder fb = FakeVoiceProvider.builder().clock(clock)
                .executor(task -> {
                    if (holdWebhooks || !callLength.isZero()) {
                        pending.add(new Pending(clock.instant(), task));
                    } else {
                        task.run();
                    }
                })
                .sink((headers, body) -> {
                    // Webhooks reach any instance, as behind a load balancer.
                    Node node = nodes.get(deliveries.getAndIncrement() % nodes.size());
                    node.service().handle(this.normalizer.normalize(FakeVoiceProvider.ID, headers, body));
                });
        outcomes.forEach(fb::outcomeFor);
        this.fake = fb.build();
        this.providers = VoiceProviderFactory.builder().discover(false).register(fake).build();
        this.normalizer = WebhookNormalizer.builder().providerFactory(providers)
                .verifier(FakeVoiceProvider.ID, WebhookVerifier.none()).build();
    }

    Node addNode(DialGuard guard) {
        CampaignDialer.Builder campaigns = CampaignDialer.builder().store(store).clock(clock).guard(guard)
                .random(new Random(7));
        VoiceCallService service = VoiceCallService.builder()
                .repository(repository)
                .providerFactory(providers)
                .brokerConfigs(BrokerConfigSource.of(Map.of(BROKER, ProviderConfig.builder("fake").build())))
                .listener(activity -> {
                    timeline.onActivity(activity); // first: an end is logged before its slot is freed
                    campaigns.callListener().onActivity(activity);
                })
                .executor(Runnable::run)
                .clock(clock)
                .build();
        Node node = new Node(service, campaigns.calls(service).build());
        nodes.add(node);
        return node;
    }

    Node node() {
        return nodes.get(0);
    }

    /** Delivers the webhooks of every call that has lasted {@link #callLength}. @return how many calls */
    int deliverEnded() {
        if (holdWebhooks) {
            return 0;
        }
        Instant now = clock.instant();
        List<Pending> due = new ArrayList<>();
        for (Pending p : pending) {
            if (!p.placedAt().plus(callLength).isAfter(now)) {
                due.add(p);
            }
        }
        due.forEach(p -> {
            pending.remove(p);
            p.deliver().run();
        });
        return due.size();
    }

    /** Delivers every held webhook now, whatever the call length. */
    void deliverAll() {
        for (Pending p; (p = pending.poll()) != null; ) {
            p.deliver().run();
        }
    }
}
