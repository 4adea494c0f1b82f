package io.github.redisauth.jedis;

import io.github.redisauth.testkit.RedisVersion;

/** The rotation scenarios on Redis 6.2 with TLS. */
class Redis62RotationIT extends RotationLifecycleITBase {

    @Override
    RedisVersion version() {
        return RedisVersion.V6_2;
    }
}
