package io.inmo.voice.spi;

import io.inmo.voice.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;

/**
 * The settings every HTTP provider's builder offers a host, so that they are named and documented once:
 * {@code VapiProvider.builder()} and {@code BlandProvider.builder()} extend it, and a third-party provider may.
 *
 * <pre>{@code
 * VoiceProvider vapi = VapiProvider.builder().httpClient(myHttpClient).clock(myClock).build();
 * }</pre>
 *
 * <p>Not thread-safe; the provider it builds is.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class HttpProviderBuilder<B extends HttpProviderBuilder<B>> {

    private HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();

    /** For subclasses. */
    protected HttpProviderBuilder() {
    }

    /**
     * @param httpClient the client every request goes through (its proxy, TLS and connect timeout settings win);
     *        default one JDK client per configured connect timeout. The request timeout is kept by interrupting
     *        the thread waiting in {@code HttpClient.send} at the deadline (the SDK clears that interrupt): give
     *        it a client whose executor runs tasks on threads of their own, not on the caller's
     *        ({@code executor(Runnable::run)}), or that code may see the interrupt
     * @return this builder
     */
    public final B httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return self();
    }

    /**
     * @param clock reads {@code Retry-After} dates and times the provider's exchanges; default the UTC system clock
     * @return this builder
     */
    public final B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * @param sleeper waits between retries (tests pass one that records instead of sleeping); default
     *        {@link Sleeper#system()}
     * @return this builder
     */
    public final B sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return self();
    }

    /** @return the host's HTTP client, or {@code null} for the provider's default */
    protected final HttpClient httpClient() {
        return httpClient;
    }

    /** @return the clock */
    protected final Clock clock() {
        return clock;
    }

    /** @return the sleeper */
    protected final Sleeper sleeper() {
        return sleeper;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
