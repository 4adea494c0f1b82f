package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.SENTINEL_PREFIX;
import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.GatewayDialect;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.JedisPool;

/**
 * The ElastiCache lifecycle through the testkit's AUTH gateway, which holds two tokens at once even
 * in front of Redis 2.8 (the pre-6 two-token case a real 2.8 cannot show): no token → ROTATE a →
 * SET a → ROTATE b → SET b → ROTATE c → SET c, client connections killed after every step and the
 * gateway restarted (refusing connections for a moment) at the end.
 */
class GatewayRotationIT {

    private static final int THREADS = 4;
    private static final int OPS_PER_PHASE = 120;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} dialect, {1}")
    @CsvSource({"PRE_6, POOLED_CLIENT", "PRE_6, JEDIS_POOL", "V6_PLUS, POOLED_CLIENT"})
    @SuppressWarnings("deprecation") // JedisPool, the stock client
    void elastiCacheLifecycleHasZeroFailedCommands(GatewayDialect dialect, ClientKind kind) throws Exception {
        RedisVersion backend = dialect == GatewayDialect.PRE_6 ? RedisVersion.V2_8 : RedisVersion.V6_2;
        String a = value();
        String b = value();
        String c = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        JedisAuthConfig config;
        Workload.Counts ours;
        Workload.Counts stock;
        try (AuthGateway gateway = AuthGateway.builder().backendVersion(backend).dialect(dialect).start()) {
            config = JedisAuthConfig.builder()
                    .endpoint(gateway.host(), gateway.port())
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(source)
                    .idempotentRetry(true)
                    .retryMaxAttempts(20)
                    .retryWait(Duration.ofMillis(100))
                    .build();
            try (LogCapture logs = LogCapture.root(); ClientKind.Handle client = kind.create(config);
                    JedisPool stockPool = JedisTestSupport.stockPool(gateway.host(), gateway.port(), a);
                    Workload workload = JedisTestSupport.workload("ours", THREADS, config.idempotentRetry(),
                            client.operation());
                    Workload stockWorkload = JedisTestSupport.workload("stock", 1, JedisTestSupport.noRetry(),
                            JedisTestSupport.setThenGet(stockPool))) {
                awaitOperations(workload);

                gateway.rotate(a);
                gateway.killClients();
                awaitOperations(workload);

                gateway.set(a);
                gateway.killClients();
                awaitOperations(workload);

                source.set(token("AWSCURRENT", a), token("AWSPENDING", b));
                gateway.rotate(b);
                gateway.killClients();
                awaitOperations(workload);

                source.set(token("AWSCURRENT", b), token("AWSPREVIOUS", a));
                gateway.set(b);
                gateway.killClients();
                awaitOperations(workload);

                source.set(token("AWSCURRENT", b), token("AWSPENDING", c));
                gateway.rotate(c);
                gateway.killClients();
                awaitOperations(workload);

                source.set(token("AWSCURRENT", c), token("AWSPREVIOUS", b));
                gateway.set(c);
                gateway.restart(Duration.ofMillis(500));
                awaitOperations(workload);

                ours = workload.stop();
                stock = stockWorkload.stop();
                assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
            }
        }
        System.out.printf("[jedis %s gateway lifecycle %s %s] redis-auth: ops=%d failures=%d authFailures=%d %s"
                        + " | stock JedisPool, static token: ops=%d failures=%d authFailures=%d%n",
                JedisAuthConfig.jedisVersion(), dialect, kind, ours.ops(), ours.failures(), ours.authFailures(),
                config.statistics(), stock.ops(), stock.failures(), stock.authFailures());
        assertThat(ours.failures()).as("failed commands; last: %s", ours.lastFailure()).isZero();
        assertThat(ours.lastFailure()).doesNotContain(SENTINEL_PREFIX);
        assertThat(stock.failures()).as("stock Jedis holding the first token fails once it is replaced").isPositive();
        assertThat(config.statistics().tokenInUse()).startsWith("AWSCURRENT#");
    }

    private static void awaitOperations(Workload workload) {
        long target = workload.counts().ops() + OPS_PER_PHASE;
        Awaitility.await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }
}
