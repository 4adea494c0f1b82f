package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.Pool;

/**
 * Heap per idle connection, ours against stock, in this JVM: for each side a client opens a base
 * of N/10 connections, the heap used after a full GC is read, the client opens up to N, the heap is
 * read again; bytes per connection = the difference / (N − N/10). The slope leaves out what a client
 * holds once (its token source, pool, event loops), so it is the cost of one more connection. Sides
 * alternate (ours, stock, stock, ours, ...) and each figure is the median of its repeats.
 *
 * <p>Shapes: {@code JedisPool} and the pooled {@code RedisClient} (connections borrowed together, then
 * returned: idle in the pool), and Lettuce ({@code connect()} N times on one client, left idle).
 */
final class IdleMemory {

    /**
     * @param connections N
     * @param oursBytes our heap bytes per connection
     * @param stockBytes stock heap bytes per connection
     */
    record Result(int connections, long oursBytes, long stockBytes) {
        /** @return ours / stock */
        double ratio() {
            return (double) oursBytes / stockBytes;
        }
    }

    /** Opens connections on a client: {@link #open()} one more, {@link #close()} them all and the client. */
    interface Opener extends AutoCloseable {
        void open();

        @Override
        void close();
    }

    private IdleMemory() {
    }

    static Map<String, Result> measure(Endpoint endpoint, String token, BenchSettings settings) {
        TokenSource tokens = TokenSources.fixed(AuthToken.of("AWSCURRENT", token));
        int n = settings.memoryConnections();
        Map<String, Supplier<Opener>> ours = new LinkedHashMap<>();
        Map<String, Supplier<Opener>> stock = new LinkedHashMap<>();
        ours.put("jedisPool", () -> jedisPool(JedisClients.ours(endpoint, tokens, false).jedisPoolConfig(jedisPoolConfig(n))
                .build().createJedisPool()));
        stock.put("jedisPool", () -> jedisPool(stockJedisPool(endpoint, token, n)));
        ours.put("jedisRedisClient", () -> redisClient(JedisClients.ours(endpoint, tokens, false)
                .poolConfig(connectionPoolConfig(n)).build().createRedisClient()));
        stock.put("jedisRedisClient", () -> redisClient(RedisClient.builder().hostAndPort(endpoint.host(), endpoint.port())
                .clientConfig(JedisClients.stockConfig(endpoint, token)).poolConfig(connectionPoolConfig(n)).build()));
        ours.put("lettuce", () -> lettuce(LettuceClients.ours(endpoint, tokens)));
        stock.put("lettuce", () -> stockLettuce(endpoint, token));
        Map<String, Result> results = new LinkedHashMap<>();
        for (String shape : ours.keySet()) {
            // Warm-up: classes loaded and static caches filled before anything is counted.
            perConnection(ours.get(shape), Math.max(2, n / 10));
            perConnection(stock.get(shape), Math.max(2, n / 10));
            List<Long> oursBytes = new ArrayList<>();
            List<Long> stockBytes = new ArrayList<>();
            for (int round = 0; round < settings.memoryRounds(); round++) {
                if (round % 2 == 0) {
                    oursBytes.add(perConnection(ours.get(shape), n));
                    stockBytes.add(perConnection(stock.get(shape), n));
                } else {
                    stockBytes.add(perConnection(stock.get(shape), n));
                    oursBytes.add(perConnection(ours.get(shape), n));
                }
            }
            Result result = new Result(n, median(oursBytes), median(stockBytes));
            Console.say("memory per idle connection %-16s N=%d: ours %d B %s, stock %d B %s, ours/stock %.3f", shape, n,
                    result.oursBytes(), oursBytes, result.stockBytes(), stockBytes, result.ratio());
            results.put(shape, result);
        }
        return results;
    }

    private static long perConnection(Supplier<Opener> client, int n) {
        int base = Math.max(1, n / 10);
        try (Opener opener = client.get()) {
            for (int i = 0; i < base; i++) {
                opener.open();
            }
            long before = heapUsedAfterGc();
            for (int i = base; i < n; i++) {
                opener.open();
            }
            long after = heapUsedAfterGc();
            return (after - before) / (n - base);
        }
    }

    static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static JedisPoolConfig jedisPoolConfig(int n) {
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(n);
        config.setMaxIdle(n);
        config.setJmxEnabled(false);
        return config;
    }

    private static ConnectionPoolConfig connectionPoolConfig(int n) {
        ConnectionPoolConfig config = new ConnectionPoolConfig();
        config.setMaxTotal(n);
        config.setMaxIdle(n);
        config.setJmxEnabled(false);
        return config;
    }

    @SuppressWarnings("deprecation") // JedisPool
    private static JedisPool stockJedisPool(Endpoint endpoint, String token, int n) {
        return new JedisPool(jedisPoolConfig(n), new HostAndPort(endpoint.host(), endpoint.port()),
                JedisClients.stockConfig(endpoint, token));
    }

    /** Borrowed and held until closed, then returned and the pool closed: idle until then. */
    @SuppressWarnings("deprecation") // JedisPool
    private static Opener jedisPool(JedisPool pool) {
        List<Jedis> held = new ArrayList<>();
        return new Opener() {
            @Override
            public void open() {
                Jedis jedis = pool.getResource();
                jedis.ping();
                held.add(jedis);
            }

            @Override
            public void close() {
                held.forEach(Jedis::close);
                pool.close();
            }
        };
    }

    private static Opener redisClient(RedisClient client) {
        Pool<Connection> pool = client.getPool();
        List<Connection> held = new ArrayList<>();
        return new Opener() {
            @Override
            public void open() {
                Connection connection = pool.getResource();
                connection.ping();
                held.add(connection);
            }

            @Override
            public void close() {
                held.forEach(Connection::close);
                client.close();
            }
        };
    }

    private static Opener lettuce(RedisAuthClient client) {
        List<StatefulRedisConnection<String, String>> open = new ArrayList<>();
        return new Opener() {
            @Override
            public void open() {
                StatefulRedisConnection<String, String> connection = client.connect();
                connection.sync().ping();
                open.add(connection);
            }

            @Override
            public void close() {
                open.forEach(StatefulRedisConnection::close);
                client.close();
            }
        };
    }

    private static Opener stockLettuce(Endpoint endpoint, String token) {
        io.lettuce.core.RedisClient client = LettuceClients.stock();
        io.lettuce.core.RedisURI uri = LettuceClients.stockUri(endpoint, token);
        List<StatefulRedisConnection<String, String>> open = new ArrayList<>();
        return new Opener() {
            @Override
            public void open() {
                StatefulRedisConnection<String, String> connection = client.connect(uri);
                connection.sync().ping();
                open.add(connection);
            }

            @Override
            public void close() {
                open.forEach(StatefulRedisConnection::close);
                LettuceClients.shutdown(client);
            }
        };
    }
}
