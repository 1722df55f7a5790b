package io.inmo.voice.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one ISO-8601 timestamp reader of every provider parser. Accepts, in order of cost:
 * <ol>
 *   <li>{@code 2024-07-27T20:43:38.016Z} (what VAPI writes), parsed without allocation: it runs on every
 *       end-of-call report;</li>
 *   <li>any offset form, {@code 2024-07-27T22:43:38+02:00};</li>
 *   <li>a local date-time without offset, {@code 2024-07-27T20:43:38} or {@code 2024-07-27 20:43:38} (Bland
 *       writes these), read as UTC.</li>
 * </ol>
 * Anything else, and any text longer than {@value #MAX_LENGTH} characters, is {@code null}: a timestamp the SDK
 * cannot read is treated as absent, never as an error.
 */
public final class Timestamps {

    /** Longest text looked at: a full ISO-8601 date-time with nanoseconds and offset is 35 characters. */
    public static final int MAX_LENGTH = 64;

    private Timestamps() {
    }

    /**
     * @param text the timestamp, may be {@code null}; surrounding whitespace ignored
     * @return the instant, or {@code null} when absent or unreadable
     */
    public static Instant parse(String text) {
        if (text == null || text.length() > MAX_LENGTH + 8) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        Instant fast = utcInstant(s);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * Allocation-free parse of {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}; {@code null} for anything else (then
     * the formatters decide).
     */
    private static Instant utcInstant(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 1 - 20;
            if (s.charAt(19) != '.' || fractionDigits > 9 || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
