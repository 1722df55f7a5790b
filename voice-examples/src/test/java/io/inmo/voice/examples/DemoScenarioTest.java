package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.inmo.voice.CallActivity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

    @Test
    void should_end_every_scripted_call_with_its_outcome_summary_and_score_change() throws Exception {
        // given the demo server on a free port, its fake provider posting signed webhooks back over HTTP
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (DemoServer server = TestServer.server().build().start()) {
            DemoScenario scenario = new DemoScenario(server.baseUri(),
                    new PrintStream(progress, true, StandardCharsets.UTF_8), Duration.ofSeconds(30),
                    Duration.ofMillis(50));

            // when the demo scenario calls every seeded lead over HTTP and waits for the calls to finish
            DemoScenario.Result result = scenario.run(DemoScenario.defaultSteps());

            // then every call ended as scripted, was summarized and moved the lead's score
            assertThat(result.problems()).isEmpty();
            assertThat(result.rows())
                    .extracting(r -> r.step().leadId(), DemoScenario.Row::httpStatus, DemoScenario.Row::error,
                            DemoScenario.Row::status, DemoScenario.Row::summaryState, DemoScenario.Row::scoreBefore,
                            DemoScenario.Row::scoreAfter)
                    .containsExactly(
                            tuple("lead-1", 201, null, "COMPLETED", "DONE", 50, 70),
                            tuple("lead-2", 201, null, "NO_ANSWER", "DONE", 40, 35),
                            tuple("lead-3", 201, null, "BUSY", "DONE", 35, 32),
                            tuple("lead-4", 201, null, "VOICEMAIL", "DONE", 30, 28),
                            tuple("lead-5", 201, null, "FAILED", "DONE", 45, 45),
                            tuple("lead-6", 400, "invalid_phone_number", null, null, 25, 25),
                            tuple("lead-7", 503, "provider_unavailable", null, null, 20, 20));
            assertThat(result.rows()).extracting(DemoScenario.Row::summary).containsExactly(
                    "The lead is interested and asked for a visit on Saturday morning.",
                    "No answer; try again at another time of day.",
                    "Line busy; retry later today.",
                    "Voicemail: message left asking the lead to call back.",
                    "Call failed (carrier-error: SIP 503 Service Unavailable); check the number.",
                    null,
                    null);
            assertThat(result.rows()).extracting(DemoScenario.Row::durationSeconds)
                    .containsExactly(95L, 0L, 0L, 18L, 0L, null, null);
            assertThat(result.rows()).allSatisfy(r -> assertThat(r.finished()).isTrue());

            // and the timeline has each call from INITIATED to SUMMARY_READY
            assertThat(server.timeline().entries())
                    .filteredOn(e -> e.type() == CallActivity.Type.SUMMARY_READY)
                    .extracting(TimelineListener.Entry::leadId)
                    .containsExactlyInAnyOrder("lead-1", "lead-2", "lead-3", "lead-4", "lead-5");
            assertThat(server.timeline().entries())
                    .filteredOn(e -> e.type() == CallActivity.Type.INITIATED)
                    .hasSize(5);
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("5/5 calls ended, 5/5 summaries finished");
    }

    @Test
    void should_print_the_table_and_the_timeline_and_exit_0_when_run_as_the_demo() {
        // given no provider credentials in the environment
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when the demo runs as `java -jar voice-demo.jar` would
        int exitCode = Main.run(new String[0], new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of("FAKE_WEBHOOK_SECRET", TestServer.SECRET));

        // then it exits 0 after printing the results and the activity timeline
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).isZero();
        assertThat(printed)
                .contains("María García López", "COMPLETED", "50 -> 70", "400 invalid_phone_number",
                        "503 provider_unavailable", "Activity timeline", "SUMMARY_READY",
                        "OK: 5 calls ended and were summarized; 2 requests refused as expected.");
        assertThat(printed).contains("Metrics (MicrometerVoiceObserver", "calls ended      fake: ",
                "webhooks         fake: applied ", "summaries        done 5");
    }

    @Test
    void should_exit_2_on_an_unknown_argument() {
        // given an argument the demo does not know
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when the demo starts with it
        int exitCode = Main.run(new String[] {"--bogus"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                Map.of());

        // then it prints the usage and exits 2
        assertThat(exitCode).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("unknown argument --bogus", "usage:");
    }
}
