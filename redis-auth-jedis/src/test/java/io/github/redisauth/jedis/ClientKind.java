package io.github.redisauth.jedis;

import io.github.redisauth.testkit.Workload;

/** The standalone client kinds the library hands out on every Jedis line. */
enum ClientKind {
    /** {@link JedisAuthConfig#createPooledClient()}: a {@code RedisClient} on Jedis 7.2+, else a pooled {@code UnifiedJedis}. */
    POOLED_CLIENT,
    /** {@link JedisAuthConfig#createJedisPool()}. */
    JEDIS_POOL;

    /** A client and the workload operation that uses it. */
    record Handle(AutoCloseable client, Workload.Operation operation) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + client, e);
            }
        }
    }

    @SuppressWarnings("deprecation") // JedisPool
    Handle create(JedisAuthConfig config) {
        if (this == POOLED_CLIENT) {
            var client = config.createPooledClient();
            return new Handle(client, JedisTestSupport.setThenGet(client));
        }
        var pool = config.createJedisPool();
        return new Handle(pool, JedisTestSupport.setThenGet(pool));
    }
}
