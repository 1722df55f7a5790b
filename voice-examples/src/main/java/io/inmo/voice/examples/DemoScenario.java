package io.inmo.voice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.inmo.voice.CallStatus;
import io.inmo.voice.fake.FakeOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo, as a client of the {@link DemoServer}: calls each scripted lead over HTTP
 * ({@code POST /api/v1/calls/initiate}), then polls {@code GET /api/v1/calls/{id}} until every call has ended
 * and every summary is written, or the deadline passes. Prints its progress as it goes.
 */
public final class DemoScenario {

    /**
     * One lead to call and what should happen.
     *
     * @param leadId the lead
     * @param expectedHttpStatus the answer to the initiate request (201, or the error status)
     * @param expectedStatus the call's final status, or {@code null} when no call is created
     */
    public record Step(String leadId, int expectedHttpStatus, CallStatus expectedStatus) {
    }

    /**
     * What happened to one lead.
     *
     * @param step the step
     * @param leadName the lead's name
     * @param httpStatus the initiate answer's status
     * @param error the error code when it was refused, else {@code null}
     * @param errorMessage the error message when it was refused, else {@code null}
     * @param callId our call id, or {@code null}
     * @param provider the provider that placed the call, or {@code null}
     * @param status the final (or last seen) status, or {@code null}
     * @param durationSeconds talk time, or {@code null}
     * @param summary the summary, or {@code null}
     * @param summaryState the summary state, or {@code null}
     * @param scoreBefore the lead's score before the call
     * @param scoreAfter the lead's score at the end
     * @param finished the call ended and its summary finished (always true for a refused request)
     */
    public record Row(Step step, String leadName, int httpStatus, String error, String errorMessage, String callId,
                      String provider, String status, Long durationSeconds, String summary, String summaryState,
                      int scoreBefore, int scoreAfter, boolean finished) {
    }

    /**
     * @param rows one per step, in order
     * @param problems what did not go as expected; empty when all did
     */
    public record Result(List<Row> rows, List<String> problems) {
        /** @return whether every call finished as expected */
        public boolean ok() {
            return problems.isEmpty();
        }

        /**
         * Prints the results table both demos show: one line per step, the call's outcome or the refusal.
         *
         * @param out where it goes
         */
        public void printTable(PrintStream out) {
            String format = "  %-22s  %-8s  %-24s  %8s  %-9s  %s%n";
            out.printf(Locale.ROOT, format, "lead", "provider", "result", "duration", "score", "summary");
            for (Row r : rows) {
                String result = r.callId() != null ? r.status() : r.httpStatus() + " " + r.error();
                String summary = r.callId() != null ? r.summary() : r.errorMessage();
                out.printf(Locale.ROOT, format, Text.fit(r.leadName(), 22), r.provider() == null ? "-" : r.provider(),
                        result, duration(r.durationSeconds()), r.scoreBefore() + " -> " + r.scoreAfter(),
                        Text.fit(summary, 90));
            }
        }

        private static String duration(Long seconds) {
            if (seconds == null) {
                return "-";
            }
            return seconds >= 60 ? seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s"
                    : seconds + "s";
        }

        /**
         * Prints the verdict line (or the problems) that both demos end with.
         *
         * @param out where it goes
         * @return the process exit code: 0 when every call finished as expected, else 1
         */
        public int printVerdict(PrintStream out) {
            if (ok()) {
                long calls = rows.stream().filter(r -> r.callId() != null).count();
                out.printf(Locale.ROOT, "OK: %d calls ended and were summarized; %d requests refused as expected.%n",
                        calls, rows.size() - calls);
                return 0;
            }
            out.println("NOT OK:");
            problems.forEach(p -> out.println("  - " + p));
            return 1;
        }
    }

