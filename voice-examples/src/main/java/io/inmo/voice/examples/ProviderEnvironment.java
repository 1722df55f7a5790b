package io.inmo.voice.examples;

import io.inmo.voice.ProviderConfig;
import io.inmo.voice.bland.BlandConfig;
import io.inmo.voice.bland.BlandWebhookVerifier;
import io.inmo.voice.vapi.VapiConfig;
import io.inmo.voice.vapi.VapiWebhookVerifier;
import io.inmo.voice.webhook.WebhookNormalizer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the demo reads from environment variables: the real providers' credentials and the webhook
 * secrets, turned into the provider modules' typed configurations ({@link VapiConfig}, {@link BlandConfig}) and
 * webhook verifiers ({@link VapiWebhookVerifier}, {@link BlandWebhookVerifier}).
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>use</th></tr>
 *   <tr><td>{@code VAPI_API_KEY}, {@code VAPI_ASSISTANT_ID}, {@code VAPI_PHONE_NUMBER_ID}</td>
 *       <td>broker {@code vapi} uses VAPI (all three required)</td></tr>
 *   <tr><td>{@code BLAND_API_KEY}, {@code BLAND_TASK}</td>
 *       <td>broker {@code bland} uses Bland AI (task optional: a built-in one is used)</td></tr>
 *   <tr><td>{@code FAKE_WEBHOOK_SECRET}</td><td>signs the fake's webhooks; default random per start</td></tr>
 *   <tr><td>{@code VAPI_WEBHOOK_SECRET}</td><td>verify VAPI webhooks with the legacy {@code x-vapi-secret}</td></tr>
 *   <tr><td>{@code VAPI_WEBHOOK_HMAC_SECRET}</td><td>verify VAPI webhooks with its HMAC credential (preferred)</td></tr>
 *   <tr><td>{@code BLAND_WEBHOOK_SECRET}</td><td>verify Bland webhooks ({@code X-Webhook-Signature})</td></tr>
 *   <tr><td>{@code DEMO_PUBLIC_URL}</td><td>public https base URL of this server (a tunnel), given to the
 *       providers as webhook URL</td></tr>
 *   <tr><td>{@code DEMO_API_TOKEN}</td><td>with {@code DEMO_PUBLIC_URL}: the token {@code /api/v1/*} requires
 *       ({@code Authorization: Bearer ...}); default random per start, printed once</td></tr>
 *   <tr><td>{@code DEMO_CALL_TO}</td><td>the number (E.164) the vapi and bland leads dial</td></tr>
 * </table>
 */
public final class ProviderEnvironment {

    /** Bland task used when {@code BLAND_TASK} is not set. */
    public static final String DEFAULT_BLAND_TASK = "Eres Lucía, asesora de Inmo. Llamas a {{customerName}} por el "
            + "inmueble que consultó ({{property}}). Pregunta si sigue interesado y ofrece una visita esta semana.";

    private final Map<String, String> env;
    private final String fakeWebhookSecret;
    private final boolean fakeSecretGenerated;

    /** @param env the variables, usually {@link System#getenv()} */
    public ProviderEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
        Optional<String> fakeSecret = get("FAKE_WEBHOOK_SECRET");
        this.fakeSecretGenerated = fakeSecret.isEmpty();
        this.fakeWebhookSecret = fakeSecret.orElseGet(ProviderEnvironment::randomSecret);
    }

    /** @return the process environment */
    public static ProviderEnvironment system() {
        return new ProviderEnvironment(System.getenv());
    }

    /** @return the secret the fake signs its webhooks with and the server verifies them with */
    public String fakeWebhookSecret() {
        return fakeWebhookSecret;
    }

    /** @return the number the real-provider leads dial, if set */
    public Optional<String> demoCallTo() {
        return get("DEMO_CALL_TO");
    }

    /**
     * @return broker {@code vapi}'s configuration, when {@code VAPI_API_KEY}, {@code VAPI_ASSISTANT_ID} and
     *         {@code VAPI_PHONE_NUMBER_ID} are all set
     */
    public Optional<ProviderConfig> vapiConfig() {
        Optional<String> apiKey = get("VAPI_API_KEY");
        Optional<String> assistantId = get("VAPI_ASSISTANT_ID");
        Optional<String> phoneNumberId = get("VAPI_PHONE_NUMBER_ID");
        if (apiKey.isEmpty() || assistantId.isEmpty() || phoneNumberId.isEmpty()) {
            return Optional.empty();
        }
        VapiConfig.Builder vapi = VapiConfig.builder()
                .apiKey(apiKey.get())
                .assistantId(assistantId.get())
                .phoneNumberId(phoneNumberId.get());
        publicUrl().ifPresent(url -> vapi.serverUrl(url + "/webhooks/voice/vapi"));
        return Optional.of(vapi.build());
    }

    /** @return broker {@code bland}'s configuration, when {@code BLAND_API_KEY} is set */
    public Optional<ProviderConfig> blandConfig() {
        Optional<String> apiKey = get("BLAND_API_KEY");
        if (apiKey.isEmpty()) {
            return Optional.empty();
        }
        BlandConfig.Builder bland = BlandConfig.builder()
                .apiKey(apiKey.get())
                .task(get("BLAND_TASK").orElse(DEFAULT_BLAND_TASK));
        publicUrl().ifPresent(url -> bland.webhookUrl(url + "/webhooks/voice/bland"));
        return Optional.of(bland.build());
    }

    /**
     * Adds the real providers' webhook verifiers. The fake's is added by {@link DemoServer}.
     *
     * @param normalizer the normalizer being built
     * @return the same builder
     */
    public WebhookNormalizer.Builder configureVerifiers(WebhookNormalizer.Builder normalizer) {
        // Without a secret no verifier is set, so WebhookNormalizer rejects that provider's webhooks with 401
        // (WebhookVerificationException.Reason.NOT_CONFIGURED): fail closed, never WebhookVerifier.none().
        get("VAPI_WEBHOOK_HMAC_SECRET").ifPresentOrElse(
                s -> normalizer.verifier("vapi", VapiWebhookVerifier.hmac().secrets(s).build()),
                () -> get("VAPI_WEBHOOK_SECRET").ifPresent(
                        s -> normalizer.verifier("vapi", VapiWebhookVerifier.secretHeader(s))));
        get("BLAND_WEBHOOK_SECRET").ifPresent(s -> normalizer.verifier("bland", BlandWebhookVerifier.hmacSha256(s)));
        return normalizer;
    }

    /** @return what the demo can and cannot do with this environment, one line each, no secrets */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("fake   (broker demo): webhooks signed with " + (fakeSecretGenerated
                ? "a random secret generated at start" : "FAKE_WEBHOOK_SECRET"));
        lines.add("vapi   (broker vapi): " + (vapiConfig().isPresent() ? "configured from VAPI_* variables"
                : "not configured (set VAPI_API_KEY, VAPI_ASSISTANT_ID, VAPI_PHONE_NUMBER_ID)")
                + (get("VAPI_WEBHOOK_HMAC_SECRET").isPresent() ? "; webhooks verified with VAPI's HMAC credential"
                : get("VAPI_WEBHOOK_SECRET").isPresent() ? "; webhooks verified with x-vapi-secret"
                : "; webhooks refused (set VAPI_WEBHOOK_SECRET or VAPI_WEBHOOK_HMAC_SECRET)"));
        lines.add("bland  (broker bland): " + (blandConfig().isPresent() ? "configured from BLAND_* variables"
                : "not configured (set BLAND_API_KEY, optionally BLAND_TASK)")
                + (get("BLAND_WEBHOOK_SECRET").isPresent() ? "; webhooks verified with X-Webhook-Signature"
                : "; webhooks refused (set BLAND_WEBHOOK_SECRET)"));
        if ((vapiConfig().isPresent() || blandConfig().isPresent()) && demoCallTo().isEmpty()) {
            lines.add("DEMO_CALL_TO is not set: the vapi and bland leads have no number and are refused with 400");
        }
        return lines;
    }

    /** @return the public base URL providers reach this server at (a tunnel), from {@code DEMO_PUBLIC_URL} */
    public Optional<String> publicUrl() {
        return get("DEMO_PUBLIC_URL").map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * The token that keeps {@code /api/v1/*} closed when the server is reachable from the internet: only when
     * {@code DEMO_PUBLIC_URL} is set, from {@code DEMO_API_TOKEN} or else random per start.
     *
     * @return the token, or empty when the server is local only
     */
    public Optional<String> apiToken() {
        if (publicUrl().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(get("DEMO_API_TOKEN").orElseGet(ProviderEnvironment::randomSecret));
    }

    /** @return whether the API token is the random default (then the operator must be shown it) */
    public boolean apiTokenGenerated() {
        return publicUrl().isPresent() && get("DEMO_API_TOKEN").isEmpty();
    }

    private Optional<String> get(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
