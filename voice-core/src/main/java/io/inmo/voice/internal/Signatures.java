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

    /**
     * An idle SHA-256 digest, never updated: {@link #sha256} works on clones of it, which skips the provider
     * lookup of {@code MessageDigest.getInstance} on every call. Cloning only reads it, so sharing it is safe.
     */
    private static final MessageDigest SHA256_PROTOTYPE = newSha256();

    private Signatures() {
    }

    /**
     * @param data bytes
     * @return their SHA-256
     */
    public static byte[] sha256(byte[] data) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            md = newSha256();
        }
        return md.digest(data);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * @param jcaAlgorithm e.g. {@code HmacSHA256}
     * @param key secret key bytes
     * @param parts the signed content, concatenated in order
     * @return the MAC
     */
    public static byte[] hmac(String jcaAlgorithm, byte[] key, byte[]... parts) {
        Mac mac = newMac(jcaAlgorithm, key);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /**
     * An HMAC key prepared once, for verifiers that compute many MACs with the same secret. The {@code Mac}
     * is looked up and initialised here; each {@link #mac} works on a clone of it, which skips the provider
     * lookup and key set-up that {@link Signatures#hmac(String, byte[], byte[]...)} pays on every call. The
     * result is the same. Immutable and thread-safe: the prototype is only ever cloned, never updated. Falls
     * back to a fresh {@code Mac} per call when the provider's implementation cannot be cloned.
     */
    public static final class HmacKey {
        private final String jcaAlgorithm;
        private final byte[] key;
        /** Initialised, never updated; {@code null} when the provider's Mac is not cloneable. */
        private final Mac prototype;

        private HmacKey(String jcaAlgorithm, byte[] key) {
            this.jcaAlgorithm = jcaAlgorithm;
            this.key = key.clone();
            Mac mac = newMac(jcaAlgorithm, this.key);
            Mac cloneable;
            try {
                mac.clone();
                cloneable = mac;
            } catch (CloneNotSupportedException e) {
                cloneable = null;
            }
            this.prototype = cloneable;
        }

        /**
         * @param jcaAlgorithm e.g. {@code HmacSHA256}
         * @param key secret key bytes (copied)
         * @return the prepared key
         * @throws IllegalArgumentException when the algorithm is unknown or the key unusable
         */
        public static HmacKey of(String jcaAlgorithm, byte[] key) {
            return new HmacKey(jcaAlgorithm, key);
        }

        /**
         * @param parts the signed content, concatenated in order
         * @return the MAC, equal to {@code Signatures.hmac(algorithm, key, parts)}
         */
        public byte[] mac(byte[]... parts) {
            Mac mac = null;
            if (prototype != null) {
                try {
                    mac = (Mac) prototype.clone();
                } catch (CloneNotSupportedException e) {
                    mac = null;
                }
            }
            if (mac == null) {
                mac = newMac(jcaAlgorithm, key);
            }
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        }

        /** Never prints the key. */
        @Override
        public String toString() {
            return "HmacKey[" + jcaAlgorithm + "]";
        }
    }

    private static Mac newMac(String jcaAlgorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(jcaAlgorithm);
            mac.init(new SecretKeySpec(key, jcaAlgorithm));
            return mac;
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
     * Whether any of the keys signs the content with the received MAC. Every key is tried, with no early exit,
     * so the time taken does not tell which secret of a rotation matched.
     *
     * @param keys the accepted secrets, prepared
     * @param received the MAC the sender put in its header
     * @param signedParts the signed content, concatenated in order
     * @return whether one of the keys matches
     */
    public static boolean matchesAny(List<HmacKey> keys, byte[] received, byte[]... signedParts) {
        boolean matched = false;
        for (HmacKey key : keys) {
            matched |= matches(key.mac(signedParts), received);
        }
        return matched;
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
