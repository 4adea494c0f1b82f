package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.SslOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A primary and a replica (redis-server 7.x, TLS) addressed as ElastiCache's primary and reader endpoints:
 * the token changes and every application connection of both nodes is killed.
 */
class PrimaryAndReaderRotationIT {

    @Test
    void primaryAndReaderSurviveTokenChange() {
        Assumptions.assumeTrue(LocalRedisNode.available(), "redis-server 7.x is not installed");
        try (LogCapture logs = new LogCapture();
                LocalRedisNode primary = LocalRedisNode.start("primary", false);
                LocalRedisNode replica = LocalRedisNode.start("replica", false)) {
            replica.command(io.lettuce.core.protocol.CommandType.CONFIG, List.of("SET", "masteruser", "admin"));
            replica.command(io.lettuce.core.protocol.CommandType.CONFIG, List.of("SET", "masterauth", "x"));
            replica.admin().replicaof("127.0.0.1", primary.plainPort);
            await().atMost(Duration.ofSeconds(15)).until(() -> replica.admin().info("replication").contains("master_link_status:up"));
            primary.setPasswords(AbstractRotationIT.A.valueAsString());
            replica.setPasswords(AbstractRotationIT.A.valueAsString());

            MutableTokenSource source = new MutableTokenSource(AbstractRotationIT.A);
            LettuceAuthConfig config = LettuceAuthConfig.builder()
                    .endpoint("localhost", primary.tlsPort)
                    .endpoint("localhost", replica.tlsPort)
                    .tokenSource(source)
                    .sslOptions(SslOptions.builder().trustManager(TestTls.shared().ca.toFile()).build())
                    .sourcePollInterval(Duration.ofMillis(500))
                    .build();
            try (RedisAuthClient client = RedisAuthClient.create(config);
                    StatefulRedisMasterReplicaConnection<String, String> connection =
                            client.connectPrimaryAndReaders(StringCodec.UTF8)) {
                connection.setReadFrom(ReadFrom.UPSTREAM);
                Workload workload = Workload.builder(connection.async()).threads(4)
                        .commandTimeout(AbstractRotationIT.COMMAND_TIMEOUT).pauseBetweenCommands(Duration.ofMillis(2))
                        .keyPrefix("mr").start();
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
