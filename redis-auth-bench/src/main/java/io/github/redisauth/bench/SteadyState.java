package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * Steady state: what an application does all day, on warm clients with a static token, ours and
 * stock in the same JVM against the same server. One operation is a {@code SET} then a {@code GET}
 * of the thread's own key.
 *
 * <ul>
 *   <li><b>Latency</b>: one thread, operations timed one by one, ours and stock alternating
 *       ({@link InterleavedTimer}); p50 and p99 per side.</li>
 *   <li><b>Throughput</b>: 1, 8 and 64 threads run operations for a fixed window (after a short
 *       warm-up); ours and stock alternate window by window, the order swapped every round.</li>
 * </ul>
 *
 * <p>Shapes: Jedis's pooled {@code RedisClient} ({@code createRedisClient()} against
 * {@code RedisClient.builder()}), {@code JedisPool} ({@code createJedisPool()} against
 * {@code new JedisPool}), both pools sized for 64 threads; Lettuce sync on one shared connection;
 * Lettuce async on one shared connection with pipelining: each call dispatches
 * {@value #ASYNC_BATCH} operations (2 × {@value #ASYNC_BATCH} futures) and then waits for all of them.
 *
 * <p>Directions, so that "≤ 1.02" always means "at most 2 % worse": latency ratio = ours / stock
 * (of p50, and of p99); throughput ratio = stock ops/s / ours ops/s.
 */
final class SteadyState {

    /** Operations per pipelined batch of the Lettuce async shape. */
    static final int ASYNC_BATCH = 64;
    /** Thread counts of the throughput runs. */
    static final List<Integer> THREADS = List.of(1, 8, 64);

    private static final int POOL_SIZE = 64;
    private static final long THROUGHPUT_WARMUP_MILLIS = 200;

    /** Runs a number of operations for the calling thread; returns how many it ran. */
    @FunctionalInterface
    interface Operation {
        int run(int thread);
    }

    /** One client shape, ours and stock. */
    record Shape(String name, Operation ours, Operation stock, boolean timedOneByOne) {
    }

    /**
     * @param oursOpsPerSec our operations per second, summed over the rounds
     * @param stockOpsPerSec stock operations per second, summed over the rounds
     */
    record Throughput(double oursOpsPerSec, double stockOpsPerSec) {
        /** @return stock / ours: above 1 when ours is slower */
        double stockOverOurs() {
            return stockOpsPerSec / oursOpsPerSec;
        }
    }

    /**
     * @param latency per shape timed one by one
     * @param throughput per shape, per thread count
     */
    record Result(Map<String, Comparison> latency, Map<String, Map<Integer, Throughput>> throughput) {
    }

    private SteadyState() {
    }

    @SuppressWarnings("deprecation") // JedisPool
    static Result measure(Endpoint endpoint, String token, BenchSettings settings) throws Exception {
        TokenSource tokens = TokenSources.fixed(AuthToken.of("AWSCURRENT", token));
        ConnectionPoolConfig connectionPool = new ConnectionPoolConfig();
        connectionPool.setMaxTotal(POOL_SIZE);
        connectionPool.setMaxIdle(POOL_SIZE);
        connectionPool.setJmxEnabled(false);
        JedisPoolConfig jedisPool = new JedisPoolConfig();
        jedisPool.setMaxTotal(POOL_SIZE);
        jedisPool.setMaxIdle(POOL_SIZE);
        jedisPool.setJmxEnabled(false);
        io.lettuce.core.RedisClient stockLettuce = LettuceClients.stock();
        try (RedisClient oursClient = JedisClients.ours(endpoint, tokens, false).poolConfig(connectionPool).build()
                        .createRedisClient();
                RedisClient stockClient = RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port())
                        .clientConfig(JedisClients.stockConfig(endpoint, token)).poolConfig(connectionPool).build();
                JedisPool oursPool = JedisClients.ours(endpoint, tokens, false).jedisPoolConfig(jedisPool).build()
                        .createJedisPool();
                JedisPool stockPool = new JedisPool(jedisPool, new HostAndPort(endpoint.host(), endpoint.port()),
                        JedisClients.stockConfig(endpoint, token));
                RedisAuthClient oursLettuce = LettuceClients.ours(endpoint, tokens);
                StatefulRedisConnection<String, String> oursConnection = oursLettuce.connect();
                StatefulRedisConnection<String, String> stockConnection = stockLettuce.connect(
                        LettuceClients.stockUri(endpoint, token))) {
            List<Shape> shapes = List.of(
                    new Shape("jedisRedisClient", thread -> jedisOperation(oursClient, "ours", thread),
                            thread -> jedisOperation(stockClient, "stock", thread), true),
                    new Shape("jedisPool", thread -> jedisPoolOperation(oursPool, "ours", thread),
                            thread -> jedisPoolOperation(stockPool, "stock", thread), true),
                    new Shape("lettuceSync", thread -> lettuceOperation(oursConnection.sync(), "ours", thread),
                            thread -> lettuceOperation(stockConnection.sync(), "stock", thread), true),
                    new Shape("lettuceAsync", thread -> lettuceBatch(oursConnection.async(), "ours", thread),
                            thread -> lettuceBatch(stockConnection.async(), "stock", thread), false));
            Map<String, Comparison> latency = new LinkedHashMap<>();
            for (Shape shape : shapes) {
                if (shape.timedOneByOne()) {
                    Comparison result = InterleavedTimer.run(settings.steadyWarmup(), settings.steadySamples(),
                            () -> timed(shape.ours()), () -> timed(shape.stock()));
                    Console.say("steady latency %-16s %s; p99 ratio %.3f", shape.name(), result, p99Ratio(result));
                    latency.put(shape.name(), result);
                }
            }
            Map<String, Map<Integer, Throughput>> throughput = new LinkedHashMap<>();
            for (Shape shape : shapes) {
                Map<Integer, Throughput> byThreads = new LinkedHashMap<>();
                for (int threads : THREADS) {
                    Throughput result = throughput(shape, threads, settings);
                    Console.say("steady throughput %-16s %2d thread(s): ours %.0f ops/s, stock %.0f ops/s, stock/ours %.3f",
                            shape.name(), threads, result.oursOpsPerSec(), result.stockOpsPerSec(), result.stockOverOurs());
                    byThreads.put(threads, result);
                }
                throughput.put(shape.name(), byThreads);
            }
            return new Result(latency, throughput);
        } finally {
            LettuceClients.shutdown(stockLettuce);
        }
    }

    /** @return ours p99 / stock p99 */
    static double p99Ratio(Comparison comparison) {
        return comparison.ours().percentileMs(99) / comparison.stock().percentileMs(99);
    }

    private static long timed(Operation operation) {
        long start = System.nanoTime();
        operation.run(0);
        return System.nanoTime() - start;
    }

    private static String key(String side, int thread) {
        return "bench:steady:" + side + ":" + thread;
    }

    private static int jedisOperation(RedisClient client, String side, int thread) {
        String key = key(side, thread);
        client.set(key, "v");
        expect(client.get(key));
        return 1;
    }

    @SuppressWarnings("deprecation") // JedisPool
    private static int jedisPoolOperation(JedisPool pool, String side, int thread) {
        String key = key(side, thread);
        try (Jedis jedis = pool.getResource()) {
            jedis.set(key, "v");
            expect(jedis.get(key));
        }
        return 1;
    }

    private static int lettuceOperation(RedisCommands<String, String> commands, String side, int thread) {
        String key = key(side, thread);
        commands.set(key, "v");
        expect(commands.get(key));
        return 1;
    }

    private static int lettuceBatch(RedisAsyncCommands<String, String> commands, String side, int thread) {
        String key = key(side, thread);
        List<RedisFuture<String>> futures = new ArrayList<>(2 * ASYNC_BATCH);
        for (int i = 0; i < ASYNC_BATCH; i++) {
            futures.add(commands.set(key, "v"));
            futures.add(commands.get(key));
        }
        String last = null;
        for (RedisFuture<String> future : futures) {
            try {
                last = future.get(LettuceClients.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("pipelined command failed: " + e, e);
            }
        }
        expect(last);
        return ASYNC_BATCH;
    }

    private static void expect(String value) {
        if (!"v".equals(value)) {
            throw new IllegalStateException("GET answered " + value + ", expected the value just SET");
        }
    }

    private static Throughput throughput(Shape shape, int threads, BenchSettings settings) throws InterruptedException {
        double ours = 0;
        double stock = 0;
        for (int round = 0; round < settings.throughputRounds(); round++) {
            if (round % 2 == 0) {
                ours += opsPerSecond(shape.ours(), threads, settings.throughputWindowMillis());
                stock += opsPerSecond(shape.stock(), threads, settings.throughputWindowMillis());
            } else {
                stock += opsPerSecond(shape.stock(), threads, settings.throughputWindowMillis());
                ours += opsPerSecond(shape.ours(), threads, settings.throughputWindowMillis());
            }
        }
        return new Throughput(ours / settings.throughputRounds(), stock / settings.throughputRounds());
    }

    /**
     * Each thread's rate is taken between its first and its last completion inside the window
     * (operations completed in between / time in between), and the rates are summed: a batch of 64
     * pipelined operations that straddles the window's edge then skews nothing.
     */
    private static double opsPerSecond(Operation operation, int threads, long windowMillis) throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(threads);
        long[][] spans = new long[threads][];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                started.countDown();
                long total = 0;
                long firstNanos = 0;
                long firstOps = -1;
                long lastNanos = 0;
                long lastOps = 0;
                try {
                    while (running.get()) {
                        total += operation.run(thread);
                        if (counting.get()) {
                            long now = System.nanoTime();
                            if (firstOps < 0) {
                                firstNanos = now;
                                firstOps = total;
                            }
                            lastNanos = now;
                            lastOps = total;
                        }
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                spans[thread] = new long[] {firstNanos, firstOps, lastNanos, lastOps};
            }, "bench-steady-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        started.await();
        Thread.sleep(THROUGHPUT_WARMUP_MILLIS);
        counting.set(true);
        Thread.sleep(windowMillis);
        counting.set(false);
        running.set(false);
        for (Thread worker : workers) {
            worker.join(30_000);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("steady-state operation failed: " + failure.get(), failure.get());
        }
        double rate = 0;
        for (long[] span : spans) {
            if (span != null && span[1] >= 0 && span[2] > span[0]) {
                rate += (span[3] - span[1]) / ((span[2] - span[0]) / 1e9);
            }
        }
        return rate;
    }
}
