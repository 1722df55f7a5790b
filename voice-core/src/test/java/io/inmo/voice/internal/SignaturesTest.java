package io.inmo.voice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.WebhookVerificationException;
import io.inmo.voice.WebhookVerificationException.Reason;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturesTest {

    /** RFC 4231 test case 2. */
    private static final String RFC4231_KEY = "Jefe";
    private static final String RFC4231_DATA = "what do ya want for nothing?";
    private static final String RFC4231_HMAC_SHA256 =
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void should_compute_hmac_sha256_as_in_rfc_4231() {
        // given / when
        byte[] mac = Signatures.hmac("HmacSHA256", Signatures.utf8(RFC4231_KEY), Signatures.utf8(RFC4231_DATA));

        // then
        assertThat(Signatures.hex(mac)).isEqualTo(RFC4231_HMAC_SHA256);
    }

    @Test
    void should_compute_the_same_hmac_over_parts_as_over_their_concatenation() {
        // given
        byte[] key = Signatures.utf8("secret");

        // when
        byte[] parts = Signatures.hmac("HmacSHA256", key, Signatures.utf8("1700000000"), Signatures.utf8("."),
                Signatures.utf8("{\"a\":1}"));
        byte[] whole = Signatures.hmac("HmacSHA256", key, Signatures.utf8("1700000000.{\"a\":1}"));

        // then
        assertThat(parts).isEqualTo(whole);
    }

    @Test
    void should_reject_an_unknown_algorithm() {
        // given / when / then
        assertThatThrownBy(() -> Signatures.hmac("HmacNope", Signatures.utf8("k"), Signatures.utf8("d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HmacNope");
    }

    @Test
    void should_decode_hex_in_either_case_and_ignore_surrounding_whitespace() {
        // given
        String lower = RFC4231_HMAC_SHA256;

        // when
        byte[] fromLower = Signatures.fromHex(lower, "X-Sig");
        byte[] fromUpper = Signatures.fromHex("  " + lower.toUpperCase() + "\n", "X-Sig");

        // then
        assertThat(Signatures.hex(fromLower)).isEqualTo(lower);
        assertThat(fromUpper).isEqualTo(fromLower);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "abc", "sha256=abcd", "0x1234", "ab cd"})
    void should_reject_a_malformed_hex_signature_as_malformed_header(String value) {
        // given / when / then
        assertThatThrownBy(() -> Signatures.fromHex(value, "X-Sig"))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("X-Sig")
                .satisfies(e -> {
                    WebhookVerificationException ex = (WebhookVerificationException) e;
                    assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_HEADER);
                    assertThat(ex.httpStatus()).isEqualTo(401);
                    assertThat(ex.code()).isEqualTo("webhook_verification_failed");
                });
    }

    @Test
    void should_decode_base64_in_standard_and_url_alphabets() {
        // given: bytes whose base64 uses '+' and '/' (standard) or '-' and '_' (URL-safe)
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01, 0x02};
        String standard = Base64.getEncoder().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().encodeToString(bytes);
        assertThat(standard).containsAnyOf("+", "/");
        assertThat(urlSafe).containsAnyOf("-", "_");

        // when / then
        assertThat(Signatures.fromBase64(standard, "X-Sig")).isEqualTo(bytes);
        assertThat(Signatures.fromBase64(" " + urlSafe + " ", "X-Sig")).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!!", "abc$", "a"})
    void should_reject_a_malformed_base64_signature_as_malformed_header(String value) {
        // given / when / then
        assertThatThrownBy(() -> Signatures.fromBase64(value, "X-Sig"))
                .isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("X-Sig")
                .extracting(e -> ((WebhookVerificationException) e).reason())
                .isEqualTo(Reason.MALFORMED_HEADER);
    }

    @Test
    void should_match_equal_bytes_only() {
        // given
        byte[] mac = Signatures.fromHex(RFC4231_HMAC_SHA256, "X-Sig");
        byte[] same = mac.clone();
        byte[] lastBitFlipped = mac.clone();
        lastBitFlipped[lastBitFlipped.length - 1] ^= 1;

        // when / then
        assertThat(Signatures.matches(mac, same)).isTrue();
        assertThat(Signatures.matches(mac, lastBitFlipped)).isFalse();
    }

    @Test
    void should_not_match_bytes_of_different_lengths_even_with_a_common_prefix() {
        // given
        byte[] mac = Signatures.fromHex(RFC4231_HMAC_SHA256, "X-Sig");
        byte[] truncated = java.util.Arrays.copyOf(mac, mac.length - 1);
        byte[] extended = java.util.Arrays.copyOf(mac, mac.length + 1);

        // when / then
        assertThat(Signatures.matches(mac, truncated)).isFalse();
        assertThat(Signatures.matches(mac, extended)).isFalse();
        assertThat(Signatures.matches(mac, new byte[0])).isFalse();
    }

    @Test
    void should_require_at_least_one_non_blank_secret() {
        // given / when / then
        assertThat(Signatures.requireSecrets("old", "new")).containsExactly("old", "new");
        assertThatThrownBy(() -> Signatures.requireSecrets())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Signatures.requireSecrets((String[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> Signatures.requireSecrets("ok", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> Signatures.requireSecrets("ok", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void should_compute_with_a_prepared_key_the_same_mac_as_the_one_shot_helper_every_time() {
        // given
        Signatures.HmacKey key = Signatures.HmacKey.of("HmacSHA256", Signatures.utf8(RFC4231_KEY));
        byte[] data = Signatures.utf8(RFC4231_DATA);

        // when / then: the prototype is never consumed, so repeated and multi-part MACs stay correct
        for (int i = 0; i < 3; i++) {
            assertThat(Signatures.hex(key.mac(data))).isEqualTo(RFC4231_HMAC_SHA256);
        }
        assertThat(key.mac(Signatures.utf8("what do ya "), Signatures.utf8("want for nothing?")))
                .isEqualTo(Signatures.hmac("HmacSHA256", Signatures.utf8(RFC4231_KEY), data));
        assertThat(Signatures.HmacKey.of("HmacSHA512", Signatures.utf8("k")).mac(data))
                .isEqualTo(Signatures.hmac("HmacSHA512", Signatures.utf8("k"), data));
        assertThat(key.toString()).doesNotContain(RFC4231_KEY);
    }

    @Test
    void should_compute_the_same_prepared_mac_from_concurrent_threads() throws Exception {
        // given
        Signatures.HmacKey key = Signatures.HmacKey.of("HmacSHA256", Signatures.utf8(RFC4231_KEY));
        byte[] data = Signatures.utf8(RFC4231_DATA);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            // when
            java.util.List<java.util.concurrent.Future<String>> macs = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                macs.add(pool.submit(() -> Signatures.hex(key.mac(data))));
            }

            // then
            for (java.util.concurrent.Future<String> mac : macs) {
                assertThat(mac.get()).isEqualTo(RFC4231_HMAC_SHA256);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_reject_an_unknown_algorithm_when_preparing_a_key() {
        // given / when / then
        assertThatThrownBy(() -> Signatures.HmacKey.of("HmacNope", Signatures.utf8("k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HmacNope");
    }

    @Test
    void should_hash_sha256_as_in_fips_180_2() {
        // given / when / then: SHA-256("abc"), twice (the prototype is only cloned)
        for (int i = 0; i < 2; i++) {
            assertThat(Signatures.hex(Signatures.sha256(Signatures.utf8("abc"))))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        }
    }
}
