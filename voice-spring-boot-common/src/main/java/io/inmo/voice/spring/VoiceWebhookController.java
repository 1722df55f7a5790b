package io.inmo.voice.spring;

import io.inmo.voice.MalformedWebhookException;
import io.inmo.voice.PayloadTooLargeException;
import io.inmo.voice.UnknownProviderException;
import io.inmo.voice.VoiceCall;
import io.inmo.voice.VoiceCallService;
import io.inmo.voice.VoiceObserver;
import io.inmo.voice.VoiceObserver.WebhookResult;
import io.inmo.voice.VoiceProviderFactory;
import io.inmo.voice.webhook.WebhookEvent;
import io.inmo.voice.webhook.WebhookNormalizer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(VoiceWebhookController.class);

    private final VoiceProviderFactory providers;
    private final WebhookNormalizer normalizer;
    private final VoiceCallService calls;
    private final int maxBodyBytes;
    private final VoiceObserver observer;

    VoiceWebhookController(VoiceProviderFactory providers, WebhookNormalizer normalizer, VoiceCallService calls,
                           int maxBodyBytes, VoiceObserver observer) {
        this.providers = providers;
        this.normalizer = normalizer;
        this.calls = calls;
        this.maxBodyBytes = maxBodyBytes;
        this.observer = observer;
    }

    @PostMapping(path = "${inmo.voice.webhook.path:/webhooks/voice/{provider}}")
    Map<String, Object> receive(@PathVariable("provider") String provider, HttpServletRequest request)
            throws IOException {
        long started = System.nanoTime();
        if (providers.provider(provider).isEmpty()) {
            // Before reading anything: an unknown provider is 404 whatever it sends. The id is the caller's text,
            // never a metric tag: reported as "unknown".
            refused(VoiceObserver.UNKNOWN_PROVIDER, WebhookResult.UNKNOWN_PROVIDER, started);
            throw new UnknownProviderException(provider, providers.providerIds());
        }
        byte[] body;
        try {
            body = readBody(request, maxBodyBytes);
        } catch (PayloadTooLargeException e) {
            refused(provider, WebhookResult.TOO_LARGE, started);
            throw e;
        } catch (MalformedWebhookException e) {
            refused(provider, WebhookResult.MALFORMED, started);
            throw e;
        }
        WebhookEvent event = normalizer.normalize(provider, headers(request), body);
        Optional<VoiceCall> call = calls.handle(event);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", event.type() == WebhookEvent.Type.IGNORED ? "ignored"
                : call.isPresent() ? "handled" : "unknown_call");
        answer.put("event_id", event.eventId());
        answer.put("call_id", call.map(VoiceCall::callId).orElse(null));
        answer.put("status", call.map(c -> c.status().name()).orElse(null));
        return answer;
    }

    /**
     * Refusals before the normalizer never reach it, so they are reported here, as the normalizer reports its own:
     * without this the {@code voice.webhooks} meters would miss oversized, truncated and misaddressed webhooks.
     */
    private void refused(String provider, WebhookResult result, long started) {
        try {
            observer.webhookFinished(provider, result, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            log.warn("a VoiceObserver failed on a refused webhook; ignored: {}", e.toString());
        }
    }

    /**
     * Reads at most {@code maxBytes + 1} bytes: a declared Content-Length over the limit is refused before reading,
     * a chunked body as soon as it passes the limit.
     */
    static byte[] readBody(HttpServletRequest request, int maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw new PayloadTooLargeException(declared, maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes + 1L - total))) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new PayloadTooLargeException(total, maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        if (declared >= 0 && total != declared) {
            throw new MalformedWebhookException("the body ended after " + total + " of the " + declared
                    + " bytes its Content-Length announced");
        }
        return out.toByteArray();
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
