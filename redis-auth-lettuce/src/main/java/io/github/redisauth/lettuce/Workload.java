package io.github.redisauth.lettuce;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps a connection busy with an idempotent workload and counts what happens: each thread repeatedly
 * {@code SET}s its own key and {@code GET}s it back, waiting at most the command timeout. Made for
 * integration tests, smoke tests during a rotation and the {@code redis-auth watch} command.
 *
 * <p>A command counts as failed when it throws, times out or (GET) returns another value; it counts as
 * an auth failure as well when {@link ReplyClassifier} says the failure was about authentication.
 *
 * <p>Thread-safe. {@link #close()} stops the threads and waits for them.
 */
public final class Workload implements AutoCloseable {

    /** Default number of threads: 4. */
    public static final int DEFAULT_THREADS = 4;
    /** Default time a command may take before it counts as failed: 5 seconds. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /** Default pause between two commands of one thread: 5 milliseconds. */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(5);

    /**
     * Counts at one moment.
     *
     * @param ops commands completed successfully
     * @param failures commands that failed or timed out
     * @param authFailures the failures that were about authentication
     * @param lastFailure the last failure's description, or empty; never a token value
     *     (Redis replies do not echo tokens)
     */
    public record Counts(long ops, long failures, long authFailures, String lastFailure) {
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private volatile boolean running = true;

    private Workload(Builder b) {
        for (int i = 0; i < b.threads; i++) {
            String key = b.keyPrefix + ":" + i;
            Thread t = new Thread(() -> run(b.commands, key, b.commandTimeout, b.pause), "workload-" + key);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /**
     * @param commands the async commands of a standalone, primary + reader or cluster connection
     * @return a builder with the defaults
     */
    public static Builder builder(RedisStringAsyncCommands<String, String> commands) {
        return new Builder(Objects.requireNonNull(commands, "commands"));
    }

    /** @return the counts now */
    public Counts counts() {
        return new Counts(ops.get(), failures.get(), authFailures.get(), lastFailure.get());
    }

    private void run(RedisStringAsyncCommands<String, String> commands, String key, Duration timeout, Duration pause) {
        long n = 0;
        while (running) {
            String value = Long.toString(n++);
            try {
                commands.set(key, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                ops.incrementAndGet();
                String read = commands.get(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (value.equals(read)) {
                    ops.incrementAndGet();
                } else {
                    fail("GET " + key + " returned another value", null);
                }
            } catch (ExecutionException e) {
                fail(e.getCause().toString(), e.getCause());
            } catch (TimeoutException e) {
                fail("timeout after " + timeout, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                fail(e.toString(), e);
            }
            sleep(pause);
        }
    }

    private void fail(String description, Throwable cause) {
        failures.incrementAndGet();
        if (cause != null && ReplyClassifier.classify(cause) != AuthReply.OTHER) {
            authFailures.incrementAndGet();
        }
        lastFailure.set(description);
    }

    private void sleep(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops the threads and waits up to 10 seconds for each to finish its current command.
     *
     * @return the final counts
     */
    public Counts stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return counts();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Collects workload settings. Not thread-safe. */
    public static final class Builder {
        private final RedisStringAsyncCommands<String, String> commands;
        private int threads = DEFAULT_THREADS;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration pause = DEFAULT_PAUSE;
        private String keyPrefix = "redis-auth:workload";

        private Builder(RedisStringAsyncCommands<String, String> commands) {
            this.commands = commands;
        }

        /**
         * @param threads 1 or more; default {@link #DEFAULT_THREADS}
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads=" + threads + ": must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param timeout how long a command may take; default {@link #DEFAULT_COMMAND_TIMEOUT}; positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder commandTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout=" + timeout + ": must be positive");
            }
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * @param pause pause between two commands of a thread (sets the rate); default {@link #DEFAULT_PAUSE}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder pauseBetweenCommands(Duration pause) {
            if (pause.isNegative()) {
                throw new IllegalArgumentException("pauseBetweenCommands=" + pause + ": must not be negative");
            }
            this.pause = pause;
            return this;
        }

        /**
         * @param keyPrefix prefix of the keys; thread {@code i} uses {@code PREFIX:i}; default {@code redis-auth:workload}
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** @return the running workload */
        public Workload start() {
            return new Workload(this);
        }
    }
}
