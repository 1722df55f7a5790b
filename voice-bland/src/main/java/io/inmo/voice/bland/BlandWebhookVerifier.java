package io.inmo.voice.bland;

import io.inmo.voice.webhook.HmacWebhookVerifier;
import io.inmo.voice.webhook.WebhookVerifier;

/**
 * Verifiers for Bland's webhooks: {@code X-Webhook-Signature} is the lowercase hex HMAC-SHA256 of the body, keyed
 * with the account's webhook signing secret (Bland dashboard, Account Settings, Keys). Presets of the SDK's
 * {@link HmacWebhookVerifier}.
 *
 * <pre>{@code
 * WebhookNormalizer normalizer = WebhookNormalizer.builder()
 *         .verifier("bland", BlandWebhookVerifier.hmacSha256(System.getenv("BLAND_WEBHOOK_SECRET")))
 *         .build();
 * }</pre>
 *
 * <p>The signature is checked over the raw body bytes first. Bland's own example signs
 * {@code JSON.stringify(body)}, the compact re-serialization of the parsed JSON, so {@link #hmacSha256} also
 * accepts a signature over the compact form when the raw check fails (the body is then parsed with the webhook
 * read constraints). {@link #hmac()} gives the same preset as a builder, where that fallback can be turned off
 * ({@code reserializedJsonFallback(false)}) once your account is known to sign the bytes it sends. Comparisons
 * are constant-time; an optional {@code sha256=} prefix is accepted. Pass several secrets to rotate: any of them
 * may match.
 *
 * <p><b>No replay protection from the signature.</b> Bland sends no timestamp and no message id, so a
 * captured webhook verifies forever and there is no replay window to enforce. Deduplication is the only
 * replay defence: every Bland event carries a deterministic
 * {@link io.inmo.voice.webhook.WebhookEvent#eventId()} ({@code bland:<call_id>:ended:<STATUS>} for a post-call
 * report), so a replayed body has the same id as the original. {@code VoiceCallService} applies events idempotently
 * (statuses only move forward, the end-of-call report is applied once), so a replay changes nothing; hosts
 * that want to refuse replays outright keep the event ids they have seen and drop repeats.
 */
public final class BlandWebhookVerifier {

    /** The header Bland puts the signature in. */
    public static final String SIGNATURE_HEADER = "X-Webhook-Signature";

    private BlandWebhookVerifier() {
    }

    /**
     * The verifier of Bland's signature, with the re-serialized-body fallback on.
     *
     * @param secrets one or more webhook signing secrets; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when no secret is given or one is blank
     */
    public static WebhookVerifier hmacSha256(String... secrets) {
        return hmac().secrets(secrets).build();
    }

    /**
     * The Bland preset as a builder: HMAC-SHA256, hex, {@value #SIGNATURE_HEADER}, optional {@code sha256=}
     * prefix, no timestamp, and the re-serialized-body fallback on. Set the secrets; the built verifier can also
     * {@link HmacWebhookVerifier#sign sign} a body, to test a host's endpoint.
     *
     * @return the builder
     */
    public static HmacWebhookVerifier.Builder hmac() {
        return HmacWebhookVerifier.builder()
                .provider(BlandConfig.PROVIDER_ID)
                .signatureHeader(SIGNATURE_HEADER)
                .optionalPrefix("sha256=")
                .reserializedJsonFallback(true);
    }
}
