package io.inmo.voice.campaign.internal;

/** Phone numbers are personal data: logs and messages show only their last four digits. */
public final class Masks {

    private Masks() {
    }

    /**
     * @param number any string, may be {@code null}
     * @return every character but the last four replaced by {@code *} (all of it when four or fewer)
     */
    public static String phone(String number) {
        if (number == null) {
            return "null";
        }
        if (number.length() <= 4) {
            return "*".repeat(number.length());
        }
        return "*".repeat(number.length() - 4) + number.substring(number.length() - 4);
    }
}
