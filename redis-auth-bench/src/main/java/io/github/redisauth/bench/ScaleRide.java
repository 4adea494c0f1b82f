package io.github.redisauth.bench;

import com.sun.management.UnixOperatingSystemMXBean;
import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.aws.SecretsManagerTokenSource;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.testkit.LocalSecretsManager;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.RespClient;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How the cost of a rotation grows with the number of connections: for each size N, our
 * {@code JedisPool} with N connections all open (borrowed together, then idle in the pool) and then
 * N Lettuce connections on one client ride a SET: the secret in the testkit's
 * {@link LocalSecretsManager} rotates (new AWSCURRENT, the old one AWSPREVIOUS), the server then accepts
 * only the new token and every client connection is killed ({@code CLIENT KILL TYPE normal}). Measured:
 * the time from the kill until every one of the N connections has run a {@code SET} with the new token
 * (Jedis: N connections borrowed and holding at once; Lettuce: a {@code SET} on each connection, retried
 * on that connection until it succeeds), the GetSecretValue calls from the kill on, the heap used after a
 * full GC with the N connections open, and the live threads of the JVM then (the harness's own worker
 * threads stopped; {@code threadsBefore}: before the client was created). Then every connection is
 * killed once more without a token change and the same convergence is timed again: the reconnect work
 * itself, which the rotation's convergence is compared with.
 *
 * <p>Stock Lettuce ({@code stockLettuce}) cannot ride a SET with a static token; it gets only the
 * yardstick (N connections, one kill, no token change), to tell Lettuce's own reconnect behaviour at
 * that size from ours.
 *
 * <p>The token source is {@code TokenSources.cached(SecretsManagerTokenSource)}, new and cold for each
 * run; the initial read is not counted. Redis's {@code maxclients} is raised at start
 * ({@code CONFIG SET}); a size the file descriptor limit cannot hold (one descriptor per connection
 * in this JVM) is skipped with a message and left null.
 */
final class ScaleRide {

    /**
     * @param connections N
     * @param openMillis time to open the N connections (8 threads)
     * @param convergeMillis time from the kill until all N worked with the new token
     * @param getSecretValueCalls GetSecretValue calls from the rotation on
     * @param heapMb heap used after a full GC with the N connections open
     * @param threads live JVM threads with the N connections open
     * @param threadsBefore live JVM threads before the client was created
     * @param failedAttempts commands that failed during the convergence and were retried (harness side)
     * @param reconnectOnlyMillis the same measure after a second kill without a token change: the
     *     reconnect work itself, the yardstick for {@code convergeMillis}
     * @param notConverged connections that still failed at the deadline after the SET (then
     *     {@code convergeMillis} is the deadline); Lettuce only, Jedis throws
     * @param notReconnected the same after the kill without a token change
     */
    record Row(int connections, long openMillis, long convergeMillis, int getSecretValueCalls, long heapMb,
            int threads, int threadsBefore, long failedAttempts, long reconnectOnlyMillis, int notConverged,
            int notReconnected) {
    }

    private static final int WORKERS = 8;
    /** Per size: 60 s, or 10 ms per connection when that is longer. */
    private static Duration deadline(int size) {
        return Duration.ofMillis(Math.max(60_000L, 10L * size));
    }
    private static final int TIMEOUT_MILLIS = 60_000;
    private static final String SECRET_ID = "bench/redis/scale-token";

    private ScaleRide() {
    }

