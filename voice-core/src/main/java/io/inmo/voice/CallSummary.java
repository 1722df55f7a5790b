package io.inmo.voice;

/**
 * What a {@link io.inmo.voice.spi.SummaryHook} produced for an ended call; stored as
 * {@link VoiceCall#summary()}.
 *
 * @param text the summary text, or {@code null} when there is nothing to say (kept as is)
 */
public record CallSummary(String text) {

    /**
     * @param text summary text
     * @return the summary
     */
    public static CallSummary of(String text) {
        return new CallSummary(text);
    }
}
