package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisCluster;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three real TLS cluster nodes with a password: the token changes and every node's clients are killed. */
class ClusterRotationIT {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        Assumptions.assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        cluster = RedisCluster.builder(RedisVersion.V7).nodes(3).tls(true).name("lettuce-cluster").start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void survivesTokenChangeAndKilledConnections() {
        try (LogCapture logs = LogCapture.root()) {
            cluster.setPasswords(AbstractRotationIT.A.valueAsString());
            SettableTokenSource source = TokenSources.settable(AbstractRotationIT.A);
            LettuceAuthConfig config = LettuceAuthConfig.builder()
                    .endpoint(cluster.nodes().get(0).host(), cluster.nodes().get(0).port())
                    .endpoint(cluster.nodes().get(1).host(), cluster.nodes().get(1).port())
                    .tokenSource(source)
                    .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                    .sourcePollInterval(Duration.ofMillis(500))
                    .build();
            Workload.Counts counts;
            AuthStatistics stats;
            try (RedisAuthClusterClient client = RedisAuthClusterClient.create(config);
                    StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                Workload workload = LettuceOperations.workload(connection.async(), AbstractRotationIT.COMMAND_TIMEOUT)
                        .threads(4).pause(Duration.ofMillis(2)).keyPrefix("cluster").start();
                awaitProgress(workload, 300);

                source.set(AbstractRotationIT.A, AbstractRotationIT.B);
                cluster.setPasswords(AbstractRotationIT.A.valueAsString(), AbstractRotationIT.B.valueAsString());
                cluster.killClients();
                awaitProgress(workload, 300);
                source.set(AbstractRotationIT.B, AbstractRotationIT.A);
                cluster.setPasswords(AbstractRotationIT.B.valueAsString());
                cluster.killClients();
                awaitProgress(workload, 300);
                counts = workload.stop();
                stats = client.statistics();
            }
            System.out.printf("[cluster 3x redis-7.x TLS] token change + kills: %s %s%n", counts, stats);
            assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
            assertThat(stats.tokenInUse()).startsWith("tokenB#");
            assertThat(logs.text()).doesNotContain(AbstractRotationIT.SENTINEL);
        }
    }

    private static void awaitProgress(Workload workload, long more) {
        long target = workload.counts().ops() + more;
        await().atMost(AbstractRotationIT.PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }
}
