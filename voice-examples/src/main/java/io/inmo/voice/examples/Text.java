package io.inmo.voice.examples;

/** Small text helpers for the console output. */
final class Text {

    private Text() {
    }

    /** @return the first 8 characters of an id, or {@code "-"} */
    static String shortId(String id) {
        return id == null ? "-" : id.length() <= 8 ? id : id.substring(0, 8);
    }

    /** @return {@code s} cut to {@code width} characters with an ellipsis, or {@code ""} for null */
    static String fit(String s, int width) {
        if (s == null) {
            return "";
        }
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= width ? oneLine : oneLine.substring(0, width - 1) + "…";
    }
}
