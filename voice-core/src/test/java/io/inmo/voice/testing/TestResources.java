package io.inmo.voice.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads test resources (the provider fixtures) from the classpath. */
public final class TestResources {

    private TestResources() {
    }

    /**
     * @param path absolute classpath path, e.g. {@code /fixtures/vapi/create-call-response-201.json}
     * @return its bytes
     * @throws IllegalArgumentException when there is no such resource
     */
    public static byte[] bytes(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
