package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A server that cannot start fails fast with the tail of its log, and leaves no process. */
class StartupFailureIT {

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void missingCertificateFilesFailWithTheServerLogTail(RedisVersion version, @TempDir Path dir) throws Exception {
        Available.assume(version);
        ServerCertificate good = TestCertificates.shared().server();
        ServerCertificate missing = new ServerCertificate("missing", dir.resolve("nope.crt"), dir.resolve("nope.key"),
                dir.resolve("nope-chain.pem"), good.x509());
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> RedisServer.builder(version).certificate(missing).password(Available.TOKEN)
                .name("startup-failure").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited during startup")
                .hasMessageContaining("redis.log (tail)")
                .hasMessageNotContaining(Available.TOKEN);
        assertThat(System.nanoTime() - t0).isLessThan(8_000_000_000L);
    }
}
