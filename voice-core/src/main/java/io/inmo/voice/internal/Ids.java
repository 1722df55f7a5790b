package io.inmo.voice.internal;

/**
 * The rule for a host's identifiers (lead, broker, campaign, pacing account): non-blank, at most
 * {@value #MAX_LENGTH} characters, no control characters. Checked at the edge, by every module with its own
 * exception type, so that a shared store never meets a value it can't index or store (PostgreSQL refuses U+0000)
 * and answers with a 5xx for what is really a bad request.
 */
public final class Ids {

    /** Longest id the SDK accepts from a host: fits any database index (PostgreSQL's btree limit is ~2.7 KB). */
    public static final int MAX_LENGTH = 255;

    private Ids() {
    }

    /**
     * @param value a host's identifier, may be {@code null}
     * @param name what it is, for the message ("leadId")
     * @return what is wrong with it, as a message naming it, or {@code null} when it is a valid id
     */
    public static String problem(String value, String name) {
        if (value == null || value.isBlank()) {
            return name + " is required and must not be blank";
        }
        if (value.length() > MAX_LENGTH) {
            return name + " must be at most " + MAX_LENGTH + " characters, got " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return name + " must not contain control characters (found U+"
                        + String.format("%04X", (int) value.charAt(i)) + " at index " + i + ")";
            }
        }
        return null;
    }
}
