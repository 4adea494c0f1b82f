package io.github.redisauth.lettuce;

import io.github.redisauth.testkit.RedisVersion;

/** The rotation scenarios on Redis 2.8 (testkit, behind its Netty TLS front). */
class Redis28RotationIT extends AbstractTestkitRotationIT {

    @Override
    RedisVersion version() {
        return RedisVersion.V2_8;
    }
}
