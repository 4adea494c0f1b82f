package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension starts one server for the class and injects it. */
class RedisServerExtensionIT {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.of(
            RedisServer.builder(RedisVersion.V6_2).tls(true).password(Available.TOKEN));

    @Test
    void injectsTheRunningServer(RedisServer server) throws Exception {
        assertThat(server).isSameAs(redis.server());
        assertThat(server.isRunning()).isTrue();
        try (RespClient c = RespClient.connect(server.host(), server.port(),
                TestCertificates.shared().clientSslContext(), Duration.ofSeconds(5))) {
            assertThat(c.command("AUTH", Available.TOKEN)).isEqualTo("OK");
        }
    }
}
