package io.github.redisauth.jedis;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.UnifiedJedis;

/**
 * A steady idempotent workload ({@code SET key value} then {@code GET key}, one key per thread) on
 * several threads, with counters: operations, failed operations, and failures caused by
 * authentication. Used by the integration tests and meant for {@code redis-auth watch --client jedis}.
 *
 * <p>Started by {@link #start}; {@link #close()} stops it. Thread-safe.
 */
public final class JedisWorkload implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JedisWorkload.class);

    /** Pause between two operations of one thread: 2 ms. */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(2);

    /** One idempotent operation; may run more than once. */
    @FunctionalInterface
    public interface Operation {
        /**
         * @param key the key of the calling thread
         * @param value the value to write
         * @throws RuntimeException when the operation failed
         */
        void run(String key, String value);
    }

    private final LongAdder operations = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("none");
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private JedisWorkload() {
    }

    /**
     * {@code SET} then {@code GET} through a pooled {@code RedisClient} or a cluster client.
     *
     * @param client the client
     * @return the operation
     */
    public static Operation setThenGet(UnifiedJedis client) {
        Objects.requireNonNull(client, "client");
        return (key, value) -> {
            client.set(key, value);
            check(value, client.get(key));
        };
    }

    /**
     * {@code SET} then {@code GET} on a connection borrowed from a {@code JedisPool}.
     *
     * @param pool the pool
     * @return the operation
     */
    @SuppressWarnings("deprecation") // JedisPool is deprecated in Jedis 8
    public static Operation setThenGet(JedisPool pool) {
        Objects.requireNonNull(pool, "pool");
        return (key, value) -> {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(key, value);
                check(value, jedis.get(key));
            }
        };
    }

    /**
     * Starts {@code threads} daemon threads that run {@code operation} through {@code retry} until
     * {@link #close()}.
     *
     * @param name a name for threads and keys
     * @param threads how many threads; at least 1
     * @param pause the pause between two operations of a thread, e.g. {@link #DEFAULT_PAUSE}
     * @param retry the retry policy (disabled: each operation runs once)
     * @param operation the idempotent operation
     * @return the running workload
     */
    public static JedisWorkload start(String name, int threads, Duration pause, IdempotentRetry retry, Operation operation) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        JedisWorkload workload = new JedisWorkload();
        for (int i = 0; i < threads; i++) {
            String key = "redis-auth:" + name + ":" + i;
            Thread thread = new Thread(() -> workload.loop(key, pause, retry, operation), "workload-" + name + "-" + i);
            thread.setDaemon(true);
            workload.threads.add(thread);
        }
        workload.threads.forEach(Thread::start);
        return workload;
    }

    private void loop(String key, Duration pause, IdempotentRetry retry, Operation operation) {
        long sequence = 0;
        while (running) {
            String value = Long.toString(sequence++);
            try {
                retry.run(() -> operation.run(key, value));
                operations.increment();
            } catch (RuntimeException failure) {
                failures.increment();
                if (ReplyClassifier.classify(failure) != AuthReply.OTHER) {
                    authFailures.increment();
                }
                lastFailure.set(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                log.trace("Workload operation on {} failed: {}", key, failure.toString());
            }
            try {
                TimeUnit.NANOSECONDS.sleep(pause.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return the counters now */
    public Counters counters() {
        return new Counters(operations.sum(), failures.sum(), authFailures.sum(), lastFailure.get());
    }

    /** Stops the threads and waits up to 5 seconds for each. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void check(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("GET returned " + actual + " after SET " + expected);
        }
    }

    /**
     * The workload's counters at one moment.
     *
     * @param operations operations that succeeded
     * @param failures operations that failed (after retries, when enabled)
     * @param authFailures failures whose cause was an authentication reply
     * @param lastFailure the last failure's type and message, or {@code none}
     */
    public record Counters(long operations, long failures, long authFailures, String lastFailure) {
    }
}
