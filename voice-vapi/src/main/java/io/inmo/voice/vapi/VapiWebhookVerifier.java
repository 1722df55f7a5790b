package io.inmo.voice.vapi;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import io.inmo.voice.internal.Headers;
import io.inmo.voice.internal.Signatures;
import io.inmo.voice.webhook.HmacWebhookVerifier;
import io.inmo.voice.webhook.WebhookVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifiers for VAPI webhooks, to register with the webhook normalizer under the provider id {@code vapi}.
 * Pick the one that matches the credential set on the assistant's (or organisation's) server URL:
 *
 * <ul>
 *   <li>{@link #hmac()}: VAPI's HMAC credential ({@code HMACAuthenticationPlan}, since 2025-06). The
 *       recommended choice: the signature covers the raw body and a timestamp, so a captured webhook can be
 *       neither altered nor replayed outside the tolerance window.</li>
 *   <li>{@link #secretHeader(String...)}: the legacy {@code x-vapi-secret} header (or a Bearer credential with
 *       {@code headerName: "X-Vapi-Secret"}, {@code bearerPrefixEnabled: false}). It only proves the sender knows
 *       the secret; it does not protect the body or stop replays.</li>
 * </ul>
 *
 * <pre>{@code
 * WebhookVerifier verifier = VapiWebhookVerifier.hmac()
 *         .secrets(System.getenv("VAPI_WEBHOOK_SECRET"))      // add the old one during a rotation
 *         .algorithm(HmacWebhookVerifier.Algorithm.SHA256)     // as chosen in the VAPI credential
 *         .build();
 * }</pre>
 *
 * <p>All verifiers look header names up case-insensitively, compare in constant time over bytes, accept any of
 * several secrets (rotation) and are immutable and thread-safe. Failures are
 * {@link WebhookVerificationException}s whose {@link WebhookVerificationException#reason() reason} tells a
 * misconfiguration from a forgery or a replay; messages never contain secrets or signatures.
 */
public final class VapiWebhookVerifier {

    /** The legacy shared-secret header VAPI sends. */
    public static final String SECRET_HEADER = "x-vapi-secret";

    private VapiWebhookVerifier() {
    }

    /**
     * A verifier of the legacy {@code x-vapi-secret} header.
     *
     * @param secrets the accepted secrets, current first; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when no secret is given or one is blank
     */
    public static WebhookVerifier secretHeader(String... secrets) {
        return new TokenHeaderVerifier(SECRET_HEADER, false, Signatures.requireSecrets(secrets),
                "VapiWebhookVerifier.secretHeader");
    }

    /**
     * A verifier of VAPI's Bearer credential as it is created by default ({@code headerName} Authorization,
     * {@code bearerPrefixEnabled} true): {@code Authorization: Bearer <token>}. Like the legacy header, it proves
     * the sender knows the token but protects neither the body nor against replay; prefer {@link #hmac()}.
     *
     * @param tokens the accepted tokens, current first; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when no token is given or one is blank
     */
    public static WebhookVerifier bearerToken(String... tokens) {
        return new TokenHeaderVerifier("Authorization", true, Signatures.requireSecrets(tokens),
                "VapiWebhookVerifier.bearerToken");
    }

    /**
     * A verifier of a Bearer credential sent in a header of your choice without the {@code Bearer} prefix
     * ({@code headerName} set, {@code bearerPrefixEnabled} false); {@link #secretHeader} is this with
     * {@code x-vapi-secret}.
     *
     * @param headerName the credential's {@code headerName}
     * @param tokens the accepted tokens, current first; several during a rotation
     * @return the verifier
     * @throws IllegalArgumentException when the header name is blank, no token is given or one is blank
     */
    public static WebhookVerifier tokenHeader(String headerName, String... tokens) {
        if (headerName == null || headerName.isBlank()) {
            throw new IllegalArgumentException("headerName is required");
        }
        return new TokenHeaderVerifier(headerName.trim(), false, Signatures.requireSecrets(tokens),
                "VapiWebhookVerifier.tokenHeader(" + headerName.trim() + ")");
    }

    /**
     * A builder for a verifier of VAPI's HMAC credential, preset with VAPI's defaults: signature header
     * {@code x-signature}, timestamp header {@code x-timestamp}, payload {@code {timestamp}.{body}}, hex
     * encoding, no prefix, secret used as text, and a replay tolerance of 5 minutes. VAPI makes the algorithm a
     * required choice; this builder defaults to SHA-256. Every setting of the credential has its setter
     * ({@code algorithm}, {@code signatureHeader}, {@code timestampHeader}, {@code includeTimestamp},
     * {@code payloadFormat}, {@code encoding}, {@code prefix}, {@code base64Secrets}, {@code url}, ...); the built
     * verifier can also {@link HmacWebhookVerifier#sign sign} a body, to test a host's endpoint.
     *
     * @return the builder; at least one secret must be set
     */
    public static HmacWebhookVerifier.Builder hmac() {
        return HmacWebhookVerifier.builder()
                .provider(VapiConfig.PROVIDER_ID)
                .signatureHeader("x-signature")
                .timestampHeader("x-timestamp");
    }

    /** A shared token in a header, optionally after {@code Bearer }: the legacy secret and Bearer credentials. */
    private static final class TokenHeaderVerifier implements WebhookVerifier {
        private static final String BEARER = "Bearer ";

        private final String header;
        private final boolean bearerPrefix;
        private final List<byte[]> tokenDigests;
        private final String name;

        TokenHeaderVerifier(String header, boolean bearerPrefix, List<String> tokens, String name) {
            this.header = header;
            this.bearerPrefix = bearerPrefix;
            List<byte[]> digests = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                digests.add(sha256(t));
            }
            this.tokenDigests = List.copyOf(digests);
            this.name = name;
        }

        @Override
        public void verify(Map<String, List<String>> headers, byte[] body) {
            String value = Headers.first(headers, header);
            if (value == null || value.isBlank()) {
                throw new WebhookVerificationException(Reason.MISSING_HEADER, "vapi webhook has no " + header
                        + " header");
            }
            String token = value.trim();
            if (bearerPrefix) {
                if (!token.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                    throw new WebhookVerificationException(Reason.MALFORMED_HEADER, "vapi webhook " + header
                            + " header is not 'Bearer <token>'");
                }
                token = token.substring(BEARER.length()).trim();
            }
            // Compare digests: equal lengths, so the comparison time does not reveal the token's length.
            byte[] received = sha256(token);
            boolean matched = false;
            for (byte[] expected : tokenDigests) {
                matched |= Signatures.matches(expected, received);
            }
            if (!matched) {
                throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, "vapi webhook " + header
                        + " matches no configured token");
            }
        }

        private static byte[] sha256(String s) {
            return Signatures.sha256(Signatures.utf8(s));
        }

        @Override
        public String toString() {
            return name + "[" + tokenDigests.size() + " token(s)]";
        }
    }
}
