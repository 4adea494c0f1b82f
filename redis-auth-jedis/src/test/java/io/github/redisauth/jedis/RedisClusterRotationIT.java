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
import io.github.redisauth.testkit.Workload;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/**
 * Cluster mode enabled: three real TLS nodes, token change plus kills, four threads throughout, through
 * {@link JedisAuthConfig#createPooledClusterClient()} (a {@code RedisClusterClient} on Jedis 7.2+, else a
 * {@code JedisCluster}).
 */
class RedisClusterRotationIT {

    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(30);

    @Test
    @SuppressWarnings("deprecation") // JedisCluster, the stock client
    void tokenChangesAndKillsCauseNoFailedCommand() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        String a = value();
        String b = value();
        String c = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        Workload.Counts ours;
        Workload.Counts stock;
        JedisAuthConfig config;
        try (RedisCluster cluster = startCluster(a); LogCapture logs = LogCapture.root()) {
            config = JedisAuthConfig.builder()
                    .clusterNodes(seeds(cluster))
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(source)
                    .idempotentRetry(true).retryMaxAttempts(10).retryWait(Duration.ofMillis(100))
                    .build();
            try (UnifiedJedis client = config.createPooledClusterClient();
                    JedisCluster stockClient = JedisTestSupport.stockCluster(seeds(cluster), a);
                    Workload workload = JedisTestSupport.workload("cluster", 4, config.idempotentRetry(),
                            JedisTestSupport.setThenGet(client));
                    Workload stockWorkload = JedisTestSupport.workload("cluster-stock", 1, JedisTestSupport.noRetry(),
                            JedisTestSupport.setThenGet(stockClient))) {
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

                ours = workload.stop();
                stock = stockWorkload.stop();
            }
            assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
        }
        System.out.printf("[jedis %s cluster, 3 TLS nodes] redis-auth: ops=%d failures=%d authFailures=%d %s"
                        + " | stock JedisCluster, static token: ops=%d failures=%d authFailures=%d (last: %s)%n",
                JedisAuthConfig.jedisVersion(), ours.ops(), ours.failures(), ours.authFailures(), config.statistics(),
                stock.ops(), stock.failures(), stock.authFailures(), stock.lastFailure());
        assertThat(ours.failures()).as("failed commands; last: %s", ours.lastFailure()).isZero();
        assertThat(ours.lastFailure()).doesNotContain(SENTINEL_PREFIX);
        assertThat(config.statistics().fallbacks()).isPositive();
    }

    @Test
    void deployBeforeRemediationCausesNoFailedCommand() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        String a = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        Workload.Counts ours;
        JedisAuthConfig config;
        try (RedisCluster cluster = startCluster(null); LogCapture logs = LogCapture.root()) {
            config = JedisAuthConfig.builder()
                    .clusterNodes(seeds(cluster))
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(source)
                    .idempotentRetry(true).retryMaxAttempts(10).retryWait(Duration.ofMillis(100))
                    .build();
            try (UnifiedJedis client = config.createPooledClusterClient();
                    Workload workload = JedisTestSupport.workload("cluster-deploy", 4, config.idempotentRetry(),
                            JedisTestSupport.setThenGet(client))) {
                awaitOperations(workload, 150);
                assertThat(config.statistics().tokenInUse()).isEqualTo(io.github.redisauth.AuthStatistics.NO_PASSWORD);
                cluster.setPasswords(a);
                cluster.killClients();
                awaitOperations(workload, 150);
                ours = workload.stop();
            }
            assertThat(logs.text()).contains("without AUTH").doesNotContain(SENTINEL_PREFIX);
        }
        System.out.printf("[jedis %s cluster deploy-before-remediation] redis-auth: ops=%d failures=%d authFailures=%d %s%n",
                JedisAuthConfig.jedisVersion(), ours.ops(), ours.failures(), ours.authFailures(), config.statistics());
        assertThat(ours.failures()).as("failed commands; last: %s", ours.lastFailure()).isZero();
        assertThat(config.statistics().tokenInUse()).startsWith("AWSCURRENT#");
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

    private static void awaitOperations(Workload workload, int more) {
        long target = workload.counts().ops() + more;
        Awaitility.await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }
}
