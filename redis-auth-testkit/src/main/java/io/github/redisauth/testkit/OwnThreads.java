package io.github.redisauth.testkit;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link Executor} that runs every task on a new daemon thread of its own, for tests that run
 * blocking work beside the code under test (a scripted peer, a rotation, a stream reader).
 *
 * <p>Why not {@code CompletableFuture.runAsync(task)}: its common pool has {@code cores - 1}
 * threads, one on a 2-core CI machine, so a blocking task there waits for every other blocking task
 * of the JVM (the code under test's, an earlier test's): under load that turned into tests whose
 * rotation never happened within their window. Thread-safe; threads are named after {@code name}.
 */
public final class OwnThreads implements Executor {

    private static final AtomicInteger COUNT = new AtomicInteger();
    private final String name;

    private OwnThreads(String name) {
        this.name = name;
    }

    /**
     * @param name the thread name prefix, e.g. {@code "rotation"}
     * @return an executor starting a daemon thread per task
     */
    public static OwnThreads named(String name) {
        return new OwnThreads(name);
    }

    /** Starts {@code task} on a new daemon thread. */
    @Override
    public void execute(Runnable task) {
        Thread thread = new Thread(task, name + "-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }
}
