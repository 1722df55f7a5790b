package io.inmo.voice.internal;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC and constant-time comparison helpers for webhook verifiers and test signers. Everything works on
 * bytes and UTF-8; nothing here depends on the platform charset.
 */
public final class Signatures {

    private Signatures() {
    }

    /**
     * @param jcaAlgorithm e.g. {@code HmacSHA256}
     * @param key secret key bytes
     * @param parts the signed content, concatenated in order
     * @return the MAC
     */
    public static byte[] hmac(String jcaAlgorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalArgumentException("cannot compute " + jcaAlgorithm, e);
        }
    }

    /**
     * @param text text
     * @return its UTF-8 bytes
     */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param bytes bytes
     * @return lowercase hex
     */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Decodes a hex signature (either case).
     *
     * @param hex the header value
     * @param header header name, for the message
     * @return the bytes
     * @throws WebhookVerificationException MALFORMED_HEADER when it is not hex
     */
    public static byte[] fromHex(String hex, String header) {
        try {
            return HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WebhookVerificationException(Reason.MALFORMED_HEADER, header + " is not a hex signature");
        }
    }

    /**
     * Decodes a base64 signature (standard or URL alphabet).
     *
     * @param b64 the header value
     * @param header header name, for the message
     * @return the bytes
     * @throws WebhookVerificationException MALFORMED_HEADER when it is not base64
     */
    public static byte[] fromBase64(String b64, String header) {
        String v = b64.trim();
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(v);
            } catch (IllegalArgumentException e2) {
                throw new WebhookVerificationException(Reason.MALFORMED_HEADER, header + " is not a base64 signature");
            }
        }
    }

    /**
     * @param expected computed MAC
     * @param actual received MAC
     * @return whether they are equal, compared in constant time
     */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Checks that a list of secrets for rotation is usable.
     *
     * @param secrets the secrets
     * @return an immutable copy
     * @throws IllegalArgumentException naming what is wrong
     */
    public static List<String> requireSecrets(String... secrets) {
        if (secrets == null || secrets.length == 0) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        for (String s : secrets) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("webhook secrets must not be null or blank");
            }
        }
        return List.of(secrets);
    }
}