    /** @return per client ({@code jedisPool}, {@code lettuce}, {@code stockLettuce}), per size, the row (null when skipped) */
    static Map<String, Map<Integer, Row>> measure(List<Integer> sizes) throws Exception {
        Map<String, Map<Integer, Row>> results = new LinkedHashMap<>();
        results.put("jedisPool", new LinkedHashMap<>());
        results.put("lettuce", new LinkedHashMap<>());
        results.put("stockLettuce", new LinkedHashMap<>());
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        String[] current = {Tokens.random()};
        RedisVersion version = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(TestCertificates.shared().server())
                        .password(current[0]).name("bench-scale").start();
                LocalSecretsManager secrets = new LocalSecretsManager().start()) {
            Endpoint endpoint = new Endpoint(server.host(), server.port());
            try (RespClient admin = RespClient.connect(server.host(), server.port(), endpoint.sslContext(), Duration.ofSeconds(10))) {
                admin.command("AUTH", current[0]);
                admin.command("CONFIG", "SET", "maxclients", String.valueOf(largest + 200));
            }
            secrets.putSecretString(SECRET_ID, current[0], LocalSecretsManager.AWSCURRENT);
            long fdLimit = fileDescriptorLimit();
            Console.say("scale: %s, maxclients %d, file descriptor limit of this JVM %d", server, largest + 200, fdLimit);
            for (int size : sizes) {
                for (String client : results.keySet()) {
                    if (fdLimit > 0 && fdLimit < size + 1_000L) {
                        Console.say("scale %s N=%d skipped: the file descriptor limit %d is too low (ulimit -n)", client, size, fdLimit);
                        results.get(client).put(size, null);
                        continue;
                    }
                    Row row = switch (client) {
                        case "jedisPool" -> jedis(server, endpoint, secrets, size, current);
                        case "lettuce" -> lettuce(server, endpoint, secrets, size, current);
                        default -> stockLettuceKillOnly(server, endpoint, size, current[0]);
                    };
                    Console.say("scale %-9s N=%5d: opened in %d ms; after the SET every connection worked in %d ms"
                            + " (%d failed attempts retried), %d GetSecretValue call(s), heap %d MB, threads %d (before: %d);"
                            + " after a kill without rotation: %d ms; connections not working at the deadline: %d after the SET,"
                            + " %d after the kill alone",
                            client, size, row.openMillis(), row.convergeMillis(), row.failedAttempts(),
                            row.getSecretValueCalls(), row.heapMb(), row.threads(), row.threadsBefore(), row.reconnectOnlyMillis(),
                            row.notConverged(), row.notReconnected());
                    results.get(client).put(size, row);
                }
            }
        }
        return results;
    }

    private static CachingTokenSource tokenSource(LocalSecretsManager secrets) {
        return TokenSources.cached(SecretsManagerTokenSource.builder()
                .secretId(SECRET_ID)
                .region(Region.US_EAST_1)
                .endpointOverride(secrets.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .build());
    }

    /** The SET: the secret first (as a rotation Lambda does), then the server, then every connection killed. */
    private static void rideSet(RedisServer server, LocalSecretsManager secrets, String[] current) {
        String next = Tokens.random();
        secrets.rotate(SECRET_ID, next);
        secrets.resetCounts();
        server.setPasswords(next);
        server.killClients();
        current[0] = next;
    }

    @SuppressWarnings("deprecation") // JedisPool
    private static Row jedis(RedisServer server, Endpoint endpoint, LocalSecretsManager secrets, int size, String[] current)
            throws Exception {
        int threadsBefore = liveThreads();
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(size);
        poolConfig.setMaxIdle(size);
        poolConfig.setJmxEnabled(false);
        AtomicLong failed = new AtomicLong();
        Jedis[] held = new Jedis[size];
        try (CachingTokenSource tokens = tokenSource(secrets);
                JedisPool pool = JedisClients.ours(endpoint, tokens, false).jedisPoolConfig(poolConfig)
                        .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(TIMEOUT_MILLIS)
                                .socketTimeoutMillis(TIMEOUT_MILLIS).build())
                        .build().createJedisPool()) {
            long openMillis = parallel(size, i -> held[i] = borrowAndSet(pool, i, failed));
            returnAll(held);
            rideSet(server, secrets, current);
            failed.set(0);
            long convergeMillis = parallel(size, i -> held[i] = borrowAndSet(pool, i, failed));
            int calls = secrets.callCount("GetSecretValue");
            long heapMb = IdleMemory.heapUsedAfterGc() >> 20;
            int threads = liveThreads();
            long failedDuringRotation = failed.get();
            returnAll(held);
            server.killClients();
            long reconnectOnlyMillis = parallel(size, i -> held[i] = borrowAndSet(pool, i, failed));
            returnAll(held);
            return new Row(size, openMillis, convergeMillis, calls, heapMb, threads, threadsBefore, failedDuringRotation,
                    reconnectOnlyMillis, 0, 0);
        } finally {
            returnAll(held);
        }
    }

    @SuppressWarnings("deprecation") // JedisPool
    private static Jedis borrowAndSet(JedisPool pool, int index, AtomicLong failed) {
        long deadline = System.nanoTime() + deadline(pool.getMaxTotal()).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            Jedis jedis = null;
            try {
                jedis = pool.getResource();
                jedis.set("bench:scale:" + index, "v");
                return jedis;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                last = e;
                if (jedis != null) {
                    jedis.close();
                }
            }
        }
        throw new IllegalStateException("connection " + index + " did not work within " + deadline(pool.getMaxTotal()) + "; last: " + last, last);
    }

    private static void returnAll(Jedis[] held) {
        for (int i = 0; i < held.length; i++) {
            if (held[i] != null) {
                held[i].close();
                held[i] = null;
            }
        }
    }

    private static Row lettuce(RedisServer server, Endpoint endpoint, LocalSecretsManager secrets, int size, String[] current)
            throws Exception {
        int threadsBefore = liveThreads();
        @SuppressWarnings("unchecked")
        StatefulRedisConnection<String, String>[] opened = new StatefulRedisConnection[size];
        AtomicLong failed = new AtomicLong();
        try (CachingTokenSource tokens = tokenSource(secrets); RedisAuthClient client = LettuceClients.ours(endpoint, tokens)) {
            try {
                long openMillis = parallel(size, i -> {
                    opened[i] = client.connect();
                    opened[i].sync().set("bench:scale:" + i, "v");
                });
                rideSet(server, secrets, current);
                long start = System.nanoTime();
                int notConverged = setOnEveryConnection(List.of(opened), failed);
                long convergeMillis = (System.nanoTime() - start) / 1_000_000;
                int calls = secrets.callCount("GetSecretValue");
                long heapMb = IdleMemory.heapUsedAfterGc() >> 20;
                int threads = liveThreads();
                long failedDuringRotation = failed.get();
                server.killClients();
                start = System.nanoTime();
                int notReconnected = setOnEveryConnection(List.of(opened), failed);
                long reconnectOnlyMillis = (System.nanoTime() - start) / 1_000_000;
                return new Row(size, openMillis, convergeMillis, calls, heapMb, threads, threadsBefore, failedDuringRotation,
                        reconnectOnlyMillis, notConverged, notReconnected);
            } finally {
                for (StatefulRedisConnection<String, String> connection : opened) {
                    if (connection != null) {
                        connection.close();
                    }
                }
            }
        }
    }

    /**
     * Stock Lettuce with the current token: cannot ride a SET, so only the yardstick: N connections, every
     * one killed, the time until all work again (in {@code reconnectOnlyMillis}; {@code convergeMillis} -1).
     * Tells Lettuce's own reconnect behaviour at this size from ours.
     */
    private static Row stockLettuceKillOnly(RedisServer server, Endpoint endpoint, int size, String token) throws Exception {
        int threadsBefore = liveThreads();
        io.lettuce.core.RedisClient client = LettuceClients.stock();
        io.lettuce.core.RedisURI uri = LettuceClients.stockUri(endpoint, token);
        @SuppressWarnings("unchecked")
        StatefulRedisConnection<String, String>[] opened = new StatefulRedisConnection[size];
        AtomicLong failed = new AtomicLong();
        try {
            long openMillis = parallel(size, i -> {
                opened[i] = client.connect(uri);
                opened[i].sync().set("bench:scale:" + i, "v");
            });
            long heapMb = IdleMemory.heapUsedAfterGc() >> 20;
            int threads = liveThreads();
            server.killClients();
            long start = System.nanoTime();
            int notReconnected = setOnEveryConnection(List.of(opened), failed);
            long reconnectOnlyMillis = (System.nanoTime() - start) / 1_000_000;
            return new Row(size, openMillis, -1, 0, heapMb, threads, threadsBefore, 0, reconnectOnlyMillis, 0, notReconnected);
        } finally {
            for (StatefulRedisConnection<String, String> connection : opened) {
                if (connection != null) {
                    connection.close();
                }
            }
            LettuceClients.shutdown(client);
        }
    }

    /**
     * A SET on every connection, re-sent on the connections where it failed, until all succeeded or the deadline.
     *
     * @return how many connections still failed at the deadline (0: all converged)
     */
    private static int setOnEveryConnection(List<StatefulRedisConnection<String, String>> connections, AtomicLong failed) {
        long deadline = System.nanoTime() + deadline(connections.size()).toNanos();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            pending.add(i);
        }
        Throwable last = null;
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                Console.say("scale lettuce: %d of %d connection(s) did not work within %s; last failure: %s", pending.size(),
                        connections.size(), deadline(connections.size()), last);
                return pending.size();
            }
            Map<Integer, RedisFuture<String>> futures = new LinkedHashMap<>();
            for (int i : pending) {
                futures.put(i, connections.get(i).async().set("bench:scale:" + i, "v"));
            }
            List<Integer> stillPending = new ArrayList<>();
            // One wait for the whole round: futures that time out must not add up their timeouts.
            long roundDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LettuceClients.COMMAND_TIMEOUT.toMillis() + 1_000);
            for (Map.Entry<Integer, RedisFuture<String>> entry : futures.entrySet()) {
                try {
                    entry.getValue().get(Math.max(0, roundDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return pending.size();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    failed.incrementAndGet();
                    last = e;
                    stillPending.add(entry.getKey());
                }
            }
            pending = stillPending;
        }
        return 0;
    }

    /** Runs {@code task} for 0..n-1 on {@value #WORKERS} threads, stopped before returning; @return elapsed ms */
    private static long parallel(int n, IntConsumer task) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
            Thread thread = new Thread(runnable, "bench-scale-worker");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try {
            List<Future<?>> slices = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int first = w;
                slices.add(workers.submit(() -> {
                    for (int i = first; i < n && failure.get() == null; i += WORKERS) {
                        try {
                            task.accept(i);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            for (Future<?> slice : slices) {
                slice.get();
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (failure.get() != null) {
            throw new IllegalStateException("scale: " + failure.get(), failure.get());
        }
        return elapsed;
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long fileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }
}
