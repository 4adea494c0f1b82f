package io.github.redisauth.jedis;

import io.github.redisauth.testkit.RedisVersion;

/** The rotation scenarios on Redis 2.8.19 (behind the testkit TLS front) with TLS. */
class Redis28RotationIT extends RotationLifecycleITBase {

    @Override
    RedisVersion version() {
        return RedisVersion.V2_8;
    }
}
