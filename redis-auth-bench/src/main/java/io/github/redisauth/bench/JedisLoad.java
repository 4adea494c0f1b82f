package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.jedis.IdempotentRetry;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.jedis.JedisWorkload;
import redis.clients.jedis.RedisClient;

/** {@link JedisWorkload} (SET then GET per thread) on a Jedis {@code RedisClient}. */
final class JedisLoad implements RunningLoad {

    private final String name;
    private final RedisClient client;
    private final JedisWorkload workload;

    private JedisLoad(String name, RedisClient client, JedisWorkload workload) {
        this.name = name;
        this.client = client;
        this.workload = workload;
    }

    /** Ours: {@code createRedisClient()} with {@code idempotentRetry(true)}. */
    static JedisLoad ours(JedisAuthConfig config, int threads) {
        RedisClient client = config.createRedisClient();
        return new JedisLoad("jedis", client, JedisWorkload.start("bench-jedis", threads, JedisWorkload.DEFAULT_PAUSE,
                config.idempotentRetry(), JedisWorkload.setThenGet(client)));
    }

    /** Stock Jedis {@code RedisClient} with a static token and no retry. */
    static JedisLoad stock(Endpoint endpoint, String token, int threads) {
        RedisClient client = JedisClients.stockRedisClient(endpoint, token);
        return new JedisLoad("stockJedis", client, JedisWorkload.start("bench-stock-jedis", threads,
                JedisWorkload.DEFAULT_PAUSE, noRetry(endpoint, token), JedisWorkload.setThenGet(client)));
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
        return workload.counters().operations();
    }

    @Override
    public long failures() {
        return workload.counters().failures();
    }

    @Override
    public long authFailures() {
        return workload.counters().authFailures();
    }

    @Override
    public String lastFailure() {
        return workload.counters().lastFailure();
    }

    @Override
    public void close() {
        workload.close();
        client.close();
    }
}
