package io.inmo.voice.internal;

/** Blank-string helpers shared by the providers: providers send {@code ""} and {@code " "} where they mean "none". */
public final class Texts {

    private Texts() {
    }

    /**
     * @param s any string, may be {@code null}
     * @return {@code true} for {@code null}, empty or whitespace only
     */
    public static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * @param s any string, may be {@code null}
     * @return {@code s}, or {@code null} when it is blank
     */
    public static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }

    /**
     * @param values candidates in order of preference, any of them {@code null}
     * @return the first that is not blank, or {@code null}
     */
    public static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v;
            }
        }
        return null;
    }
}
