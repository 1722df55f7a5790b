package io.inmo.voice.examples;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The few lines the scripted demo prints at the end, read back from the registry the
 * {@code MicrometerVoiceObserver} recorded into: calls by result and outcome, webhooks and summaries by result.
 */
final class MetricsSummary {

    private MetricsSummary() {
    }

    /**
     * @param registry the demo's registry
     * @return one line per meter shown, such as {@code "calls ended       fake: BUSY 1, COMPLETED 2"}
     */
    static List<String> lines(MeterRegistry registry) {
        List<String> lines = new ArrayList<>();
        lines.add(line("calls initiated", registry, "voice.calls.initiated", "result"));
        lines.add(line("calls ended", registry, "voice.calls.ended", "status"));
        lines.add(line("webhooks", registry, "voice.webhooks", "result"));
        lines.add(line("summaries", registry, "voice.summaries", "result"));
        return lines;
    }

    /** {@code label  provider: value n, value n; provider: ...}, providers and values sorted. */
    private static String line(String label, MeterRegistry registry, String meter, String key) {
        Map<String, Map<String, Long>> byProvider = new TreeMap<>();
        for (Meter m : Search.in(registry).name(meter).meters()) {
            long count = count(m);
            if (count == 0) {
                continue;
            }
            String provider = m.getId().getTag("provider");
            byProvider.computeIfAbsent(provider == null ? "" : provider + ": ", p -> new TreeMap<>())
                    .merge(m.getId().getTag(key), count, Long::sum);
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-16s ", label));
        if (byProvider.isEmpty()) {
            return s.append("none").toString();
        }
        String sep = "";
        for (Map.Entry<String, Map<String, Long>> provider : byProvider.entrySet()) {
            s.append(sep).append(provider.getKey());
            String inner = "";
            for (Map.Entry<String, Long> value : provider.getValue().entrySet()) {
                s.append(inner).append(value.getKey()).append(' ').append(value.getValue());
                inner = ", ";
            }
            sep = "; ";
        }
        return s.toString();
    }

    private static long count(Meter meter) {
        double total = 0;
        for (var measurement : meter.measure()) {
            if (measurement.getStatistic() == io.micrometer.core.instrument.Statistic.COUNT) {
                total += measurement.getValue();
            }
        }
        return Math.round(total);
    }
}
