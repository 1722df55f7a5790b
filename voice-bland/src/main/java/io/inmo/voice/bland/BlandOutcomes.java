package io.inmo.voice.bland;

import io.inmo.voice.CallStatus;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Bland's call outcome decision table (docs/providers/bland.md §3), as a pure function. Bland spreads
 * an outcome over several fields: {@code status}, {@code answered_by}, {@code queue_status},
 * {@code error_message}, {@code disposition_tag} and {@code completed}. Rows are evaluated top-down:
 *
 * <ol>
 *   <li>{@code status} canceled (or cancelled) → CANCELED</li>
 *   <li>{@code status} busy, or tag {@code BUSY}, or an error message saying "is busy" → BUSY</li>
 *   <li>{@code status} no-answer, or {@code answered_by} no-answer, or tag {@code NO_ANSWER} → NO_ANSWER</li>
 *   <li>{@code status} failed, or {@code queue_status} pre_queue_error, queue_error, call_error → FAILED</li>
 *   <li>{@code status} completed and {@code answered_by} voicemail → VOICEMAIL</li>
 *   <li>{@code status} completed and {@code answered_by} human, unknown or absent → COMPLETED</li>
 *   <li>call not finished ({@code completed} false, or no status with {@code queue_status} new, queued,
 *       allocated, started) → QUEUED while waiting for a line (new, queued, allocated), otherwise
 *       IN_PROGRESS</li>
 *   <li>anything else (including {@code status} unknown) → UNKNOWN; the caller keeps the raw values</li>
 * </ol>
 *
 * <p>Spelling variants are tolerated ({@code no_answer}, {@code cancelled}, any case). Never throws.
 */
final class BlandOutcomes {

    private BlandOutcomes() {
    }

    /**
     * @param status Bland {@code status}, may be {@code null}
     * @param answeredBy Bland {@code answered_by}, may be {@code null}
     * @param queueStatus Bland {@code queue_status}, may be {@code null}
     * @param errorMessage Bland {@code error_message}, may be {@code null}
     * @param dispositionTag Bland {@code disposition_tag}, may be {@code null}
     * @param completed Bland {@code completed}, may be {@code null}
     * @return the neutral status, {@link CallStatus#UNKNOWN} when no row applies
     */
    static CallStatus classify(String status, String answeredBy, String queueStatus, String errorMessage,
                               String dispositionTag, Boolean completed) {
        String s = norm(status);
        String by = norm(answeredBy);
        String q = norm(queueStatus);
        String tag = norm(dispositionTag);
        if (s.equals("canceled") || s.equals("cancelled")) {
            return CallStatus.CANCELED;
        }
        if (s.equals("busy") || tag.equals("busy")
                || (errorMessage != null && errorMessage.toLowerCase(Locale.ROOT).contains("is busy"))) {
            return CallStatus.BUSY;
        }
        if (s.equals("no-answer") || by.equals("no-answer") || tag.equals("no-answer")) {
            return CallStatus.NO_ANSWER;
        }
        if (s.equals("failed") || q.equals("pre-queue-error") || q.equals("queue-error") || q.equals("call-error")) {
            return CallStatus.FAILED;
        }
        if (s.equals("completed")) {
            if (by.equals("voicemail")) {
                return CallStatus.VOICEMAIL;
            }
            if (by.isEmpty() || by.equals("human") || by.equals("unknown") || by.equals("null")) {
                return CallStatus.COMPLETED;
            }
            return CallStatus.UNKNOWN;
        }
        boolean waiting = q.equals("new") || q.equals("queued") || q.equals("allocated");
        boolean started = q.equals("started");
        if (Boolean.FALSE.equals(completed) || (s.isEmpty() && !Boolean.TRUE.equals(completed) && (waiting || started))) {
            if (s.isEmpty() || s.equals("queued") || s.equals("in-progress") || s.equals("started")) {
                return waiting || s.equals("queued") ? CallStatus.QUEUED : CallStatus.IN_PROGRESS;
            }
        }
        return CallStatus.UNKNOWN;
    }

    private static final Pattern STREAM_NEGATION = Pattern.compile("\\b(not|no|failed|fail|unable|error|dis)\\b");
    private static final Pattern STREAM_QUEUED = Pattern.compile("\\b(en)?queued\\b");
    private static final Pattern STREAM_RINGING = Pattern.compile("\\bringing\\b");
    private static final Pattern STREAM_CONNECTED = Pattern.compile("\\b(connected|answered)\\b");

    /**
     * Reads a {@code webhook_events} stream message ({@code "Call enqueued"}, {@code "Call connected"}, ...).
     * Only short status lines count: speech and log lines ({@code "Agent speech: ..."}, {@code "TTS: 218ms"})
     * carry a colon and are never status changes, and a negated line ("not connected") is not one either.
     *
     * @param message the stream message, may be {@code null}
     * @return QUEUED, RINGING or IN_PROGRESS, or {@code null} when the message is not a status change
     */
    static CallStatus streamStatus(String message) {
        if (message == null || message.length() > 120 || message.indexOf(':') >= 0) {
            return null;
        }
        String m = message.trim().toLowerCase(Locale.ROOT);
        if (STREAM_NEGATION.matcher(m).find()) {
            return null;
        }
        if (STREAM_CONNECTED.matcher(m).find()) {
            return CallStatus.IN_PROGRESS;
        }
        if (STREAM_RINGING.matcher(m).find()) {
            return CallStatus.RINGING;
        }
        if (STREAM_QUEUED.matcher(m).find()) {
            return CallStatus.QUEUED;
        }
        return null;
    }

    /**
     * The raw combination kept as the provider reason when Bland sent no {@code error_message}.
     *
     * @return e.g. {@code status=completed, answered_by=human, queue_status=complete}; {@code null} if all absent
     */
    static String rawCombination(String status, String answeredBy, String queueStatus, String dispositionTag) {
        StringBuilder b = new StringBuilder();
        append(b, "status", status);
        append(b, "answered_by", answeredBy);
        append(b, "queue_status", queueStatus);
        append(b, "disposition_tag", dispositionTag);
        return b.length() == 0 ? null : b.toString();
    }

    private static void append(StringBuilder b, String name, String value) {
        if (value != null) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(name).append('=').append(value);
        }
    }

    private static String norm(String v) {
        if (v == null) {
            return "";
        }
        return v.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
