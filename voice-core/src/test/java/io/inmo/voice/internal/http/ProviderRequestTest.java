package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.ProviderConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProviderRequestTest {

    private static final URI PUBLIC = URI.create("https://api.example.com");

    @Test
    void should_resolve_a_path_under_the_configured_base_url_whatever_its_trailing_slashes() {
        // given
        ProviderConfig custom = ProviderConfig.builder("vapi").baseUrl("http://127.0.0.1:8089/v2//").build();
        ProviderConfig none = ProviderConfig.builder("vapi").build();

        // when / then
        assertThat(ProviderRequest.endpoint(custom, PUBLIC, "/call")).isEqualTo(URI.create("http://127.0.0.1:8089/v2/call"));
        assertThat(ProviderRequest.endpoint(none, PUBLIC, "/call")).isEqualTo(URI.create("https://api.example.com/call"));
    }

    @Test
    void should_encode_a_path_segment() {
        // when / then
        assertThat(ProviderRequest.pathSegment("a b/c+d")).isEqualTo("a%20b%2Fc%2Bd");
    }
}
