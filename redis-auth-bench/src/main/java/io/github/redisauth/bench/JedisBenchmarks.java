package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.RedisClient;

/** Connect overhead and reconnect time of redis-auth-jedis against stock Jedis, static token. */
final class JedisBenchmarks {

    private JedisBenchmarks() {
    }

    /**
     * Connect: TCP + TLS + AUTH + the first PING through a {@code JedisPool} that keeps no idle
     * connection (every borrow opens one), ours against stock, interleaved.
     */
    @SuppressWarnings("deprecation") // JedisPool
    static Comparison connect(Endpoint endpoint, String token, BenchSettings settings) {
        try (JedisPool ours = JedisClients.oursPoolWithoutIdle(endpoint,
                        TokenSources.fixed(AuthToken.of("AWSCURRENT", token)));
                JedisPool stock = JedisClients.stockPoolWithoutIdle(endpoint, token)) {
            Comparison result = InterleavedTimer.run(settings.connectWarmup(), settings.connectSamples(),
                    () -> JedisClients.timedConnectAndPing(ours), () -> JedisClients.timedConnectAndPing(stock));
            Console.say("connect jedis: %s", result);
            return result;
        }
    }

    /** Reconnect: the pooled {@code RedisClient}, ours against stock. */
    static Comparison reconnect(RedisServer server, Endpoint endpoint, String token, BenchSettings settings)
            throws InterruptedException {
        try (RedisClient ours = JedisClients.ours(endpoint, TokenSources.fixed(AuthToken.of("AWSCURRENT", token)), false)
                        .build().createRedisClient();
                RedisClient stock = JedisClients.stockRedisClient(endpoint, token)) {
            return ReconnectTime.measure("jedis", server, settings, ours::ping, stock::ping);
        }
    }
}
