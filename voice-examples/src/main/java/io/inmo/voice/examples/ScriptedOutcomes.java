package io.inmo.voice.examples;

import io.inmo.voice.CallSnapshot;
import io.inmo.voice.MakeCallRequest;
import io.inmo.voice.PlacedCall;
import io.inmo.voice.ProviderConfig;
import io.inmo.voice.fake.FakeOutcome;
import io.inmo.voice.fake.FakeVoiceProvider;
import io.inmo.voice.spi.VoiceProvider;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fake provider, with each lead's outcome scripted per attempt (a lead that does not answer the first time
 * and answers the second), read from the {@code leadId} and {@code campaignAttempt} metadata the campaign dialer
 * sends with every call. Everything else is the fake's own code path.
 */
final class ScriptedOutcomes implements VoiceProvider {

    private final FakeVoiceProvider fake;
    private final Map<String, List<FakeOutcome>> byLead;

    ScriptedOutcomes(FakeVoiceProvider fake, Map<String, List<FakeOutcome>> byLead) {
        this.fake = fake;
        this.byLead = Map.copyOf(byLead);
    }

    @Override
    public String id() {
        return fake.id();
    }

    @Override
    public PlacedCall makeCall(MakeCallRequest request, ProviderConfig config) {
        List<FakeOutcome> script = byLead.getOrDefault(request.metadata().get("leadId"), List.of(FakeOutcome.ANSWERED));
        int attempt = Integer.parseInt(request.metadata().getOrDefault("campaignAttempt", "1"));
        FakeOutcome outcome = script.get(Math.min(attempt, script.size()) - 1);
        MakeCallRequest scripted = MakeCallRequest.builder().callId(request.callId())
                .phoneNumber(request.phoneNumber()).customerName(request.customerName())
                .variables(request.variables()).metadata(request.metadata())
                .providerOptions(request.providerOptions())
                .providerOption(FakeVoiceProvider.OUTCOME_OPTION, outcome.name()).build();
        return fake.makeCall(scripted, config);
    }

    @Override
    public Optional<CallSnapshot> fetchCall(String externalCallId, ProviderConfig config) {
        return fake.fetchCall(externalCallId, config);
    }

    @Override
    public WebhookEvent parseWebhook(WebhookRequest request) {
        return fake.parseWebhook(request);
    }
}
