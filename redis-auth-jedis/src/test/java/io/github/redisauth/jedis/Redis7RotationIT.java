package io.github.redisauth.jedis;

import io.github.redisauth.testkit.RedisVersion;

/** The rotation scenarios on Redis 7.x (redis-server on the PATH) with TLS. */
class Redis7RotationIT extends RotationLifecycleITBase {

    @Override
    RedisVersion version() {
        return RedisVersion.V7;
    }
}
