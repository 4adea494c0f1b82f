package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.SENTINEL_PREFIX;
import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisCluster;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/** Cluster mode enabled: three real TLS nodes, token change plus kills, four threads throughout. */
class RedisClusterRotationIT {

    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void tokenChangesAndKillsCauseNoFailedCommand() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        String a = value();
        String b = value();
        String c = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        JedisWorkload.Counters ours;
        JedisWorkload.Counters stock;
        JedisAuthConfig config;
        try (RedisCluster cluster = startCluster(a); LogCapture logs = LogCapture.root()) {
            config = JedisAuthConfig.builder()
                    .clusterNodes(seeds(cluster))
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(source)
                    .idempotentRetry(true).retryMaxAttempts(10).retryWait(Duration.ofMillis(100))
                    .build();
            try (RedisClusterClient client = config.createClusterClient();
                    RedisClusterClient stockClient = stockClient(cluster, a);
                    JedisWorkload workload = JedisWorkload.start("cluster", 4, JedisWorkload.DEFAULT_PAUSE,
                            config.idempotentRetry(), JedisWorkload.setThenGet(client));
                    JedisWorkload stockWorkload = JedisWorkload.start("cluster-stock", 1, JedisWorkload.DEFAULT_PAUSE,
                            new IdempotentRetry(false, 1, Duration.ZERO), JedisWorkload.setThenGet(stockClient))) {
                awaitOperations(workload, 150);

                source.set(token("AWSCURRENT", b), token("AWSPREVIOUS", a));
                cluster.setPasswords(b);
                cluster.killClients();
                awaitOperations(workload, 150);

                // The source still prefers b; the servers switch straight to c: fallback on reconnect.
                source.set(token("AWSCURRENT", b), token("AWSPENDING", c));
                cluster.setPasswords(c);
                cluster.killClients();
                awaitOperations(workload, 150);

                workload.close();
                stockWorkload.close();
                ours = workload.counters();
                stock = stockWorkload.counters();
            }
            assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
        }
        System.out.printf("[jedis cluster, 3 TLS nodes] redis-auth: ops=%d failures=%d authFailures=%d %s"
                        + " | stock RedisClusterClient, static token: ops=%d failures=%d authFailures=%d (last: %s)%n",
                ours.operations(), ours.failures(), ours.authFailures(), config.stats().snapshot(),
                stock.operations(), stock.failures(), stock.authFailures(), stock.lastFailure());
        assertThat(ours.failures()).as("failed commands; last: %s", ours.lastFailure()).isZero();
        assertThat(ours.lastFailure()).doesNotContain(SENTINEL_PREFIX);
        assertThat(config.stats().snapshot().fallbacks()).isPositive();
    }

    @Test
    void deployBeforeRemediationCausesNoFailedCommand() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        String a = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        JedisWorkload.Counters ours;
        JedisAuthConfig config;
        try (RedisCluster cluster = startCluster(null); LogCapture logs = LogCapture.root()) {
            config = JedisAuthConfig.builder()
                    .clusterNodes(seeds(cluster))
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(source)
                    .idempotentRetry(true).retryMaxAttempts(10).retryWait(Duration.ofMillis(100))
                    .build();
            try (RedisClusterClient client = config.createClusterClient();
                    JedisWorkload workload = JedisWorkload.start("cluster-deploy", 4, JedisWorkload.DEFAULT_PAUSE,
                            config.idempotentRetry(), JedisWorkload.setThenGet(client))) {
                awaitOperations(workload, 150);
                cluster.setPasswords(a);
                cluster.killClients();
                awaitOperations(workload, 150);
                workload.close();
                ours = workload.counters();
            }
            assertThat(logs.text()).contains("without AUTH").doesNotContain(SENTINEL_PREFIX);
        }
        System.out.printf("[jedis cluster deploy-before-remediation] redis-auth: ops=%d failures=%d authFailures=%d %s%n",
                ours.operations(), ours.failures(), ours.authFailures(), config.stats().snapshot());
        assertThat(ours.failures()).as("failed commands; last: %s", ours.lastFailure()).isZero();
        assertThat(config.stats().snapshot().tokenInUse()).startsWith("AWSCURRENT#");
    }

    @SuppressWarnings("deprecation") // the stock client's TLS settings
    private static RedisClusterClient stockClient(RedisCluster cluster, String token) {
        return RedisClusterClient.builder().nodes(seeds(cluster))
                .clientConfig(DefaultJedisClientConfig.builder().password(token).ssl(true)
                        .sslSocketFactory(TestCertificates.shared().clientSslContext().getSocketFactory()).build())
                .build();
    }

    /** Three TLS primaries (clients and bus) from the testkit, with one password or none. */
    private static RedisCluster startCluster(String passwordOrNull) {
        RedisCluster.Builder builder = RedisCluster.builder(RedisVersion.V7).nodes(3).tls(true).name("jedis-cluster");
        return (passwordOrNull == null ? builder : builder.password(passwordOrNull)).start();
    }

    private static Set<HostAndPort> seeds(RedisCluster cluster) {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        cluster.nodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
        return seeds;
    }

    private static void awaitOperations(JedisWorkload workload, int more) {
        long target = workload.counters().operations() + more;
        Awaitility.await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counters().operations() >= target);
    }
}
