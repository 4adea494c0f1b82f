package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.GatewayDialect;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ElastiCache lifecycle through the testkit's AUTH gateway, which holds two tokens at once even
 * in front of Redis 2.8 (the pre-6 two-token case a real 2.8 cannot show): no token → ROTATE A →
 * SET A → ROTATE B → SET B → ROTATE C → SET C, client connections killed after every step and the
 * gateway restarted (refusing connections for a moment) at the end. Four threads issue commands
 * throughout; zero may fail.
 */
class GatewayRotationIT {

    private static final String SENTINEL = "s3ntinel";
    private static final AuthToken A = AuthToken.of("tokenA", "tokenA-" + SENTINEL + "-0123456789abcdef");
    private static final AuthToken B = AuthToken.of("tokenB", "tokenB-" + SENTINEL + "-0123456789abcdef");
    private static final AuthToken C = AuthToken.of("tokenC", "tokenC-" + SENTINEL + "-0123456789abcdef");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(15);

    @ParameterizedTest
    @EnumSource(GatewayDialect.class)
    void elastiCacheLifecycleHasZeroFailedCommands(GatewayDialect dialect) {
        RedisVersion backend = dialect == GatewayDialect.PRE_6 ? RedisVersion.V2_8 : RedisVersion.V6_2;
        SettableTokenSource source = TokenSources.settable(A);
        Workload.Counts counts;
        AuthStatistics statistics;
        try (LogCapture logs = LogCapture.root();
                AuthGateway gateway = AuthGateway.builder().backendVersion(backend).dialect(dialect).start();
                RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                        .endpoint(gateway.host(), gateway.port())
                        .tokenSource(source)
                        .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                        .sourcePollInterval(Duration.ofMillis(500))
                        .build());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            Workload ours = LettuceOperations.workload(connection.async(), COMMAND_TIMEOUT).threads(4)
                    .pause(Duration.ofMillis(2)).keyPrefix("gateway").start();
            try {
                awaitProgress(ours);
                step(gateway, ours, () -> gateway.rotate(A.valueAsString()));
                step(gateway, ours, () -> gateway.set(A.valueAsString()));
                source.set(A, B); // the secret store learns B (AWSPENDING) before the cluster does
                step(gateway, ours, () -> gateway.rotate(B.valueAsString()));
                source.set(B, A);
                step(gateway, ours, () -> gateway.set(B.valueAsString()));
                source.set(B, C);
                step(gateway, ours, () -> gateway.rotate(C.valueAsString()));
                source.set(C, B);
                gateway.set(C.valueAsString());
                gateway.restart(Duration.ofMillis(500));
                awaitProgress(ours);
            } finally {
                counts = ours.stop();
            }
            statistics = client.statistics();
            assertThat(logs.text()).doesNotContain(SENTINEL);
        }
        System.out.printf("[lettuce gateway lifecycle %s] redis-auth: %s %s%n", dialect, counts, statistics);
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(counts.lastFailure()).doesNotContain(SENTINEL);
        assertThat(statistics.tokenInUse()).startsWith("tokenC#");
    }

    private static void step(AuthGateway gateway, Workload ours, Runnable change) {
        change.run();
        gateway.killClients();
        awaitProgress(ours);
    }

    private static void awaitProgress(Workload workload) {
        long target = workload.counts().ops() + 200;
        await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> workload.counts().ops() >= target);
    }
}
