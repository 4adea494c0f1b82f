package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.SENTINEL_PREFIX;
import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The rotation scenarios of issue 6 on one real TLS server, for {@code RedisClient} and
 * {@code JedisPool}, with four threads issuing idempotent commands throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RotationLifecycleITBase {

    private static final int THREADS = 4;
    private static final int OPS_PER_PHASE = 150;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(20);

    private RedisServer server;

    abstract RedisVersion version();

    @BeforeAll
    void startServer() {
        assumeTrue(version().isAvailable(), () -> {
            String reason = "Redis " + version() + " unavailable: " + version().unavailableReason().orElse("?");
            System.out.println("SKIPPED " + reason);
            return reason;
        });
        server = RedisServer.builder(version()).tls(true).certificate(TestCertificates.shared().server())
                .name("jedis-" + version().name().toLowerCase()).start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void resetServer() {
        server.setPasswords();
        server.killClients();
    }

    private JedisAuthConfig.Builder config(SettableTokenSource source, boolean retry) {
        return JedisAuthConfig.builder()
                .endpoint(server.host(), server.port())
                .sslContext(TestCertificates.shared().clientSslContext())
                .tokenSource(source)
                .idempotentRetry(retry)
                .retryMaxAttempts(10)
                .retryWait(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void fallsBackToTheSecondTokenOnConnect(ClientKind kind) throws Exception {
        String current = value();
        server.setPasswords(current);
        SettableTokenSource source = TokenSources.settable(token("AWSPENDING", value()), token("AWSCURRENT", current));
        JedisAuthConfig config = config(source, false).build();
        try (LogCapture logs = LogCapture.root(); ClientKind.Handle client = kind.create(config);
                JedisWorkload workload = JedisWorkload.start("fallback", THREADS, JedisWorkload.DEFAULT_PAUSE,
                        config.idempotentRetry(), client.operation())) {
            awaitOperations(workload, OPS_PER_PHASE);
            workload.close();
            JedisWorkload.Counters counters = workload.counters();
            assertThat(counters.failures()).as("failed commands; last: %s", counters.lastFailure()).isZero();
            assertThat(config.stats().snapshot().fallbacks()).isPositive();
            assertThat(config.stats().snapshot().tokenInUse()).startsWith("AWSCURRENT#");
            assertThat(logs.text()).contains("rejected token AWSPENDING#").doesNotContain(SENTINEL_PREFIX);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void lifecycleWithIdempotentRetryHasZeroFailedCommands(ClientKind kind) throws Exception {
        JedisWorkload.Counters counters = runLifecycle(kind, true);
        assertThat(counters.failures()).as("failed commands; last: %s", counters.lastFailure()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void lifecycleWithoutRetryHasZeroAuthenticationFailures(ClientKind kind) throws Exception {
        JedisWorkload.Counters counters = runLifecycle(kind, false);
        assertThat(counters.authFailures()).as("authentication failures; last: %s", counters.lastFailure()).isZero();
    }

    @Test
    void everyTokenRejectedFailsOnceRefreshedWithLabelsAndFingerprintsOnly() throws Exception {
        server.setPasswords(value());
        AuthToken first = token("AWSCURRENT", value());
        AuthToken second = token("AWSPREVIOUS", value());
        SettableTokenSource source = TokenSources.settable(first, second);
        try (LogCapture logs = LogCapture.root(); RedisClient client = config(source, false).build().createRedisClient()) {
            assertThatThrownBy(() -> client.get("k"))
                    .isInstanceOf(TokensRejectedException.class)
                    .hasMessageContaining("AWSCURRENT#" + first.fingerprint())
                    .hasMessageContaining("AWSPREVIOUS#" + second.fingerprint())
                    .message().doesNotContain(SENTINEL_PREFIX);
            assertThat(source.refreshCount()).isEqualTo(1);
            assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
        }
    }

    @Test
    @SuppressWarnings("deprecation") // JedisPool
    void openConnectionAnsweringNoauthIsAuthenticatedInPlace() throws Exception {
        assumeFalse(version().supportsAcl(),
                "only Redis < 6 answers NOAUTH on a connection opened before the password was set");
        String current = value();
        JedisAuthConfig config = config(TokenSources.settable(token("AWSCURRENT", current)), false).build();
        try (LogCapture logs = LogCapture.root(); JedisPool pool = config.createJedisPool(); Jedis jedis = pool.getResource()) {
            jedis.set("in-place", "1");
            server.setPasswords(current);
            assertThat(jedis.get("in-place")).isEqualTo("1");
            assertThat(config.stats().snapshot().reauthentications()).isEqualTo(1);
            assertThat(logs.text()).contains("answered NOAUTH").doesNotContain(SENTINEL_PREFIX);
        }
    }

    @Test
    @SuppressWarnings("deprecation") // JedisPool
    void anErrorReplyMerelyContainingNoauthIsNotRerun() throws Exception {
        String current = value();
        server.setPasswords(current);
        JedisAuthConfig config = config(TokenSources.settable(token("AWSCURRENT", current)), false).build();
        String script = "redis.call('INCR', KEYS[1]) return redis.error_reply('NOAUTH fake')";
        try (LogCapture logs = LogCapture.root(); JedisPool pool = config.createJedisPool(); Jedis jedis = pool.getResource()) {
            jedis.del("noauth-lua");
            assertThatThrownBy(() -> jedis.eval(script, 1, "noauth-lua"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("NOAUTH fake");
            assertThat(jedis.get("noauth-lua")).as("the script ran once, it was not re-run").isEqualTo("1");
            assertThat(config.stats().snapshot().reauthentications()).isZero();
            assertThat(logs.text()).doesNotContain("answered NOAUTH").doesNotContain(SENTINEL_PREFIX);
        }
    }

    /**
     * no password → two tokens → only the new → a newer pair → only the newest (2.8 holds one
     * password: the pairs become direct changes). The application learns tokens before the
     * server switches; clients are killed after every switch, the server restarted at the end.
     */
    private JedisWorkload.Counters runLifecycle(ClientKind kind, boolean retry) throws Exception {
        boolean pairs = version().supportsAcl();
        String a = value();
        String b = value();
        String c = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        JedisAuthConfig config = config(source, retry).build();
        JedisWorkload.Counters ours;
        JedisWorkload.Counters stock;
        try (LogCapture logs = LogCapture.root(); ClientKind.Handle client = kind.create(config);
                RedisClient stockClient = stockClient(a);
                JedisWorkload workload = JedisWorkload.start("ours", THREADS, JedisWorkload.DEFAULT_PAUSE,
                        config.idempotentRetry(), client.operation());
                JedisWorkload stockWorkload = JedisWorkload.start("stock", 1, JedisWorkload.DEFAULT_PAUSE,
                        new IdempotentRetry(false, 1, Duration.ZERO), JedisWorkload.setThenGet(stockClient))) {
            awaitOperations(workload, OPS_PER_PHASE);

            server.setPasswords(pairs ? new String[] {a, b} : new String[] {a});
            server.killClients();
            awaitOperations(workload, OPS_PER_PHASE);

            source.set(token("AWSCURRENT", b), token("AWSPREVIOUS", a));
            server.setPasswords(b);
            server.killClients();
            awaitOperations(workload, OPS_PER_PHASE);

            source.set(token("AWSCURRENT", b), token("AWSPENDING", c));
            server.setPasswords(pairs ? new String[] {b, c} : new String[] {c});
            server.killClients();
            awaitOperations(workload, OPS_PER_PHASE);

            source.set(token("AWSCURRENT", c), token("AWSPREVIOUS", b));
            server.setPasswords(c);
            server.restart();
            awaitOperations(workload, OPS_PER_PHASE);

            workload.close();
            stockWorkload.close();
            ours = workload.counters();
            stock = stockWorkload.counters();
            assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
            assertThat(ours.lastFailure()).doesNotContain(SENTINEL_PREFIX);
        }
        System.out.printf("[jedis lifecycle %s %s retry=%s] redis-auth: ops=%d failures=%d authFailures=%d %s"
                        + " | stock Jedis, static token: ops=%d failures=%d authFailures=%d (last: %s)%n",
                version(), kind, retry, ours.operations(), ours.failures(), ours.authFailures(), config.stats().snapshot(),
                stock.operations(), stock.failures(), stock.authFailures(), stock.lastFailure());
        assertThat(config.stats().snapshot().tokenInUse()).startsWith("AWSCURRENT#");
        return ours;
    }

    @SuppressWarnings("deprecation") // the stock client's TLS settings
    private RedisClient stockClient(String token) {
        var tls = TestCertificates.shared().clientSslContext();
        return RedisClient.builder()
                .hostAndPort(server.host(), server.port())
                .clientConfig(DefaultJedisClientConfig.builder().password(token).ssl(true)
                        .sslSocketFactory(tls.getSocketFactory()).build())
                .build();
    }

    private static void awaitOperations(JedisWorkload workload, int more) {
        long target = workload.counters().operations() + more;
        Awaitility.await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counters().operations() >= target);
    }
}
