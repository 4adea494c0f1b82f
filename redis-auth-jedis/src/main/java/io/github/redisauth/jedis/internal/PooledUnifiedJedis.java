package io.github.redisauth.jedis.internal;

import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * The pooled standalone client on Jedis lines without {@code RedisClient} (6.x, 7.0, 7.1): a
 * {@link UnifiedJedis} over our connection pool with the protocol pinned, through the protected
 * constructor {@code UnifiedJedis(ConnectionProvider, RedisProtocol)} that every line from 6.0 to 8.0 has.
 * {@code JedisPooled(PooledConnectionProvider)} would do too, but it cannot pin the protocol: it borrows a
 * connection at construction to learn it and silently assumes RESP2 when that fails. Thread-safe.
 */
final class PooledUnifiedJedis extends UnifiedJedis {

    PooledUnifiedJedis(ConnectionProvider provider, RedisProtocol protocol) {
        super(provider, protocol);
    }
}
