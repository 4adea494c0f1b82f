package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Testcontainers backend: Redis 5.0 in Docker; skipped with the reason where Docker is absent. */
class ContainerRedisServerIT {

    private static void requireDocker() {
        long t0 = System.nanoTime();
        ContainerRedisServer.dockerUnavailableReason().ifPresent(reason -> {
            System.err.println("[redis-auth-testkit] SKIPPED ContainerRedisServerIT: " + reason
                    + " (probe took " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            Assumptions.assumeTrue(false, reason);
        });
    }

    @Test
    void redis5RejectsWrongPasswordWithThePre6Error() throws Exception {
        requireDocker();
        try (ContainerRedisServer server = ContainerRedisServer.start("redis:5.0", Available.TOKEN);
             RespClient c = RespClient.connect(server.host(), server.port(), null, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.command("PING"))
                    .isInstanceOfSatisfying(RespErrorException.class,
                            e -> assertThat(e.message()).isEqualTo("NOAUTH Authentication required."));
            assertThatThrownBy(() -> c.command("AUTH", "wrong-Token-16chars"))
                    .isInstanceOfSatisfying(RespErrorException.class,
                            e -> assertThat(e.message()).isEqualTo("ERR invalid password"));
            assertThat(c.command("AUTH", Available.TOKEN)).isEqualTo("OK");
            assertThat(server.toString()).doesNotContain(Available.TOKEN);
        }
    }
}
