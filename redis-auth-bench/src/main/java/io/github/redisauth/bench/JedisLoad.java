package io.github.redisauth.bench;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.TokenSources;
import io.github.redisauth.jedis.IdempotentRetry;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.testkit.Workload;
import redis.clients.jedis.RedisClient;

/**
 * The testkit's {@link Workload} (SET then GET per thread, one operation = SET + GET) on a Jedis
 * {@code RedisClient}, each operation run through an {@link IdempotentRetry}.
 */
final class JedisLoad implements RunningLoad {

    private final String name;
    private final RedisClient client;
    private final Workload workload;

    private JedisLoad(String name, RedisClient client, Workload workload) {
        this.name = name;
        this.client = client;
        this.workload = workload;
    }

    /**
     * Ours: {@code createRedisClient()} with {@code idempotentRetry(true)}. The bench runs on the newest
     * Jedis line and compares {@code RedisClient} with stock {@code RedisClient}, hence not
     * {@code createPooledClient()} (which is the same {@code RedisClient} on Jedis 7.2+, typed {@code UnifiedJedis}).
     */
    static JedisLoad ours(JedisAuthConfig config, int threads) {
        RedisClient client = config.createRedisClient();
        return new JedisLoad("jedis", client, start("bench-jedis", threads, config.idempotentRetry(), client));
    }

    /** Stock Jedis {@code RedisClient} with a static token and no retry. */
    static JedisLoad stock(Endpoint endpoint, String token, int threads) {
        RedisClient client = JedisClients.stockRedisClient(endpoint, token);
        return new JedisLoad("stockJedis", client, start("bench-stock-jedis", threads, noRetry(endpoint, token), client));
    }

    /** SET then GET of the thread's key {@code redis-auth:NAME:i}, through {@code retry}. */
    private static Workload start(String name, int threads, IdempotentRetry retry, RedisClient client) {
        return Workload.builder((key, value) -> retry.run(() -> {
                    client.set(key, value);
                    Workload.expectValue(key, value, client.get(key));
                }))
                .threads(threads)
                .keyPrefix("redis-auth:" + name)
                .authFailure(failure -> ReplyClassifier.classify(failure) != AuthReply.OTHER)
                .start();
    }

    /** A disabled retry (each command runs once); the jedis module makes it only through a configuration. */
    private static IdempotentRetry noRetry(Endpoint endpoint, String token) {
        return JedisClients.ours(endpoint, TokenSources.fixed(AuthToken.of("static", token)), false).build().idempotentRetry();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long operations() {
        return workload.counts().ops();
    }

    @Override
    public long failures() {
        return workload.counts().failures();
    }

    @Override
    public long authFailures() {
        return workload.counts().authFailures();
    }

    @Override
    public String lastFailure() {
        String last = workload.counts().lastFailure();
        return last.isEmpty() ? "none" : last;
    }

    @Override
    public void close() {
        workload.close();
        client.close();
    }
}
