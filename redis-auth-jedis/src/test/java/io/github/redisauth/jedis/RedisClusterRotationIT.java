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

    /**
     * Issue 16: "server has no password" is the negotiator's one flag for the whole cluster (one configuration,
     * one state), not one per node. With one node left without a password among nodes with one, the flag flips
     * back and forth (each flip one extra handshake or {@code PING}), but no borrow fails: a token sent to the
     * node without a password is answered "no password is set" and the negotiation confirms no AUTH, and a
     * connection without AUTH that a node with a password refuses makes it send tokens again. Without the
     * idempotent retry.
     */
    @Test
    void oneNodeWithoutPasswordAmongNodesWithOneCausesNoFailedCommand() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        String a = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        Workload.Counts ours;
        JedisAuthConfig config;
        try (RedisCluster cluster = startCluster(a); LogCapture logs = LogCapture.root()) {
            config = JedisAuthConfig.builder()
                    .clusterNodes(seeds(cluster))
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(source)
                    .build();
            cluster.nodes().get(0).setPasswords();
            cluster.nodes().get(0).killClients();
            try (UnifiedJedis client = config.createPooledClusterClient();
                    Workload workload = JedisTestSupport.workload("cluster-mixed", 4, config.idempotentRetry(),
                            onEveryNode(client))) {
                awaitOperations(workload, 300);
                ours = workload.stop();
            }
            assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
        }
        System.out.printf("[jedis %s cluster, one node without password] redis-auth: ops=%d failures=%d authFailures=%d %s%n",
                JedisAuthConfig.jedisVersion(), ours.ops(), ours.failures(), ours.authFailures(), config.statistics());
        assertThat(ours.failures()).as("failed commands; last: %s", ours.lastFailure()).isZero();
        assertThat(config.statistics().connectionsWithoutAuth()).as("connections without AUTH (the node without password)")
                .isPositive();
        assertThat(config.statistics().authentications()).as("authentications (the nodes with one)").isPositive();
    }

    /** SET then GET of one key in each third of the slot range: one key per node of the testkit's 3-node cluster. */
    private static Workload.Operation onEveryNode(UnifiedJedis client) {
        return (key, value) -> {
            for (int third = 0; third < 3; third++) {
                String k = keyInSlotRange(key, third * 5461 + 100, third * 5461 + 5000);
                client.set(k, value);
                Workload.expectValue(k, value, client.get(k));
            }
        };
    }

    private static String keyInSlotRange(String prefix, int from, int to) {
        for (int i = 0; ; i++) {
            String candidate = prefix + ":" + i;
            int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(candidate);
            if (slot >= from && slot <= to) {
                return candidate;
            }
        }
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
