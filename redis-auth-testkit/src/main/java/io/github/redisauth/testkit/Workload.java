package io.github.redisauth.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Keeps a client busy with an idempotent operation on a few threads and counts what happens, for
 * integration tests, smoke tests during a rotation, the {@code redis-auth watch} and {@code demo}
 * commands and the benchmarks. Client-agnostic: the operation (e.g. {@code SET} then {@code GET} of the
 * thread's own key through Lettuce or Jedis) is given by the caller.
 *
 * <p>An operation counts as failed when it throws; it counts as an auth failure as well when the
 * {@link Builder#authFailure(Predicate) auth-failure test} says so. The longest time any thread went
 * without a successful operation is tracked too.
 *
 * <p>Thread-safe. {@link #close()} stops the threads and waits for them.
 */
public final class Workload implements AutoCloseable {

    /** Default number of threads: 4. */
    public static final int DEFAULT_THREADS = 4;
    /** Default pause between two operations of one thread: 2 milliseconds. */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(2);
    /** Default key prefix; thread {@code i} uses {@code PREFIX:i}. */
    public static final String DEFAULT_KEY_PREFIX = "redis-auth:workload";

    /** One idempotent operation; a thread runs it again and again with its own key and a new value. */
    @FunctionalInterface
    public interface Operation {
        /**
         * @param key the key of the calling thread
         * @param value the value to write
         * @throws Exception when the operation failed (a wrong value read back is a failure too)
         */
        void run(String key, String value) throws Exception;
    }

    /**
     * Counts at one moment.
     *
     * @param ops operations that succeeded
     * @param failures operations that failed
     * @param authFailures the failures the auth-failure test recognised
     * @param lastFailure the last failure's type and message, or empty; never a token value (Redis
     *     replies do not echo tokens)
     * @param longestStallMillis the longest time between two successful operations of one thread (from
     *     the thread's start for its first), pauses included
     */
    public record Counts(long ops, long failures, long authFailures, String lastFailure, long longestStallMillis) {
    }

    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder ops = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private final AtomicLong longestStallNanos = new AtomicLong();
    private final Predicate<Throwable> authFailure;
    private volatile boolean running = true;

    private Workload(Builder builder) {
        this.authFailure = builder.authFailure;
        for (int i = 0; i < builder.threads; i++) {
            String key = builder.keyPrefix + ":" + i;
            Thread thread = new Thread(() -> loop(builder.operation, key, builder.pause), "workload-" + key);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /**
     * @param operation what each thread runs; idempotent
     * @return a builder with the defaults
     */
    public static Builder builder(Operation operation) {
        return new Builder(Objects.requireNonNull(operation, "operation"));
    }

    /** @return the counts now */
    public Counts counts() {
        return new Counts(ops.sum(), failures.sum(), authFailures.sum(), lastFailure.get(),
                TimeUnit.NANOSECONDS.toMillis(longestStallNanos.get()));
    }

    private void loop(Operation operation, String key, Duration pause) {
        long sequence = 0;
        long lastSuccess = System.nanoTime();
        while (running) {
            String value = Long.toString(sequence++);
            try {
                operation.run(key, value);
                ops.increment();
                long now = System.nanoTime();
                // a success ends a stall: the time since the previous success, this operation included
                longestStallNanos.accumulateAndGet(now - lastSuccess, Math::max);
                lastSuccess = now;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.increment();
                if (authFailure.test(e)) {
                    authFailures.increment();
                }
                lastFailure.set(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            if (!pause.isZero()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(pause.toNanos());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stops the threads and waits up to 10 seconds for each to finish its current operation.
     *
     * @return the final counts
     */
    public Counts stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
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

    /**
     * Checks a value read back.
     *
     * @param key the key read
     * @param expected what was written
     * @param actual what was read
     * @throws IllegalStateException when they differ
     */
    public static void expectValue(String key, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("GET " + key + " returned " + actual + " after SET " + expected);
        }
    }

    /** Collects workload settings. Not thread-safe. */
    public static final class Builder {
        private final Operation operation;
        private int threads = DEFAULT_THREADS;
        private Duration pause = DEFAULT_PAUSE;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Predicate<Throwable> authFailure = failure -> false;

        private Builder(Operation operation) {
            this.operation = operation;
        }

        /**
         * @param threads 1 or more; default {@link #DEFAULT_THREADS}
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param pause pause between two operations of a thread (sets the rate); default {@link #DEFAULT_PAUSE}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder pause(Duration pause) {
            Objects.requireNonNull(pause, "pause");
            if (pause.isNegative()) {
                throw new IllegalArgumentException("pause must not be negative, got " + pause);
            }
            this.pause = pause;
            return this;
        }

        /**
         * @param keyPrefix prefix of the keys; thread {@code i} uses {@code PREFIX:i}; default {@link #DEFAULT_KEY_PREFIX}
         * @return this builder
         */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /**
         * @param authFailure says whether a failure was about authentication (e.g. redis-auth's
         *     {@code ReplyClassifier.classify(f) != AuthReply.OTHER}); default: none is
         * @return this builder
         */
        public Builder authFailure(Predicate<Throwable> authFailure) {
            this.authFailure = Objects.requireNonNull(authFailure, "authFailure");
            return this;
        }

        /** @return the running workload */
        public Workload start() {
            return new Workload(this);
        }
    }
}
