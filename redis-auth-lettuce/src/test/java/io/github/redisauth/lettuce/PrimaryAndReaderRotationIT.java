package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.SslOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A primary and a replica (redis-server 7.x, TLS) addressed as ElastiCache's primary and reader endpoints:
 * the token changes and every application connection of both nodes is killed.
 */
class PrimaryAndReaderRotationIT {

    @Test
    void primaryAndReaderSurviveTokenChange() {
        Assumptions.assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        try (LogCapture logs = LogCapture.root();
                RedisServer primary = RedisServer.builder(RedisVersion.V7).tls(true).name("primary").start();
                RedisServer replica = RedisServer.builder(RedisVersion.V7).tls(true).name("replica")
                        .startupTimeout(Duration.ofSeconds(15)).start()) {
            replica.replicaOf(primary); // returns once master_link_status:up (bounded)
            primary.setPasswords(AbstractRotationIT.A.valueAsString());
            replica.setPasswords(AbstractRotationIT.A.valueAsString());

            SettableTokenSource source = TokenSources.settable(AbstractRotationIT.A);
            LettuceAuthConfig config = LettuceAuthConfig.builder()
                    .endpoint(primary.host(), primary.port())
                    .endpoint(replica.host(), replica.port())
                    .tokenSource(source)
                    .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                    .sourcePollInterval(Duration.ofMillis(500))
                    .build();
            try (RedisAuthClient client = RedisAuthClient.create(config);
                    StatefulRedisMasterReplicaConnection<String, String> connection =
                            client.connectPrimaryAndReaders(StringCodec.UTF8)) {
                connection.setReadFrom(ReadFrom.UPSTREAM);
                Workload workload = LettuceOperations.workload(connection.async(), AbstractRotationIT.COMMAND_TIMEOUT)
                        .threads(4).pause(Duration.ofMillis(2)).keyPrefix("mr").start();
                awaitProgress(workload, 200);
                source.set(AbstractRotationIT.A, AbstractRotationIT.B);
                primary.setPasswords(AbstractRotationIT.B.valueAsString());
                replica.setPasswords(AbstractRotationIT.B.valueAsString());
                primary.killClients();
                replica.killClients();
                awaitProgress(workload, 300);
                Workload.Counts counts = workload.stop();

                connection.setReadFrom(ReadFrom.REPLICA);
                await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(readFromReplica(connection)));
                System.out.printf("[primary+reader redis-7.x TLS] token change + kills: %s %s%n", counts, client.statistics());
                assertThat(counts.failures()).as("failed commands, last: %s", counts.lastFailure()).isZero();
                assertThat(client.statistics().tokenInUse()).startsWith("tokenB#");
            }
            assertThat(logs.text()).doesNotContain(AbstractRotationIT.SENTINEL);
        }
    }

    private static String readFromReplica(StatefulRedisMasterReplicaConnection<String, String> connection) {
        connection.setReadFrom(ReadFrom.UPSTREAM);
        connection.sync().set("mr:replicated", "3");
        connection.setReadFrom(ReadFrom.REPLICA);
        return connection.sync().get("mr:replicated");
    }

    private static void awaitProgress(Workload workload, long more) {
        long target = workload.counts().ops() + more;
        await().atMost(AbstractRotationIT.PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }
}
