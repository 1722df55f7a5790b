package io.inmo.voice.examples;

import io.inmo.voice.CallActivity;
import io.inmo.voice.CallListener;
import io.inmo.voice.CallStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The lead's activity timeline: records every {@link CallActivity} and, when given a stream, prints it as it
 * happens (time, lead, short call id, activity, previous and new status, detail). Thread-safe.
 */
public final class TimelineListener implements CallListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String FORMAT = "%-12s  %-22s  %-8s  %-22s  %-24s  %s";

    /**
     * One line of the timeline.
     *
     * @param at when it happened
     * @param leadId lead id
     * @param leadName lead name
     * @param callId our call id
     * @param type what happened
     * @param previousStatus status before
     * @param status status after
     * @param detail provider reason or error, or {@code null}
     */
    public record Entry(Instant at, String leadId, String leadName, String callId, CallActivity.Type type,
                        CallStatus previousStatus, CallStatus status, String detail) {
    }

    private final Function<String, String> leadNames;
    private final PrintStream live;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * @param leadNames lead id to display name
     * @param live where to print each activity as it happens, or {@code null} to only record
     */
    public TimelineListener(Function<String, String> leadNames, PrintStream live) {
        this.leadNames = Objects.requireNonNull(leadNames, "leadNames");
        this.live = live;
    }

    @Override
    public void onActivity(CallActivity activity) {
        Entry entry = new Entry(activity.at(), activity.call().leadId(), leadNames.apply(activity.call().leadId()),
                activity.call().callId(), activity.type(), activity.previousStatus(), activity.call().status(),
                activity.detail());
        entries.add(entry);
        if (live != null) {
            live.println("  " + format(entry));
        }
    }

    /** @return every activity so far, oldest first */
    public List<Entry> entries() {
        return entries.stream().sorted(Comparator.comparing(Entry::at)).toList();
    }

    /** @return the column titles matching {@link #format(Entry)} */
    public static String header() {
        return String.format(FORMAT, "time (UTC)", "lead", "call", "activity", "status", "detail");
    }

    /** @param e an entry @return one aligned line */
    public static String format(Entry e) {
        String status = e.previousStatus() == e.status() ? e.status().name()
                : e.previousStatus() + " -> " + e.status();
        return String.format(FORMAT, TIME.format(e.at()), Text.fit(e.leadName(), 22), Text.shortId(e.callId()),
                e.type(), status, e.detail() == null ? "" : e.detail()).stripTrailing();
    }
}
