package io.inmo.voice.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class HttpExchangesTest {

    /** An endless body that counts what was read from it. */
    private static final class EndlessBody extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            read += len;
            return len;
        }
    }

    @Test
    void should_stop_reading_one_byte_past_the_limit() {
        // given an endless body
        EndlessBody body = new EndlessBody();

        // when it is read with a 1 KiB cap
        // then it is refused with 413 after reading at most 1025 bytes
        assertThatThrownBy(() -> HttpExchanges.readAtMost(body, 1024))
                .isInstanceOfSatisfying(HttpExchanges.ApiError.class, e -> {
                    assertThat(e.status).isEqualTo(413);
                    assertThat(e.code).isEqualTo("payload_too_large");
                });
        assertThat(body.read).isEqualTo(1025);
    }

    @Test
    void should_read_a_body_of_exactly_the_limit() throws Exception {
        // given a body of exactly the limit
        byte[] bytes = new byte[1024];

        // when it is read
        byte[] read = HttpExchanges.readAtMost(new ByteArrayInputStream(bytes), 1024);

        // then it is accepted whole
        assertThat(read).hasSize(1024);
    }
}