    private final URI baseUri;
    private final PrintStream out;
    private final Duration deadline;
    private final Duration pollInterval;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param baseUri the server, such as {@code http://127.0.0.1:8080}
     * @param out where progress goes
     * @param deadline how long to wait for calls and summaries to finish
     * @param pollInterval how often to look
     */
    public DemoScenario(URI baseUri, PrintStream out, Duration deadline, Duration pollInterval) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.out = Objects.requireNonNull(out, "out");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /** @return the seeded leads of {@link DemoData#scriptedLeads()} with what should happen to each */
    public static List<Step> defaultSteps() {
        List<Step> steps = new ArrayList<>();
        for (DemoData.Seed seed : DemoData.scriptedLeads()) {
            if (seed.outcome() != null) {
                steps.add(new Step(seed.lead().id(), 201, expectedStatus(seed.outcome())));
            } else if (seed.lead().brokerId().equals(DemoData.NO_PROVIDER_BROKER)) {
                steps.add(new Step(seed.lead().id(), 503, null));
            } else {
                steps.add(new Step(seed.lead().id(), 400, null)); // the invalid phone number
            }
        }
        return steps;
    }

    private static CallStatus expectedStatus(FakeOutcome outcome) {
        switch (outcome) {
            case ANSWERED:
            case OUTCOME_UNKNOWN:
                return CallStatus.COMPLETED;
            case NO_ANSWER:
                return CallStatus.NO_ANSWER;
            case BUSY:
                return CallStatus.BUSY;
            case VOICEMAIL:
                return CallStatus.VOICEMAIL;
            default:
                return CallStatus.FAILED;
        }
    }

    /**
     * @param steps the leads to call
     * @return what happened
     * @throws InterruptedException if interrupted while waiting
     */
    public Result run(List<Step> steps) throws InterruptedException {
        List<Tracked> tracked = new ArrayList<>();
        out.println("Placing calls over HTTP (POST /api/v1/calls/initiate):");
        for (Step step : steps) {
            tracked.add(initiate(step));
        }
        List<Tracked> calls = tracked.stream().filter(t -> t.callId != null).toList();
        out.println();
        out.printf(Locale.ROOT, "Waiting for %d calls to end and their summaries to be written (deadline %d s):%n",
                calls.size(), deadline.toSeconds());
        waitForCalls(calls);
        List<String> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (Tracked t : tracked) {
            JsonNode lead = get("/api/v1/leads/" + t.step.leadId()).body;
            t.scoreAfter = lead.path("score").asInt();
            rows.add(t.row());
            check(t, problems);
        }
        return new Result(List.copyOf(rows), List.copyOf(problems));
    }

    private Tracked initiate(Step step) {
        Tracked t = new Tracked(step);
        JsonNode lead = get("/api/v1/leads/" + step.leadId()).body;
        t.leadName = lead.path("name").asText(step.leadId());
        t.scoreBefore = lead.path("score").asInt();
        Response r = send(HttpRequest.newBuilder(baseUri.resolve("/api/v1/calls/initiate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lead_id\": \"" + step.leadId() + "\"}")));
        t.httpStatus = r.status;
        if (r.status == 201) {
            t.update(r.body);
            out.printf(Locale.ROOT, "  %-7s %-22s -> %d %-10s call %s via %s%n", step.leadId(),
                    Text.fit(t.leadName, 22), r.status, t.status, Text.shortId(t.callId), t.provider);
        } else {
            t.error = r.body.path("error").asText(null);
            t.errorMessage = r.body.path("message").asText(null);
            t.finished = true;
            out.printf(Locale.ROOT, "  %-7s %-22s -> %d %s: %s%n", step.leadId(), Text.fit(t.leadName, 22),
                    r.status, t.error, t.errorMessage);
        }
        return t;
    }

    private void waitForCalls(List<Tracked> calls) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        String lastProgress = null;
        long lastPrinted = 0;
        while (true) {
            for (Tracked t : calls) {
                if (!t.finished) {
                    t.update(get("/api/v1/calls/" + t.callId).body);
                }
            }
            long ended = calls.stream().filter(Tracked::ended).count();
            long summarized = calls.stream().filter(t -> t.finished).count();
            String progress = String.format(Locale.ROOT, "  %d/%d calls ended, %d/%d summaries finished", ended,
                    calls.size(), summarized, calls.size());
            long now = System.nanoTime();
            boolean done = summarized == calls.size();
            if (!progress.equals(lastProgress) || now - lastPrinted > Duration.ofSeconds(2).toNanos()) {
                out.printf(Locale.ROOT, "%s (%.1f s)%n", progress, (now - start) / 1e9);
                lastProgress = progress;
                lastPrinted = now;
            }
            if (done) {
                return;
            }
            if (now >= end) {
                out.println("  deadline passed; some calls or summaries did not finish");
                return;
            }
            LockSupport.parkNanos(Math.min(pollInterval.toNanos(), end - now));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for calls");
            }
        }
    }

    private static void check(Tracked t, List<String> problems) {
        Step step = t.step;
        if (t.httpStatus != step.expectedHttpStatus()) {
            problems.add(step.leadId() + ": initiate answered " + t.httpStatus + ", expected "
                    + step.expectedHttpStatus() + (t.errorMessage == null ? "" : " (" + t.errorMessage + ")"));
            return;
        }
        if (t.callId == null) {
            return;
        }
        if (!t.finished) {
            problems.add(step.leadId() + ": call " + t.callId + " did not finish (status " + t.status + ", summary "
                    + t.summaryState + ")");
        } else if (step.expectedStatus() != null && !step.expectedStatus().name().equals(t.status)) {
            problems.add(step.leadId() + ": call ended " + t.status + ", expected " + step.expectedStatus());
        }
    }

    private record Response(int status, JsonNode body) {
    }

    private Response get(String path) {
        return send(HttpRequest.newBuilder(baseUri.resolve(path)).GET());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), HttpExchanges.JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("request to the demo server failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Mutable state of one step while the scenario runs. */
    private static final class Tracked {
        final Step step;
        String leadName;
        int httpStatus;
        String error;
        String errorMessage;
        String callId;
        String provider;
        String status;
        Long durationSeconds;
        String summary;
        String summaryState;
        int scoreBefore;
        int scoreAfter;
        boolean finished;

        Tracked(Step step) {
            this.step = step;
        }

        void update(JsonNode call) {
            callId = call.path("call_id").asText(null);
            provider = call.path("provider").asText(null);
            status = call.path("status").asText(null);
            durationSeconds = call.path("duration_seconds").isNumber() ? call.path("duration_seconds").asLong() : null;
            summary = call.path("summary").asText(null);
            summaryState = call.path("summary_state").asText(null);
            finished = ended() && ("DONE".equals(summaryState) || "FAILED".equals(summaryState));
        }

        boolean ended() {
            return status != null && CallStatus.valueOf(status).isTerminal();
        }

        Row row() {
            return new Row(step, leadName, httpStatus, error, errorMessage, callId, provider, status, durationSeconds,
                    summary, summaryState, scoreBefore, scoreAfter, finished);
        }
    }
}
