package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.redisauth.AuthStatistics;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.GatewayDialect;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisCluster;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A rotation the client rides through leaves no alarming lines in the application log: no WARN or ERROR
 * with a stack trace, no WARN about a rejected token, whatever logger (Lettuce's {@code ConnectionWatchdog}
 * and {@code DefaultClusterTopologyRefresh} included). The token source learns the new token with the
 * rotation, but the client is not polling it (poll off): after SET and killed connections, the token in use
 * is the old one, the case where reconnects used to meet {@code WRONGPASS}.
 */
class QuietRotationIT {

    private static final Duration COMMAND_TIMEOUT = AbstractRotationIT.COMMAND_TIMEOUT;

    @Test
    void standaloneRotateSetAndKillsLogNoWarningWithStackTrace() {
        SettableTokenSource source = TokenSources.settable(AbstractRotationIT.A);
        Workload.Counts counts;
        AuthStatistics statistics;
        try (LogCapture logs = LogCapture.root();
                AuthGateway gateway = AuthGateway.builder().backendVersion(RedisVersion.V7).dialect(GatewayDialect.V6_PLUS).start()) {
            gateway.rotate(AbstractRotationIT.A.valueAsString());
            gateway.set(AbstractRotationIT.A.valueAsString());
            try (RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                            .endpoint(gateway.host(), gateway.port())
                            .tokenSource(source)
                            .sslOptions(trust())
                            .sourcePollInterval(Duration.ZERO)
                            .build());
                    StatefulRedisConnection<String, String> connection = client.connect()) {
                Workload workload = LettuceOperations.workload(connection.async(), COMMAND_TIMEOUT).threads(4)
                        .pause(Duration.ofMillis(2)).keyPrefix("quiet").start();
                try {
                    awaitProgress(workload);
                    source.set(AbstractRotationIT.B, AbstractRotationIT.A);
                    gateway.rotate(AbstractRotationIT.B.valueAsString());
                    gateway.killClients();
                    awaitProgress(workload);
                    outlastLettuceLogQuietTime();
                    gateway.set(AbstractRotationIT.B.valueAsString());
                    gateway.killClients();
                    awaitProgress(workload);
                    gateway.killClients();
                    awaitProgress(workload);
                } finally {
                    counts = workload.stop();
                }
                statistics = client.statistics();
            }
            System.out.printf("[quiet rotation, standalone gateway] %s %s%n", counts, statistics);
            assertQuiet(logs);
        }
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(statistics.tokenInUse()).as("token in use after SET").startsWith("tokenB#");
    }

    @Test
    void clusterRotateSetAndKillsLogNoWarningWithStackTrace() {
        Assumptions.assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        SettableTokenSource source = TokenSources.settable(AbstractRotationIT.A);
        Workload.Counts counts;
        AuthStatistics statistics;
        try (LogCapture logs = LogCapture.root();
                RedisCluster cluster = RedisCluster.builder(RedisVersion.V7).nodes(3).tls(true).name("lettuce-quiet")
                        .password(AbstractRotationIT.A.valueAsString()).start()) {
            try (RedisAuthClusterClient client = RedisAuthClusterClient.create(LettuceAuthConfig.builder()
                            .endpoint(cluster.seed().host(), cluster.seed().port())
                            .tokenSource(source)
                            .sslOptions(trust())
                            .sourcePollInterval(Duration.ZERO)
                            .build());
                    StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                Workload workload = LettuceOperations.workload(connection.async(), COMMAND_TIMEOUT).threads(4)
                        .pause(Duration.ofMillis(2)).keyPrefix("quiet-cluster").start();
                try {
                    awaitProgress(workload);
                    source.set(AbstractRotationIT.B, AbstractRotationIT.A);
                    cluster.setPasswords(AbstractRotationIT.A.valueAsString(), AbstractRotationIT.B.valueAsString());
                    cluster.killClients();
                    awaitProgress(workload);
                    outlastLettuceLogQuietTime();
                    cluster.setPasswords(AbstractRotationIT.B.valueAsString());
                    cluster.killClients();
                    awaitProgress(workload);
                    cluster.killClients();
                    awaitProgress(workload);
                } finally {
                    counts = workload.stop();
                }
                statistics = client.statistics();
            }
            System.out.printf("[quiet rotation, cluster 3x redis-7.x TLS] %s %s%n", counts, statistics);
            assertQuiet(logs);
        }
        assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
        assertThat(statistics.tokenInUse()).as("token in use after SET").startsWith("tokenB#");
    }

    /** No WARN/ERROR with a throwable, no WARN/ERROR about a rejected token, from any logger. */
    static void assertQuiet(LogCapture logs) {
        List<ILoggingEvent> alarming = logs.events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> e.getThrowableProxy() != null || mentionsRejection(e.getFormattedMessage()))
                .toList();
        assertThat(alarming).as("WARN/ERROR lines with a stack trace or about a rejected token during a handled rotation:%n%s",
                alarming.stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + "]"))
                        .collect(Collectors.joining("\n"))).isEmpty();
        assertThat(logs.text()).as("captured logs").doesNotContain(AbstractRotationIT.SENTINEL);
    }

    private static boolean mentionsRejection(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("wrongpass") || lower.contains("invalid password");
    }

    private static SslOptions trust() {
        return SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build();
    }

    /**
     * Lettuce's watchdog logs a connection's reconnect outcome at WARN at most once per 5 s (DEBUG in between):
     * a real rotation's steps are minutes apart, so the SET must not fall in the quiet time of the ROTATE's kills.
     */
    private static void outlastLettuceLogQuietTime() {
        try {
            Thread.sleep(5_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitProgress(Workload workload) {
        long target = workload.counts().ops() + 300;
        await().atMost(AbstractRotationIT.PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }
}
