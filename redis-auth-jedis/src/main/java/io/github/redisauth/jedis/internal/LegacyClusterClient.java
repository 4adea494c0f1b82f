package io.github.redisauth.jedis.internal;

import java.time.Duration;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Builds a {@code JedisCluster} over our cluster connection provider, for Jedis lines without
 * {@code RedisClusterClient} (6.x, 7.0, 7.1). Kept apart so that no other class needs {@code JedisCluster}
 * (deprecated in Jedis 8) to load. Stateless.
 */
final class LegacyClusterClient {

    private LegacyClusterClient() {
    }

    @SuppressWarnings("deprecation") // JedisCluster: deprecated in Jedis 8, the only cluster client before 7.2
    static UnifiedJedis create(ClusterConnectionProvider provider, int maxAttempts, Duration maxTotalRetriesDuration) {
        return new JedisCluster(provider, maxAttempts, maxTotalRetriesDuration);
    }
}
