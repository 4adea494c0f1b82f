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
import redis.clients.jedis.UnifiedJedis;

/** Quick plaintext check of fallback on a local redis-server 7 (allowPlaintextToken), for every client factory. */
class PlaintextSmokeIT {

    private static final String GOOD = "good-token-0123456789";

    private static JedisAuthConfig config(RedisServer server) {
        return JedisAuthConfig.builder()
                .endpoint(server.host(), server.port())
                .tls(false).allowPlaintextToken(true)
                .tokenSource(TokenSources.fixed(AuthToken.of("pending", "wrong-token-0123456789"), AuthToken.of("current", GOOD)))
                .build();
    }

    @Test
    @SuppressWarnings("deprecation") // JedisPool
    void fallsBackToTheSecondToken() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        try (RedisServer server = RedisServer.builder(RedisVersion.V7).password(GOOD).name("smoke").start()) {
            JedisAuthConfig config = config(server);
            try (UnifiedJedis client = config.createPooledClient(); JedisPool pool = config.createJedisPool()) {
                client.set("k", "v");
                assertThat(client.get("k")).isEqualTo("v");
                try (Jedis jedis = pool.getResource()) {
                    assertThat(jedis.get("k")).isEqualTo("v");
                }
            }
            assertThat(config.statistics().fallbacks()).isEqualTo(1);
            assertThat(config.statistics().tokenInUse()).startsWith("current#");
        }
    }

    /** {@code createRedisClient()} gives Jedis 7.2+'s own {@code RedisClient}, and it falls back as the others do. */
    @Test
    void redisClientFallsBackToTheSecondTokenWhereTheLineHasIt() throws Exception {
        JedisTestSupport.assumeLineHasRedisClient("createRedisClient()");
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        try (RedisServer server = RedisServer.builder(RedisVersion.V7).password(GOOD).name("smoke-redisclient").start()) {
            JedisAuthConfig config = config(server);
            try (UnifiedJedis client = config.createRedisClient()) {
                assertThat(client.getClass().getName()).isEqualTo("redis.clients.jedis.RedisClient");
                client.set("k", "v");
                assertThat(client.get("k")).isEqualTo("v");
            }
            assertThat(config.statistics().fallbacks()).isEqualTo(1);
            assertThat(config.statistics().tokenInUse()).startsWith("current#");
        }
    }
}
