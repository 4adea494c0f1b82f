package io.github.redisauth.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.RedisClient;

/** Quick plaintext check of fallback on a local redis-server 7 (allowPlaintextToken). */
class PlaintextSmokeIT {

    @Test
    void fallsBackToTheSecondToken() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        String good = "good-token-0123456789";
        try (RedisServer server = RedisServer.builder(RedisVersion.V7).password(good).name("smoke").start()) {
            JedisAuthConfig config = JedisAuthConfig.builder()
                    .endpoint(server.host(), server.port())
                    .tls(false).allowPlaintextToken(true)
                    .tokenSource(TokenSources.fixed(AuthToken.of("pending", "wrong-token-0123456789"), AuthToken.of("current", good)))
                    .build();
            try (RedisClient client = config.createRedisClient(); JedisPool pool = config.createJedisPool()) {
                client.set("k", "v");
                assertThat(client.get("k")).isEqualTo("v");
                try (Jedis jedis = pool.getResource()) {
                    assertThat(jedis.get("k")).isEqualTo("v");
                }
            }
            assertThat(config.stats().snapshot().fallbacks()).isEqualTo(1);
            assertThat(config.stats().snapshot().tokenInUse()).startsWith("current#");
        }
    }
}
