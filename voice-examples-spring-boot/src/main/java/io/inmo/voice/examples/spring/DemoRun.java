package io.inmo.voice.examples.spring;

import io.inmo.voice.examples.DemoScenario;
import io.inmo.voice.examples.Main;
import io.inmo.voice.examples.TimelineListener;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --demo}: the JDK demo's scripted calls ({@link DemoScenario#defaultSteps()}) against this running
 * application over real HTTP, then the results table and the activity timeline.
 */
@Component
class DemoRun {

    private final Environment environment;
    private final TimelineListener timeline;

    DemoRun(Environment environment, TimelineListener timeline) {
        this.environment = environment;
        this.timeline = timeline;
    }

    /**
     * @param out where everything is printed
     * @return 0 when every call ended as scripted and was summarized, 1 otherwise
     */
    int run(PrintStream out) {
        URI base = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port"));
        out.println("inmo-voice Spring Boot demo: application on " + base
                + " (the fake provider POSTs signed webhooks to /webhooks/voice/fake)");
        out.println();
        DemoScenario.Result result;
        try {
            result = new DemoScenario(base, out, Main.DEADLINE, Duration.ofMillis(100)).run(DemoScenario.defaultSteps());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("interrupted");
            return 1;
        }
        out.println();
        printTable(out, result.rows());
        out.println();
        out.println("Activity timeline (CallListener):");
        out.println("  " + TimelineListener.header());
        timeline.entries().forEach(e -> out.println("  " + TimelineListener.format(e)));
        out.println();
        if (result.ok()) {
            long calls = result.rows().stream().filter(r -> r.callId() != null).count();
            out.printf(Locale.ROOT, "OK: %d calls ended and were summarized; %d requests refused as expected.%n",
                    calls, result.rows().size() - calls);
            return 0;
        }
        out.println("NOT OK:");
        result.problems().forEach(p -> out.println("  - " + p));
        return 1;
    }

    private static void printTable(PrintStream out, List<DemoScenario.Row> rows) {
        String format = "  %-22s  %-8s  %-24s  %8s  %-9s  %s%n";
        out.printf(Locale.ROOT, format, "lead", "provider", "result", "duration", "score", "summary");
        for (DemoScenario.Row r : rows) {
            boolean placed = r.callId() != null;
            out.printf(Locale.ROOT, format, fit(r.leadName(), 22), r.provider() == null ? "-" : r.provider(),
                    placed ? r.status() : r.httpStatus() + " " + r.error(),
                    duration(r.durationSeconds()),
                    r.scoreBefore() + " -> " + r.scoreAfter(), fit(placed ? r.summary() : r.errorMessage(), 90));
        }
    }

    private static String duration(Long seconds) {
        if (seconds == null) {
            return "-";
        }
        return seconds >= 60 ? seconds / 60 + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s"
                : seconds + "s";
    }

    private static String fit(String s, int width) {
        if (s == null) {
            return "";
        }
        String line = s.replace('\n', ' ');
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }
}
