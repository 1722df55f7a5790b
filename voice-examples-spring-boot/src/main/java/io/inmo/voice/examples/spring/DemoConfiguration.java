package io.inmo.voice.examples.spring;

import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.examples.DemoData;
import io.inmo.voice.examples.Lead;
import io.inmo.voice.examples.LeadStore;
import io.inmo.voice.examples.RuleBasedSummaryHook;
import io.inmo.voice.examples.TimelineListener;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.fake.FakeWebhookSink;
import io.inmo.voice.spring.VoiceProperties;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The demo CRM's beans. The starter picks up the {@code SummaryHook} and {@code CallListener} beans and backs off for
 * the {@link VoiceProviderFactory} defined here (the fake provider, scripted per lead, posting to this application).
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

    @Bean
    LeadStore leadStore(@Value("${DEMO_CALL_TO:}") String callTo) {
        return new LeadStore(DemoData.leads(callTo.isBlank() ? null : callTo));
    }

    @Bean
    RuleBasedSummaryHook summaryHook(LeadStore leads) {
        return new RuleBasedSummaryHook(leads);
    }

    @Bean
    TimelineListener timeline(LeadStore leads) {
        return new TimelineListener(id -> leads.find(id).map(Lead::name).orElse(id), null);
    }

    /** @return the threads that deliver the fake provider's webhooks, stopped with the application */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService fakeWebhookThreads() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fake-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @return the fake provider, signing with {@code inmo.voice.fake.webhook-secret} and posting to this
     *         application's webhook endpoint (the port is read at delivery time: it is only known once started)
     */
    @Bean
    VoiceProviderFactory voiceProviderFactory(VoiceProperties properties, Environment environment,
                                              ExecutorService fakeWebhookThreads) {
        AtomicReference<FakeWebhookSink> http = new AtomicReference<>();
        FakeWebhookSink toThisApplication = (headers, body) -> http.updateAndGet(sink -> sink != null ? sink
                : FakeWebhookSink.http(URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port")
                        + "/webhooks/voice/" + FakeVoiceProvider.ID))).deliver(headers, body);
        FakeVoiceProvider.Builder fake = FakeVoiceProvider.builder()
                .signingSecret(properties.getFake().getWebhookSecret())
                .sink(toThisApplication)
                .executor(fakeWebhookThreads);
        DemoData.scriptedOutcomes().forEach(fake::outcomeFor);
        // Discovery keeps VAPI and Bland available for brokers configured under inmo.voice.brokers.*.
        return VoiceProviderFactory.builder().register(fake.build()).build();
    }
}
