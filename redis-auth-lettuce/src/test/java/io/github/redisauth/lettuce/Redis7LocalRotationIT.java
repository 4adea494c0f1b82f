package io.github.redisauth.lettuce;

import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The rotation scenarios on redis-server 7.x from the PATH, with native TLS. */
class Redis7LocalRotationIT extends AbstractRotationIT {

    @BeforeAll
    static void requireRedis() {
        Assumptions.assumeTrue(LocalRedisNode.available(), "redis-server 7.x is not installed");
    }

    @Override
    TestServer startServer() {
        return TestServer.local7();
    }

    @Override
    SslOptions sslOptions() {
        return SslOptions.builder().trustManager(TestTls.shared().ca.toFile()).build();
    }
}
