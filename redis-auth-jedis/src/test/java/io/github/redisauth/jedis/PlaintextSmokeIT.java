package io.github.redisauth.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.RedisClient;

/** Quick plaintext check of fallback on a local redis-server 7 (allowPlaintextToken). */
class PlaintextSmokeIT {

    @Test
    void fallsBackToTheSecondToken() throws Exception {
        assumeTrue(LocalRedisProcess.available(), "redis-server not on /usr/bin");
        String good = "good-token-0123456789";
        try (LocalRedisProcess server = LocalRedisProcess.start("smoke", "--port", LocalRedisProcess.plaintextAdmin(),
                "--requirepass", good)) {
            JedisAuthConfig config = JedisAuthConfig.builder()
                    .endpoint("localhost", server.port)
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
