package io.inmo.voice;

/**
 * A webhook body is larger than the configured limit (HTTP 413, default 1 MiB). It was rejected before
 * any verification or parsing.
 */
public class PayloadTooLargeException extends VoiceException {

    private static final long serialVersionUID = 1L;

    private final long limitBytes;

    /**
     * @param actualBytes size of the body received
     * @param limitBytes the configured limit
     */
    public PayloadTooLargeException(long actualBytes, long limitBytes) {
        super(413, "payload_too_large", "webhook body of " + actualBytes + " bytes exceeds the limit of "
                + limitBytes + " bytes (WebhookNormalizer.Builder.maxBodyBytes)");
        this.limitBytes = limitBytes;
    }

    /** @return the configured limit in bytes */
    public long limitBytes() {
        return limitBytes;
    }
}
