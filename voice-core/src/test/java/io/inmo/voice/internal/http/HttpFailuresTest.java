package io.inmo.voice.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.inmo.voice.CallOutcomeUnknownException;
import io.inmo.voice.ProviderRejectedException;
import io.inmo.voice.ProviderUnavailableException;
import io.inmo.voice.VoiceException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpFailuresTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final ProviderRequest POST = ProviderRequest.createJson("acme",
            URI.create("https://api.acme.test/v1/calls"), Map.of("Authorization", "Bearer sk-secret"),
            Map.of("phone_number", "+14155550123"));
    private static final ProviderRequest GET = ProviderRequest.get("acme",
            URI.create("https://api.acme.test/v1/calls/c-1"), Map.of("Authorization", "Bearer sk-secret"));

    private static HttpResult response(int status) {
        return new HttpResult(status, Map.of(), new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void should_map_an_auth_failure_to_unavailable_naming_the_api_key(int status) {
        // given / when
        VoiceException e = HttpFailures.toException(POST, response(status), "Invalid token", CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("API key")
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("Invalid token")
                .hasMessageNotContaining("sk-secret");
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("provider_unavailable");
        assertThat(((ProviderUnavailableException) e).provider()).isEqualTo("acme");
    }

    @Test
    void should_map_payment_required_to_unavailable_mentioning_balance_and_billing() {
        // given / when
        VoiceException e = HttpFailures.toException(POST, response(402), null, CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("402")
                .hasMessageContaining("balance")
                .hasMessageContaining("billing");
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("provider_unavailable");
    }

    @Test
    void should_map_rate_limiting_to_unavailable_with_the_retry_after_hint() {
        // given
        HttpResult limited = new HttpResult(429, Map.of("retry-after", List.of("7")), new byte[0]);

        // when
        VoiceException e = HttpFailures.toException(POST, limited, "Too many calls", CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("rate-limiting")
                .hasMessageContaining("Too many calls")
                .hasMessageContaining("wait 7 s");
        assertThat(e.httpStatus()).isEqualTo(503);
    }

    @Test
    void should_map_rate_limiting_without_retry_after_to_unavailable_without_a_hint() {
        // given / when
        VoiceException e = HttpFailures.toException(GET, response(429), null, CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageNotContaining("wait");
        assertThat(e.httpStatus()).isEqualTo(503);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void should_map_a_server_error_on_a_call_creation_to_outcome_unknown(int status) {
        // given / when
        VoiceException e = HttpFailures.toException(POST, response(status), "upstream", CLOCK);

        // then
        assertThat(e).isInstanceOf(CallOutcomeUnknownException.class)
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("POST /v1/calls")
                .hasMessageContaining("not retried");
        assertThat(e.httpStatus()).isEqualTo(504);
        assertThat(e.code()).isEqualTo("call_outcome_unknown");
        assertThat(((CallOutcomeUnknownException) e).provider()).isEqualTo("acme");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void should_map_a_server_error_on_a_safe_request_to_unavailable(int status) {
        // given / when
        VoiceException e = HttpFailures.toException(GET, response(status), null, CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("HTTP " + status);
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("provider_unavailable");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 422})
    void should_map_other_client_errors_to_rejected_carrying_provider_status_and_message(int status) {
        // given / when
        VoiceException e = HttpFailures.toException(POST, response(status), "assistantId must be a UUID", CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderRejectedException.class)
                .hasMessageContaining("HTTP " + status)
                .hasMessageContaining("assistantId must be a UUID");
        ProviderRejectedException rejected = (ProviderRejectedException) e;
        assertThat(rejected.httpStatus()).isEqualTo(422);
        assertThat(rejected.code()).isEqualTo("provider_rejected");
        assertThat(rejected.provider()).isEqualTo("acme");
        assertThat(rejected.providerHttpStatus()).isEqualTo(status);
        assertThat(rejected.providerMessage()).isEqualTo("assistantId must be a UUID");
    }

    @Test
    void should_leave_out_a_blank_provider_message() {
        // given / when
        VoiceException e = HttpFailures.toException(POST, response(404), "  ", CLOCK);

        // then
        assertThat(e).isInstanceOf(ProviderRejectedException.class);
        assertThat(e.getMessage()).isEqualTo("acme rejected the call (HTTP 404)");
    }
}
