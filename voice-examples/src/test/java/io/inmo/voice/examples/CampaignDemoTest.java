package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CampaignDemoTest {

    @Test
    void should_run_the_200_lead_campaign_to_the_end_within_every_limit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new CampaignDemo(out, 0).run();

        String printed = bytes.toString(StandardCharsets.UTF_8);
        String report = printed.substring(printed.indexOf("Outcomes:"));
        assertThat(exit).as(report).isZero();
        assertThat(printed).contains("200/200 finished");
        assertThat(report).containsPattern("done: COMPLETED +\\d+")
                .containsPattern("exhausted \\(every attempt used\\) +\\d+")
                .containsPattern("refused by the dial guard +5\n")
                .containsPattern("held \\(time zone unknown\\) +5\n")
                .containsPattern("highest concurrency +8 live calls +\\(limit 8\\)")
                .containsPattern("highest rate +[12] dials in 1 s +\\(limit 2/s\\)")
                .contains("dials outside the lead's local window: 0 of", "lead-195",
                        "OK: the campaign finished within every limit.");
    }
}
