package io.github.redisauth.lettuce;

import io.github.redisauth.testkit.RedisVersion;

/** The rotation scenarios on Redis 6.2 (testkit62). */
class Redis62RotationIT extends AbstractTestkitRotationIT {

    @Override
    RedisVersion version() {
        return RedisVersion.V6_2;
    }
}
