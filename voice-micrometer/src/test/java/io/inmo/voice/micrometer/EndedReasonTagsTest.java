package io.inmo.voice.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inmo.voice.CallStatus;
import io.inmo.voice.InMemoryCallRepository;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.VoiceObserver.InitiationResult;
import io.inmo.voice.VoiceObserver.ProviderOperation;
import io.inmo.voice.VoiceObserver.ProviderOutcome;
import io.inmo.voice.VoiceObserver.SummaryResult;
import io.inmo.voice.VoiceObserver.WebhookResult;
import io.inmo.voice.testing.ManualExecutor;
import io.inmo.voice.testing.TestResources;
import io.inmo.voice.vapi.VapiProvider;
import io.inmo.voice.vapi.VapiWebhookVerifier;
import io.inmo.voice.webhook.WebhookNormalizer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * VAPI's {@code endedReason} is an open set of about 600 values: none of them may become a tag value. Each of the
 * 595 current values ends its own call, through the real VAPI parser, normalizer and service, once with the
 * evidence of an answered call and once without; the meters keep to their documented tag values.
 */
class EndedReasonTagsTest {

    private static final String SECRET = "vapi-secret";
    private static final Set<String> PROVIDERS = Set.of("vapi");
    private static final Set<String> STATUSES = Arrays.stream(CallStatus.values()).filter(CallStatus::isTerminal)
            .map(CallStatus::name).collect(Collectors.toSet());
    private static final Set<String> INITIATIONS = values(InitiationResult.values(), InitiationResult::tagValue);
    private static final Set<String> OPERATIONS = values(ProviderOperation.values(), ProviderOperation::tagValue);
    private static final Set<String> OUTCOMES = values(ProviderOutcome.values(), ProviderOutcome::tagValue);
    private static final Set<String> WEBHOOKS = values(WebhookResult.values(), WebhookResult::tagValue);
    private static final Set<String> SUMMARIES = values(SummaryResult.values(), SummaryResult::tagValue);
    /** Documented tag values, by meter name and tag key. */
    private static final Map<String, Map<String, Set<String>>> DOCUMENTED = Map.of(
            "voice.calls.initiated", Map.of("provider", PROVIDERS, "result", INITIATIONS),
            "voice.call.initiation", Map.of("provider", PROVIDERS, "result", INITIATIONS),
            "voice.provider.requests", Map.of("provider", PROVIDERS, "operation", OPERATIONS, "outcome", OUTCOMES),
            "voice.webhooks", Map.of("provider", PROVIDERS, "result", WEBHOOKS),
            "voice.webhook.handling", Map.of("provider", PROVIDERS),
            "voice.calls.ended", Map.of("provider", PROVIDERS, "status", STATUSES),
            "voice.summaries", Map.of("result", SUMMARIES));

    private final ObjectMapper json = new ObjectMapper();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerVoiceObserver metrics = new MicrometerVoiceObserver(registry);
    private final InMemoryCallRepository repository = new InMemoryCallRepository();
    private final VoiceProviderFactory providers = VoiceProviderFactory.builder().discover(false)
            .register(new VapiProvider()).build();
    private final WebhookNormalizer normalizer = WebhookNormalizer.builder().providerFactory(providers)
            .verifier("vapi", VapiWebhookVerifier.secretHeader(SECRET)).observer(metrics).build();
    private final VoiceCallService service = VoiceCallService.builder().repository(repository)
            .providerFactory(providers).executor(new ManualExecutor()).observer(metrics).build();

    @Test
    void should_keep_every_tag_value_within_its_documented_set_for_all_595_ended_reasons() throws Exception {
        // given
        List<String> reasons = new ArrayList<>();
        json.readTree(TestResources.bytes("/fixtures/vapi/ended-reasons.json")).path("current")
                .forEach(r -> reasons.add(r.asText()));
        JsonNode template = json.readTree(
                TestResources.bytes("/fixtures/vapi/webhook-end-of-call-report-completed.json"));

        // when: every reason ends two calls, one with the evidence of a conversation and one without
        int calls = 0;
        for (String reason : reasons) {
            for (boolean answered : new boolean[] {true, false}) {
                String externalId = "vapi-call-" + ++calls;
                repository.insert(VoiceCall.builder().callId("c-" + calls).leadId("lead-" + calls)
                        .brokerId("broker-1").provider("vapi").externalCallId(externalId).status(CallStatus.QUEUED)
                        .createdAt(Instant.EPOCH).updatedAt(Instant.EPOCH).build());
                byte[] body = report(template, reason, externalId, answered);
                service.handle(normalizer.normalize("vapi", Map.of(VapiWebhookVerifier.SECRET_HEADER,
                        List.of(SECRET)), body));
            }
        }

        // then
        assertThat(reasons).hasSize(595);
        Set<String> reasonValues = new HashSet<>(reasons);
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                assertThat(reasonValues).as("tag %s of %s", tag, meter.getId().getName())
                        .doesNotContain(tag.getValue());
                assertThat(DOCUMENTED.get(meter.getId().getName())).as("documented tags of %s", meter.getId())
                        .containsKey(tag.getKey());
                assertThat(DOCUMENTED.get(meter.getId().getName()).get(tag.getKey()))
                        .as("tag %s of %s", tag, meter.getId().getName()).contains(tag.getValue());
            }
        }
        assertThat(registry.get("voice.calls.ended").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(2 * 595);
        assertThat(registry.get("voice.webhooks").tag("result", "applied").counter().count()).isEqualTo(2 * 595);
        assertThat(registry.getMeters()).hasSizeLessThanOrEqualTo(3 + STATUSES.size() + 2);
    }

    private static <E> Set<String> values(E[] results, Function<E, String> tagValue) {
        return Arrays.stream(results).map(tagValue).collect(Collectors.toSet());
    }

    private byte[] report(JsonNode template, String reason, String externalId, boolean answered) throws Exception {
        ObjectNode root = template.deepCopy();
        ObjectNode message = (ObjectNode) root.path("message");
        message.put("endedReason", reason);
        ((ObjectNode) message.path("call")).put("id", externalId);
        if (!answered) {
            message.remove(List.of("startedAt", "durationMs", "durationSeconds", "durationMinutes", "transcript",
                    "artifact", "summary", "analysis", "recordingUrl", "stereoRecordingUrl"));
        }
        return json.writeValueAsBytes(root);
    }
}
