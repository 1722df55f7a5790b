package io.inmo.voice.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * The campaign demo's simulated world: a clock the demo moves, and the fake provider's "network", which holds a
 * call's webhooks until the call has lasted its (random, 20 to 90 s) length of simulated time.
 */
final class SimulatedTime extends Clock implements Executor {

    private record Delivery(Instant at, long seq, Runnable webhooks) {
    }

    private final PriorityQueue<Delivery> network = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.seq(), b.seq()) : a.at().compareTo(b.at()));
    private final Random lengths = new Random(11);
    private Instant now;
    private long seq;

    SimulatedTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** The fake provider's executor: a call's webhooks, delivered once the call has lasted. */
    @Override
    public synchronized void execute(Runnable webhooks) {
        network.add(new Delivery(now.plusSeconds(20 + lengths.nextInt(71)), seq++, webhooks));
    }

    /** Moves the clock and delivers every webhook due by then. */
    void advanceTo(Instant to) {
        while (true) {
            Delivery next;
            synchronized (this) {
                next = network.peek();
                if (next == null || next.at().isAfter(to)) {
                    now = to.isAfter(now) ? to : now;
                    return;
                }
                network.poll();
                now = next.at().isAfter(now) ? next.at() : now;
            }
            next.webhooks().run();
        }
    }

    void advance(Duration d) {
        advanceTo(instant().plus(d));
    }

    /** @return when the next held webhook is due, or {@code null} */
    synchronized Instant nextDelivery() {
        return network.isEmpty() ? null : network.peek().at();
    }
}
