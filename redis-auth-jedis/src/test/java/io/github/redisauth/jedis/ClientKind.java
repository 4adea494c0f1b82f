package io.github.redisauth.jedis;



/** The two standalone client kinds the library hands out. */
enum ClientKind {
    REDIS_CLIENT,
    JEDIS_POOL;

    /** A client and the workload operation that uses it. */
    record Handle(AutoCloseable client, JedisWorkload.Operation operation) implements AutoCloseable {
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
        if (this == REDIS_CLIENT) {
            var client = config.createRedisClient();
            return new Handle(client, JedisWorkload.setThenGet(client));
        }
        var pool = config.createJedisPool();
        return new Handle(pool, JedisWorkload.setThenGet(pool));
    }
}
