package io.github.redisauth.lettuce;

import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.SslOptions;
import org.junit.jupiter.api.Assumptions;

/** The rotation scenarios on a testkit server of one version, TLS on. */
abstract class AbstractTestkitRotationIT extends AbstractRotationIT {

    abstract RedisVersion version();

    @Override
    TestServer startServer() {
        Assumptions.assumeTrue(version().isAvailable(), () -> version().unavailableReason().orElse("unavailable"));
        return TestServer.of(RedisServer.builder(version()).tls(true).name("lettuce-it").start());
    }

    @Override
    SslOptions sslOptions() {
        return SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build();
    }
}
