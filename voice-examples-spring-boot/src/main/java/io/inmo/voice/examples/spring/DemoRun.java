package io.inmo.voice.examples.spring;

import io.inmo.voice.examples.DemoScenario;
import io.inmo.voice.examples.Main;
import io.inmo.voice.examples.TimelineListener;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
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
        result.printTable(out);
        out.println();
        out.println("Activity timeline (CallListener):");
        out.println("  " + TimelineListener.header());
        timeline.entries().forEach(e -> out.println("  " + TimelineListener.format(e)));
        out.println();
        return result.printVerdict(out);
    }
}
