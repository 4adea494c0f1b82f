package io.github.redisauth.jedis.internal;

import java.time.Duration;
import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Builds the client objects over our connection providers with what the Jedis line on the classpath has
 * ({@link JedisCapabilities}), never throwing a linkage error. No signature here names a type that some line
 * lacks, and no method lets one reach an assignment, so loading, verifying and reflecting on this class need
 * none of them ({@code RedisClient} and {@code RedisClusterClient} stay inside {@code ModernClients}). Stateless.
 */
public final class JedisClients {

    private JedisClients() {
    }

    /**
     * @param provider the pool
     * @param configs the derived configurations
     * @return a {@code RedisClient} over {@code provider}
     * @throws UnsupportedOperationException on a Jedis line without {@code RedisClient}
     */
    public static UnifiedJedis redisClient(ConnectionProvider provider, ClientConfigs configs) {
        requireRedisClient();
        return ModernClients.pooled(provider, configs);
    }

    /** @throws UnsupportedOperationException on a Jedis line without {@code RedisClient} */
    public static void requireRedisClient() {
        if (!JedisCapabilities.hasRedisClient()) {
            throw new UnsupportedOperationException(JedisCapabilities.unsupported("createRedisClient()",
                    "redis.clients.jedis.RedisClient", "createPooledClient()"));
        }
    }

    /** @throws UnsupportedOperationException on a Jedis line without {@code RedisClusterClient} */
    public static void requireRedisClusterClient() {
        if (!JedisCapabilities.hasRedisClusterClient()) {
            throw new UnsupportedOperationException(JedisCapabilities.unsupported("createClusterClient()",
                    "redis.clients.jedis.RedisClusterClient", "createPooledClusterClient()"));
        }
    }

    /** @throws UnsupportedOperationException when no pooled standalone client can be built on this line */
    public static void requirePooled() {
        if (!JedisCapabilities.hasRedisClient() && !JedisCapabilities.hasUnifiedWithProtocol()) {
            throw new UnsupportedOperationException("createPooledClient() found neither redis.clients.jedis.RedisClient"
                    + " nor the constructor UnifiedJedis(ConnectionProvider, RedisProtocol) in Jedis "
                    + JedisCapabilities.jedisVersion() + "; use createJedisPool()");
        }
    }

    /** @throws UnsupportedOperationException when no cluster client can be built on this line */
    public static void requirePooledCluster() {
        if (!JedisCapabilities.hasRedisClusterClient() && !JedisCapabilities.hasJedisClusterOverProvider()) {
            throw new UnsupportedOperationException("createPooledClusterClient() found neither"
                    + " redis.clients.jedis.RedisClusterClient nor JedisCluster(ClusterConnectionProvider, int, Duration)"
                    + " in Jedis " + JedisCapabilities.jedisVersion());
        }
    }

    /**
     * @param provider the pool
     * @param configs the derived configurations
     * @return {@code RedisClient} where the line has it, else a {@code UnifiedJedis} with the protocol pinned
     */
    public static UnifiedJedis pooled(ConnectionProvider provider, ClientConfigs configs) {
        requirePooled();
        if (JedisCapabilities.hasRedisClient()) {
            return ModernClients.pooled(provider, configs);
        }
        return new PooledUnifiedJedis(provider, configs.clientProtocol());
    }

    /**
     * @param provider the cluster provider
     * @param nodes the seed nodes
     * @param configs the derived configurations
     * @param maxAttempts Jedis's cluster attempts per command
     * @return a {@code RedisClusterClient}
     * @throws UnsupportedOperationException on a Jedis line without {@code RedisClusterClient}
     */
    public static UnifiedJedis redisClusterClient(ClusterConnectionProvider provider, Set<HostAndPort> nodes,
            ClientConfigs configs, int maxAttempts) {
        requireRedisClusterClient();
        return ModernClients.pooledCluster(provider, nodes, configs, maxAttempts);
    }

    /**
     * @param provider the cluster provider
     * @param nodes the seed nodes
     * @param configs the derived configurations
     * @param maxAttempts Jedis's cluster attempts per command
     * @return {@code RedisClusterClient} where the line has it, else {@code JedisCluster}
     */
    public static UnifiedJedis pooledCluster(ClusterConnectionProvider provider, Set<HostAndPort> nodes,
            ClientConfigs configs, int maxAttempts) {
        requirePooledCluster();
        if (JedisCapabilities.hasRedisClusterClient()) {
            return ModernClients.pooledCluster(provider, nodes, configs, maxAttempts);
        }
        // JedisCluster's own default: socket timeout x attempts
        Duration maxTotalRetries = Duration.ofMillis((long) configs.socketTimeoutMillis() * maxAttempts);
        return LegacyClusterClient.create(provider, maxAttempts, maxTotalRetries);
    }
}
