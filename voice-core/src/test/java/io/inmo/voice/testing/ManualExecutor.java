package io.inmo.voice.testing;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/** Queues tasks until the test runs them, so "later, on another executor" is observable and deterministic. */
public final class ManualExecutor implements Executor {

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private int submitted;

    @Override
    public synchronized void execute(Runnable command) {
        submitted++;
        tasks.add(command);
    }

    /** Runs queued tasks, including tasks they queue, until none is left. @return how many ran */
    public int runAll() {
        int ran = 0;
        for (Runnable r; (r = tasks.poll()) != null; ran++) {
            r.run();
        }
        return ran;
    }

    /** Forgets queued tasks, as a process that crashed would. @return how many were dropped */
    public int dropAll() {
        int dropped = tasks.size();
        tasks.clear();
        return dropped;
    }

    public synchronized int submitted() {
        return submitted;
    }

    public int pending() {
        return tasks.size();
    }
}
