package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On machines without Redis 7 on the PATH the whole class is skipped with the reason. */
class RedisServerExtensionV7IT {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.of(RedisServer.builder(RedisVersion.V7).tls(true));

    @Test
    void runsOrIsSkippedWithAReason() throws Exception {
        RedisServer server = redis.server();
        assertThat(server.versionString()).startsWith("7.");
        try (RespClient c = RespClient.connect(server.host(), server.port(),
                TestCertificates.shared().clientSslContext(), Duration.ofSeconds(5))) {
            assertThat(c.command("PING")).isEqualTo("PONG");
        }
    }
}
