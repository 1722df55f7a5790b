package io.inmo.voice.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inmo.voice.CallStatus;
import io.inmo.voice.InvalidPhoneNumberException;
import io.inmo.voice.VoiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CampaignValuesTest {

    private static Campaign.Builder valid() {
        return Campaign.builder().id("c").brokerId("broker-1").window(CallingWindow.usTcpa())
                .lead(CampaignLead.of("lead-1", "+12125550100"));
    }

    @Test
    void should_refuse_a_campaign_without_window_leads_or_ids_with_a_400_naming_the_fix() {
        assertThatThrownBy(() -> valid().window(null).build()).isInstanceOf(InvalidCampaignException.class)
                .hasMessageContaining("no calling window").hasMessageContaining("CallingWindow.usTcpa()");
        assertThatThrownBy(() -> Campaign.builder().id("c").brokerId("b").window(CallingWindow.usTcpa()).build())
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("has no leads");
        assertThatThrownBy(() -> valid().id(" ").build()).isInstanceOf(InvalidCampaignException.class)
                .hasMessageContaining("id is required");
        assertThatThrownBy(() -> valid().lead(CampaignLead.of("lead-1", "+12125550101")).build())
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("lists lead 'lead-1' twice");
        assertThatThrownBy(() -> valid().leads(null)).isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> valid().build().leads().add(CampaignLead.of("x", "+12125550102")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_default_the_pacing_account_to_the_broker_and_keep_sane_defaults() {
        Campaign c = valid().build();

        assertThat(c.pacing().account()).isEqualTo("broker-1");
        assertThat(c.pacing().minGapPerNumber()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.retryPolicy().retryOn()).containsExactlyInAnyOrder(CallStatus.NO_ANSWER, CallStatus.BUSY,
                CallStatus.VOICEMAIL, CallStatus.FAILED);
        assertThat(c.retryPolicy().maxAttempts()).isEqualTo(3);
    }

    @Test
    void should_refuse_a_lead_that_is_not_e164_and_never_print_its_number_whole() {
        assertThatThrownBy(() -> CampaignLead.of("lead-1", "612 345 678"))
                .isInstanceOf(InvalidPhoneNumberException.class)
                .satisfies(e -> assertThat(((VoiceException) e).httpStatus()).isEqualTo(400))
                .hasMessageNotContaining("612 345 678").hasMessageContaining("E.164");
        assertThatThrownBy(() -> new CampaignLead("", "+12125550100", null, Map.of(), null))
                .isInstanceOf(InvalidCampaignException.class);
    }

    @Test
    void should_refuse_retrying_completed_calls_and_bad_backoff_settings() {
        assertThatThrownBy(() -> RetryPolicy.builder().retryOn(CallStatus.COMPLETED).build())
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("never retried");
        assertThatThrownBy(() -> RetryPolicy.builder().retryOn(CallStatus.RINGING).build())
                .isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5).build()).isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofHours(2), 2, Duration.ofHours(1)).build())
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("shorter than initialBackoff");
    }

    @Test
    void should_grow_the_backoff_exponentially_up_to_its_cap() {
        RetryPolicy p = RetryPolicy.builder().backoff(Duration.ofMinutes(30), 2, Duration.ofHours(3)).build();

        assertThat(p.backoff(1)).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMinutes(60));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofMinutes(120));
        assertThat(p.backoff(4)).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void should_keep_jittered_retries_within_the_spread_and_inside_the_window() {
        RetryPolicy p = RetryPolicy.builder().backoff(Duration.ofMinutes(60), 2, Duration.ofHours(6)).jitter(0.5)
                .build();
        Instant ended = Instant.parse("2026-06-10T14:00:00Z"); // 10:00 in New York
        ZoneId ny = ZoneId.of("America/New_York");
        Random random = new Random(3);

        for (int i = 0; i < 200; i++) {
            Instant next = p.nextAttemptAt(1, ended, CallingWindow.usTcpa(), ny, random);
            assertThat(next).isBetween(ended.plus(Duration.ofMinutes(30)), ended.plus(Duration.ofMinutes(90)));
            assertThat(CallingWindow.usTcpa().isOpen(next, ny)).isTrue();
        }
    }

    @Test
    void should_refuse_pacing_limits_below_one_or_a_rate_window_over_a_day() {
        assertThatThrownBy(() -> Pacing.builder().maxConcurrent(0).build()).isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> Pacing.builder().callsPerSecond(0).build()).isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> Pacing.builder().rate(10, Duration.ofDays(2)).build())
                .isInstanceOf(InvalidCampaignException.class);
        assertThatThrownBy(() -> Pacing.builder().minGapPerNumber(Duration.ofSeconds(-1)).build())
                .isInstanceOf(InvalidCampaignException.class);
        assertThat(Pacing.builder().rate(100, Duration.ofHours(1)).build().interval()).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void should_need_a_reason_to_refuse_and_let_the_first_refusal_win() {
        assertThatThrownBy(() -> DialGuard.Decision.refuse(" ")).isInstanceOf(IllegalArgumentException.class);
        DialGuard robinson = (c, l) -> DialGuard.Decision.refuse("Lista Robinson");
        DialGuard optOut = (c, l) -> DialGuard.Decision.refuse("opted out");

        assertThat(DialGuard.allowAll().and(robinson).and(optOut).check("c", CampaignLead.of("l", "+12125550100"))
                .reason()).isEqualTo("Lista Robinson");
    }

    @Test
    void should_refuse_ids_a_store_cannot_hold_with_a_400_before_anything_is_stored() {
        // given ids with a NUL, another control character, and too many characters
        String nul = "lead-\u00001";
        String tooLong = "x".repeat(256);

        // when / then
        assertThatThrownBy(() -> CampaignLead.of(nul, "+12125550100"))
                .isInstanceOfSatisfying(InvalidCampaignException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> valid().id("c\n1").build()).isInstanceOf(InvalidCampaignException.class)
                .hasMessageContaining("campaign id");
        assertThatThrownBy(() -> valid().brokerId(tooLong).build()).isInstanceOf(InvalidCampaignException.class)
                .hasMessageContaining("at most 255");
        assertThatThrownBy(() -> Pacing.builder().account("acct\u0000").build())
                .isInstanceOf(InvalidCampaignException.class).hasMessageContaining("pacing account");
    }
}
