package io.inmo.voice.bland;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Json;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.webhook.WebhookVerifier;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Verifies Bland's webhook signature: {@code X-Webhook-Signature} is the lowercase hex HMAC-SHA256 of the
 * body, keyed with the account's webhook signing secret (Bland dashboard, Account Settings, Keys).
 *
 * <pre>{@code
 * WebhookNormalizer normalizer = WebhookNormalizer.builder()
 *         .verifier("bland", BlandWebhookVerifier.hmacSha256(System.getenv("BLAND_WEBHOOK_SECRET")))
 *         .build();
 * }</pre>
 *
 * <p>The signature is checked over the raw body bytes first. Bland's own example signs
 * {@code JSON.stringify(body)}, the compact re-serialization of the parsed JSON, so when the raw check fails
 * the body is parsed (with the webhook read constraints) and its compact form is checked too. Comparisons
 * are constant-time. Pass several secrets to rotate: any of them may match.
 *
 * <p><b>No replay protection from the signature.</b> Bland sends no timestamp and no message id, so a
 * captured webhook verifies forever and there is no replay window to enforce. Deduplication is the only
 * replay defence: every Bland event carries a deterministic
 * {@link io.inmo.voice.webhook.WebhookEvent#eventId()} ({@code bland:<call_id>:ended:<STATUS>} for a post-call
 * report), so a replayed body has the same id as the original. {@code VoiceCallService} applies events idempotently
 * (statuses only move forward, the end-of-call report is applied once), so a replay changes nothing; hosts
 * that want to refuse replays outright keep the event ids they have seen and drop repeats.
 */
public final class BlandWebhookVerifier implements WebhookVerifier {

    /** The header Bland puts the signature in. */
    public static final String SIGNATURE_HEADER = "X-Webhook-Signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    /** One prepared Mac per secret: no provider lookup or key set-up per webhook. */
    private final List<Signatures.HmacKey> keys;

    private BlandWebhookVerifier(List<String> secrets) {
        this.keys = secrets.stream().map(s -> Signatures.HmacKey.of(ALGORITHM, Signatures.utf8(s))).toList();
    }

    /**
     * @param secrets one or more webhook signing secrets; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when no secret is given or one is blank
     */
    public static WebhookVerifier hmacSha256(String... secrets) {
        return new BlandWebhookVerifier(Signatures.requireSecrets(secrets));
    }

    /**
     * @param headers the request headers (names in any case)
     * @param body the raw body, exactly as received
     * @throws WebhookVerificationException MISSING_HEADER without {@code X-Webhook-Signature},
     *         MALFORMED_HEADER when it is not a hex SHA-256 signature, NO_MATCHING_SIGNATURE when no secret
     *         signs the raw body or its compact JSON form
     */
    @Override
    public void verify(Map<String, List<String>> headers, byte[] body) {
        String header = Headers.first(headers, SIGNATURE_HEADER);
        if (header == null || header.isBlank()) {
            throw new WebhookVerificationException(Reason.MISSING_HEADER, "bland webhook has no "
                    + SIGNATURE_HEADER + " header; check that a webhook signing secret exists in the Bland account");
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "sha256=", 0, 7)) {
            value = value.substring(7);
        }
        byte[] received = Signatures.fromHex(value, SIGNATURE_HEADER);
        if (received.length != SIGNATURE_BYTES) {
            throw new WebhookVerificationException(Reason.MALFORMED_HEADER, SIGNATURE_HEADER
                    + " is not a hex HMAC-SHA256 (expected 64 hex characters)");
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (Signatures.matchesAny(keys, received, raw)) {
            return;
        }
        byte[] compact = compact(raw);
        if (compact != null && !Arrays.equals(compact, raw) && Signatures.matchesAny(keys, received, compact)) {
            return;
        }
        throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, "bland webhook signature matches "
                + "none of the " + keys.size() + " configured secret(s), over the raw body or its compact JSON form");
    }

    /** @return the compact re-serialization, as {@code JSON.stringify} would produce it, or null if not JSON */
    private static byte[] compact(byte[] body) {
        try {
            JsonNode tree = Json.defaultWebhookMapper().readTree(body);
            if (tree == null || tree.isMissingNode()) {
                return null;
            }
            return Json.mapper().writeValueAsBytes(tree);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "BlandWebhookVerifier[hmacSha256, secrets=" + keys.size() + "]";
    }
}
