package io.inmo.voice.spring;

import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST ${inmo.voice.webhook.path}} (default {@code /webhooks/voice/{provider}}): hands the raw body bytes
 * and the headers, exactly as received, to the {@link WebhookNormalizer}, then the event to
 * {@link VoiceCallService#handle}.
 *
 * <p>It reads the servlet request itself instead of binding {@code @RequestBody String} (a charset decode changes
 * bytes and breaks signatures) or {@code HttpHeaders} (Spring 7's is not a {@code Map}). Answers 200 with
 * {@code {"result": "handled" | "ignored" | "unknown_call", ...}} for every event it understood, so the provider
 * does not retry a duplicate or a call this application does not know; every refusal is a
 * {@link io.inmo.voice.VoiceException} that {@link VoiceWebhookExceptionHandler} turns into a problem body.
 */
@RestController
final class VoiceWebhookController {

    private final WebhookNormalizer normalizer;
    private final VoiceCallService calls;

    VoiceWebhookController(WebhookNormalizer normalizer, VoiceCallService calls) {
        this.normalizer = normalizer;
        this.calls = calls;
    }

    @PostMapping(path = "${inmo.voice.webhook.path:/webhooks/voice/{provider}}")
    Map<String, Object> receive(@PathVariable("provider") String provider, HttpServletRequest request)
            throws IOException {
        // The normalizer owns every check on the raw request (unknown provider before reading, size limit while
        // reading, truncated upload) and reports each refusal to the observer.
        WebhookEvent event = normalizer.normalize(provider, headers(request), request.getInputStream(),
                request.getContentLengthLong());
        Optional<VoiceCall> call = calls.handle(event);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", event.type() == WebhookEvent.Type.IGNORED ? "ignored"
                : call.isPresent() ? "handled" : "unknown_call");
        answer.put("event_id", event.eventId());
        answer.put("call_id", call.map(VoiceCall::callId).orElse(null));
        answer.put("status", call.map(c -> c.status().name()).orElse(null));
        return answer;
    }

    /** Every header with every value, names as received; the normalizer looks names up case-insensitively. */
    static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            List<String> values = new ArrayList<>();
            for (Enumeration<String> v = request.getHeaders(name); v.hasMoreElements(); ) {
                values.add(v.nextElement());
            }
            headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(headers);
    }
}
