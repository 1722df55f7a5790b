package io.inmo.voice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.inmo.voice.VoiceException;
import io.inmo.voice.internal.Numbers;
import io.inmo.voice.webhook.WebhookEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generated hostile values for property-style parser tests: numbers that are huge, tiny, long, malformed or
 * not numbers at all, written as JSON numbers and as JSON strings, plus wrong shapes and absurd timestamps.
 * Seeded, so a failure repeats. {@link #check} asserts the property every parser must keep.
 */
public final class HostileInput {

    /**
     * CPU time one parse may take. Generous (a parse of these bodies takes well under a millisecond; the bugs
     * this catches took 7-30 s), and measured as the thread's CPU time where the JVM offers it, so a loaded
     * machine does not make the test flaky.
     */
    public static final Duration CPU_BOUND = Duration.ofMillis(500);

    private static final String LONG_DIGITS = "9".repeat(900_000);

    private HostileInput() {
    }

    /** @return numeric texts: the reported attacks, edge cases and seeded random ones */
    public static List<String> numberTexts() {
        List<String> out = new ArrayList<>(List.of(
                "1e999999999", "-1e999999999", "1e10000000", "1E+10000000", "1e-999999999", "1e2147483648",
                "1e-2147483649", "1e16", "1e15", "999999999999999", "-5", "-0", "0", "0.0", "1.5", "95", "+7",
                "1234567890123456789012345678901234567890", "0.0000000000000000000000001",
                "123456789012345678901234567890.123456789e-20", "9.2233720368547758e18", "1.7976931348623157e308",
                "4.9e-324", ".5", "5.", "1e", "1e+", "--1", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "12abc",
                "", " ", "\u0663", "1,5", "1 000", LONG_DIGITS, "0." + LONG_DIGITS, LONG_DIGITS + "e-899999"));
        Random random = new Random(20261129L);
        String alphabet = "0123456789.-+eE";
        for (int i = 0; i < 150; i++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            out.add(s.toString());
        }
        for (int i = 0; i < 40; i++) {
            out.add((random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + "." + random.nextInt(1000) + "e"
                    + (random.nextBoolean() ? "-" : "") + random.nextInt(Integer.MAX_VALUE));
        }
        return out;
    }

    /**
     * @return JSON values to put where a number is expected: every {@link #numberTexts()} entry as a string,
     *         the syntactically valid ones also as bare numbers, and wrong shapes
     */
    public static List<String> jsonValues() {
        List<String> out = new ArrayList<>();
        for (String n : numberTexts()) {
            out.add("\"" + n + "\"");
            if (n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                out.add(n);
            }
        }
        out.addAll(List.of("null", "true", "false", "{}", "[]", "[1,2]", "{\"a\":1e999999999}",
                "[[[[[[[[[[1]]]]]]]]]]", "\"" + "x".repeat(100_000) + "\""));
        return out;
    }

    /** @return timestamp texts: far past and future, invalid dates, long and odd forms */
    public static List<String> timestampTexts() {
        return List.of("+999999999-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00Z",
                "+1000000000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-10T16:02:19Z",
                "2026-03-10 16:02:19", "2026-03-10T16:02:19+99:00", "0000-01-01T00:00:00Z", "1e999999999", "",
                "2026-03-10T16:02:19." + "1".repeat(500_000) + "Z", "\u0000", "yesterday");
    }

    /**
     * Runs one parse and asserts the property: it either yields an event whose numbers are sane, or throws a
     * {@link VoiceException} with a 4xx status; never another exception; and within {@link #CPU_BOUND}.
     *
     * @param label what is being tried, for the failure message
     * @param body the body
     * @param parse the parse under test
     */
    public static void check(String label, String body, Function<byte[], WebhookEvent> parse) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long start = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
        WebhookEvent event = null;
        try {
            event = parse.apply(bytes);
        } catch (VoiceException e) {
            assertThat(e.httpStatus()).as(label).isBetween(400, 499);
        } catch (RuntimeException e) {
            fail(label + ": untyped " + e, e);
        }
        long spent = (cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
        assertThat(Duration.ofNanos(spent)).as(label + " took too long").isLessThan(CPU_BOUND);
        if (event != null) {
            Duration d = event.duration();
            if (d != null) {
                assertThat(d).as(label).isBetween(Duration.ZERO, Numbers.MAX_DURATION);
                assertThat(d.toMillis()).as(label).isNotNegative();
            }
            BigDecimal cost = event.cost();
            if (cost != null) {
                assertThat(cost.abs()).as(label).isLessThan(BigDecimal.TEN.pow(Numbers.MAX_INTEGER_DIGITS));
                assertThat(cost.toPlainString().length()).as(label).isLessThan(100);
            }
        }
    }

    /** @return a short label for a value that may be 900,000 characters long */
    public static String shorten(String value) {
        return value.length() <= 60 ? value : value.substring(0, 40) + "...(" + value.length() + " chars)";
    }
}
