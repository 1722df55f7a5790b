package io.inmo.voice.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * The one number reader every provider parser uses (VAPI, Bland, the fake provider; webhooks and fetched calls).
 *
 * <p>Provider numbers (durations, costs, epoch timestamps) are small. Hostile ones are not: {@code 1e999999999}
 * is an 11-character token whose expansion ({@code longValue()}, {@code setScale}, {@code toPlainString})
 * takes minutes of CPU or throws {@link ArithmeticException}, and a 900,000-digit numeric string takes seconds
 * to become a {@link BigDecimal}. So the bounds are checked on the <em>text</em> and on the magnitude
 * ({@code precision - scale}, which costs nothing) before anything expands the value:
 * <ul>
 *   <li>text longer than {@value #MAX_TEXT_LENGTH} characters: out of range;</li>
 *   <li>{@code |value| >= 1e}{@value #MAX_INTEGER_DIGITS}: out of range (epoch milliseconds, seconds, cents
 *       and dollars all stay far below);</li>
 *   <li>{@code |value| < 1e-}{@value #MIN_FRACTION_EXPONENT}: read as zero.</li>
 * </ul>
 * JSON numbers and numbers written as strings ({@code "12.5"}) take the same path.
 *
 * <p>Two failures, with plain JDK types so each parser maps them to its own message and leniency:
 * {@link NumberFormatException} when the value is not a number at all, {@link ArithmeticException} when it is
 * one but out of range. Providers refuse out-of-range numbers with a 400 (a real payload never has one).
 *
 * <p>Durations are a separate, softer rule: a duration that is negative or longer than {@link #MAX_DURATION}
 * is not a phone call, so {@code seconds/millis/minutes/between} return {@code null} (the field is treated as
 * absent) rather than a {@link Duration} that is negative or whose {@code toMillis()} overflows.
 */
public final class Numbers {

    /** Longest numeric text read: 40 significant digits plus sign, point and exponent fit easily. */
    public static final int MAX_TEXT_LENGTH = 64;
    /** Values must be below {@code 10^MAX_INTEGER_DIGITS} in magnitude. */
    public static final int MAX_INTEGER_DIGITS = 15;
    /** Values below {@code 10^-MIN_FRACTION_EXPONENT} in magnitude are read as zero. */
    public static final int MIN_FRACTION_EXPONENT = 12;
    /** Longest duration accepted as a call's length; anything longer is treated as absent. */
    public static final Duration MAX_DURATION = Duration.ofDays(31);

    private static final long MAX_DURATION_MILLIS = MAX_DURATION.toMillis();

    private Numbers() {
    }

    /**
     * Reads a number written as text.
     *
     * @param text the number, e.g. {@code "12.5"}, {@code "-3"}, {@code "1.2e3"}; surrounding whitespace ignored
     * @return the value, or {@code null} when {@code text} is {@code null} or blank
     * @throws NumberFormatException when the text is not a decimal number
     * @throws ArithmeticException when it is a number out of range (too long, or {@code >= 1e15} in magnitude)
     */
    public static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return null;
        }
        // Length first: strip() is linear, but turning 900,000 digits into a BigDecimal is not.
        if (s.length() > MAX_TEXT_LENGTH) {
            throw new ArithmeticException("number has more than " + MAX_TEXT_LENGTH + " characters");
        }
        if (!looksNumeric(s)) {
            throw new NumberFormatException("not a decimal number");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(s);
        } catch (NumberFormatException exponentOverflow) {
            // The syntax is right, so only an exponent beyond the int range can fail here.
            throw new ArithmeticException("number exponent out of range");
        }
        return bounded(value);
    }

    /**
     * Reads the current token of a streaming parser as a number: a JSON number or a numeric string, through the
     * same text path as {@link #decimal(String)} (the parser never builds a {@link BigDecimal} itself).
     *
     * @param p the parser, positioned on the value
     * @param t the current token
     * @return the value; {@code null} for JSON {@code null} or a blank string
     * @throws NumberFormatException for any other token (object, array, boolean, non-numeric string); the value
     *         has been skipped
     * @throws ArithmeticException when the number is out of range
     * @throws IOException from the parser
     */
    public static BigDecimal decimal(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_NUMBER_INT:
                // Jackson knows the digit count without converting: more than a long holds is out of range,
                // and a long needs no text, so the common case allocates nothing but the value.
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new ArithmeticException("integer out of range");
                }
                return bounded(BigDecimal.valueOf(p.getLongValue()));
            case VALUE_NUMBER_FLOAT:
                // The token is at most the parser's number length; building the BigDecimal of 1e999999999 is
                // cheap (an unscaled 1 and a scale), only expanding it is not, and bounded() never does.
                try {
                    return bounded(p.getDecimalValue());
                } catch (NumberFormatException exponentTooLarge) {
                    // A valid JSON number whose exponent does not fit an int (1e9999999999): out of range,
                    // not "not a number", so callers refuse it instead of dropping it as absent.
                    throw new ArithmeticException("number out of range");
                }
            case VALUE_STRING:
                return decimal(p.getText());
            case VALUE_NULL:
                return null;
            default:
                p.skipChildren();
                throw new NumberFormatException("not a number but " + t);
        }
    }

    /**
     * Reads a tree node as a number: a numeric node or a numeric text node.
     *
     * @param node the node; {@code null} or a null node gives {@code null}
     * @return the value, or {@code null}
     * @throws NumberFormatException when the node is neither a number nor numeric text
     * @throws ArithmeticException when the number is out of range (including a double that overflowed)
     */
    public static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return decimal(node.textValue());
        }
        if (!node.isNumber()) {
            throw new NumberFormatException("not a number but " + node.getNodeType());
        }
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new ArithmeticException("number overflows a double");
            }
            return bounded(BigDecimal.valueOf(d));
        }
        return bounded(node.decimalValue());
    }

    /**
     * Applies the magnitude rules to a value already in hand, without expanding it.
     *
     * @param value any value
     * @return the value, or zero when it is negligibly small
     * @throws ArithmeticException when {@code |value| >= 1e15}
     */
    public static BigDecimal bounded(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // precision - scale is the position of the leading digit: 3 for 123.4, -2 for 0.001, 16 for 1e15.
        long magnitude = (long) value.precision() - value.scale();
        if (magnitude > MAX_INTEGER_DIGITS) {
            throw new ArithmeticException("number out of range (|value| >= 1e" + MAX_INTEGER_DIGITS + ")");
        }
        if (magnitude < -MIN_FRACTION_EXPONENT) {
            return BigDecimal.ZERO;
        }
        return value;
    }

    /**
     * @param seconds a bounded value (from this class), may be {@code null}
     * @return the duration, or {@code null} when absent, negative or longer than {@link #MAX_DURATION}
     */
    public static Duration seconds(BigDecimal seconds) {
        return seconds == null ? null : millis(seconds.movePointRight(3));
    }

    /**
     * @param minutes a bounded value, may be {@code null}
     * @return the duration, or {@code null} when absent, negative or longer than {@link #MAX_DURATION}
     */
    public static Duration minutes(BigDecimal minutes) {
        return minutes == null ? null : millis(minutes.multiply(BigDecimal.valueOf(60_000)));
    }

    /**
     * @param millis a bounded value, may be {@code null}
     * @return the duration rounded to the millisecond, or {@code null} when absent, negative or longer than
     *         {@link #MAX_DURATION}
     */
    public static Duration millis(BigDecimal millis) {
        if (millis == null || millis.signum() < 0) {
            return null;
        }
        // Bounded values have at most ~80 digits of scale, so the rounding is cheap; compare before converting.
        BigDecimal rounded = millis.setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(MAX_DURATION_MILLIS)) > 0) {
            return null;
        }
        return Duration.ofMillis(rounded.longValue());
    }

    /**
     * @param start when the call started, may be {@code null}
     * @param end when it ended, may be {@code null}
     * @return the time between, or {@code null} when either is absent, the end is before the start, or they are
     *         further apart than {@link #MAX_DURATION} (a billion years apart would overflow {@code toMillis()})
     */
    public static Duration between(Instant start, Instant end) {
        if (start == null || end == null || end.isBefore(start)) {
            return null;
        }
        // Compare seconds first: Duration.between itself never overflows, but its toMillis() can.
        long seconds = end.getEpochSecond() - start.getEpochSecond();
        if (seconds > MAX_DURATION.getSeconds()) {
            return null;
        }
        Duration d = Duration.between(start, end);
        return d.compareTo(MAX_DURATION) > 0 ? null : d;
    }

    /**
     * @param millis epoch milliseconds, a bounded value, may be {@code null}
     * @return the instant, or {@code null} when absent
     */
    public static Instant epochMillis(BigDecimal millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis.setScale(0, RoundingMode.DOWN).longValue());
    }

    /**
     * A cheap syntax check so that only {@code [+-]digits[.digits][(e|E)[+-]digits]} reaches {@link BigDecimal}
     * (which would also accept nothing else, but throws a costlier exception).
     */
    private static boolean looksNumeric(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
