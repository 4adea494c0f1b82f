package io.github.redisauth.jedis.internal;

import java.util.Set;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Builds the clients of Jedis 7.2 and later ({@code RedisClient}, {@code RedisClusterClient}). The only class
 * of the module that names those types: loading (verifying) or reflecting on it needs them, so it is only
 * touched after {@link JedisCapabilities} has found every call made here. Stateless.
 */
final class ModernClients {

    private ModernClients() {
    }

    static RedisClient redisClient(ConnectionProvider provider, ClientConfigs configs) {
        return RedisClient.builder()
                .connectionProvider(provider)
                .clientConfig(configs.client())
                .build();
    }

    static UnifiedJedis pooled(ConnectionProvider provider, ClientConfigs configs) {
        return redisClient(provider, configs);
    }

    static RedisClusterClient redisClusterClient(ClusterConnectionProvider provider, Set<HostAndPort> nodes,
            ClientConfigs configs, int maxAttempts) {
        return RedisClusterClient.builder()
                .nodes(nodes)
                .connectionProvider(provider)
                .clientConfig(configs.client())
                .maxAttempts(maxAttempts)
                .build();
    }

    static UnifiedJedis pooledCluster(ClusterConnectionProvider provider, Set<HostAndPort> nodes,
            ClientConfigs configs, int maxAttempts) {
        return redisClusterClient(provider, nodes, configs, maxAttempts);
    }
}
