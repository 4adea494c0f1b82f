package io.github.redisauth.lettuce;

import io.github.redisauth.testkit.RedisVersion;

/** The rotation scenarios on Redis 7 (testkit7). */
class Redis7RotationIT extends AbstractTestkitRotationIT {

    @Override
    RedisVersion version() {
        return RedisVersion.V7;
    }
}
