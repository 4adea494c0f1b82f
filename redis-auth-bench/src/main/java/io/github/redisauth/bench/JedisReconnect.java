package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import redis.clients.jedis.RedisClient;

/** Reconnect time of our pooled Jedis {@code RedisClient} against stock's, static token. */
final class JedisReconnect {

    private JedisReconnect() {
    }

    static Comparison measure(RedisServer server, Endpoint endpoint, String token, BenchSettings settings)
            throws InterruptedException {
        try (RedisClient ours = JedisClients.ours(endpoint, TokenSources.fixed(AuthToken.of("AWSCURRENT", token)), false)
                        .build().createRedisClient();
                RedisClient stock = JedisClients.stockRedisClient(endpoint, token)) {
            return ReconnectTime.measure("jedis", server, settings, ours::ping, stock::ping);
        }
    }
}
