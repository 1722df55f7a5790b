package io.inmo.voice.internal;

import io.inmo.voice.InvalidPhoneNumberException;

/** E.164 validation and masking; phone numbers are personal data and never appear whole in logs. */
public final class PhoneNumbers {

    /** Fewest digits after the {@code +}: country code and subscriber number, the shortest numbers in use. */
    private static final int MIN_DIGITS = 7;
    /** Most digits after the {@code +} (ITU-T E.164). */
    private static final int MAX_DIGITS = 15;

    private PhoneNumbers() {
    }

    /**
     * @param number candidate number
     * @return {@code true} if it is E.164
     */
    public static boolean isE164(String number) {
        // +, a country code that does not start with 0, 7 to 15 digits in all. A loop rather than a regex: this
        // runs twice per initiate, and a Matcher per check is garbage on the hot path.
        if (number == null || number.length() < 1 + MIN_DIGITS || number.length() > 1 + MAX_DIGITS
                || number.charAt(0) != '+' || number.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param number candidate number
     * @return the number, if valid
     * @throws InvalidPhoneNumberException with a masked number and the reason, otherwise
     */
    public static String requireE164(String number) {
        if (isE164(number)) {
            return number;
        }
        throw new InvalidPhoneNumberException("phone number " + mask(number) + " is not E.164: " + problem(number)
                + "; expected '+' then the country code and number, 7 to 15 digits, no spaces (e.g. +14155550123)");
    }

    private static String problem(String number) {
        if (number == null || number.isBlank()) {
            return "it is empty";
        }
        if (!number.startsWith("+")) {
            return "it does not start with '+'";
        }
        String rest = number.substring(1);
        if (!rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "it contains characters other than digits after '+'";
        }
        if (rest.startsWith("0")) {
            return "the country code cannot start with 0";
        }
        return rest.length() < MIN_DIGITS ? "it has " + rest.length() + " digits, fewer than " + MIN_DIGITS
                : "it has " + rest.length() + " digits, more than " + MAX_DIGITS;
    }

    /**
     * @param number any string, may be {@code null}
     * @return the number with every character but the last four replaced by {@code *}
     */
    public static String mask(String number) {
        if (number == null) {
            return "null";
        }
        int keep = Math.min(4, number.length());
        int hidden = number.length() - keep;
        if (hidden == 0 && number.length() > 0) {
            // Too short to hide anything meaningful: hide it all rather than print it whole.
            return "*".repeat(number.length());
        }
        return "*".repeat(hidden) + number.substring(hidden);
    }

    /**
     * Masks a phone number wherever a provider's message quotes it, with or without its {@code +}: provider
     * messages end up in exceptions, logs and API answers, never with a lead's whole number.
     *
     * @param message a provider's message, may be {@code null}
     * @param number the E.164 number that was dialed
     * @return the message with the number masked, or {@code null}
     */
    public static String maskIn(String message, String number) {
        if (message == null || number == null || number.isEmpty()) {
            return message;
        }
        String out = message.replace(number, mask(number));
        String digits = number.startsWith("+") ? number.substring(1) : number;
        return digits.isEmpty() ? out : out.replace(digits, mask(digits));
    }
}
