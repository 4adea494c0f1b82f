package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.SENTINEL_PREFIX;
import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The rotation scenarios of issue 6 on one real TLS server, for the pooled client and {@code JedisPool},
 * with four threads issuing idempotent commands throughout.
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
                Workload workload = JedisTestSupport.workload("fallback", THREADS, config.idempotentRetry(),
                        client.operation())) {
            awaitOperations(workload, OPS_PER_PHASE);
            Workload.Counts counts = workload.stop();
            assertThat(counts.failures()).as("failed commands; last: %s", counts.lastFailure()).isZero();
            assertThat(config.statistics().fallbacks()).isPositive();
            assertThat(config.statistics().tokenInUse()).startsWith("AWSCURRENT#");
            assertThat(logs.text()).contains("rejected AWSPENDING#").doesNotContain(SENTINEL_PREFIX);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void lifecycleWithIdempotentRetryHasZeroFailedCommands(ClientKind kind) throws Exception {
        Workload.Counts counts = runLifecycle(kind, true);
        assertThat(counts.failures()).as("failed commands; last: %s", counts.lastFailure()).isZero();
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void lifecycleWithoutRetryHasZeroAuthenticationFailures(ClientKind kind) throws Exception {
        Workload.Counts counts = runLifecycle(kind, false);
        assertThat(counts.authFailures()).as("authentication failures; last: %s", counts.lastFailure()).isZero();
    }

    @Test
    void everyTokenRejectedFailsOnceRefreshedWithLabelsAndFingerprintsOnly() throws Exception {
        server.setPasswords(value());
        AuthToken first = token("AWSCURRENT", value());
        AuthToken second = token("AWSPREVIOUS", value());
        SettableTokenSource source = TokenSources.settable(first, second);
        try (LogCapture logs = LogCapture.root(); UnifiedJedis client = config(source, false).build().createPooledClient()) {
            Throwable thrown = catchThrowable(() -> client.get("k"));
            // The pool wraps it: JedisException("Could not get a resource from the pool", TokensRejectedException)
            TokensRejectedException rejected = JedisTestSupport.causeOfType(thrown, TokensRejectedException.class);
            assertThat(rejected).as("TokensRejectedException in the cause chain of %s", thrown).isNotNull();
            assertThat(rejected).hasMessageContaining("AWSCURRENT#" + first.fingerprint())
                    .hasMessageContaining("AWSPREVIOUS#" + second.fingerprint());
            assertThat(rejected.getMessage()).doesNotContain(SENTINEL_PREFIX);
            assertThat(thrown.getMessage()).doesNotContain(SENTINEL_PREFIX);
            assertThat(rejected.tried()).containsExactly("AWSCURRENT#" + first.fingerprint(),
                    "AWSPREVIOUS#" + second.fingerprint());
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
            assertThat(config.statistics().tokenInUse()).as("the server had no password").isEqualTo(
                    io.github.redisauth.AuthStatistics.NO_PASSWORD);
            server.setPasswords(current);
            assertThat(jedis.get("in-place")).isEqualTo("1");
            assertThat(config.statistics().reauthentications()).isEqualTo(1);
            assertThat(config.statistics().tokenInUse()).startsWith("AWSCURRENT#");
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
            Throwable thrown = catchThrowable(() -> jedis.eval(script, 1, "noauth-lua"));
            assertThat(thrown).isInstanceOf(JedisDataException.class).hasMessageStartingWith("NOAUTH fake");
            assertThat(jedis.get("noauth-lua")).as("the script ran once, it was not re-run").isEqualTo("1");
            assertThat(config.statistics().reauthentications()).isZero();
            assertThat(logs.text()).doesNotContain("answered NOAUTH").doesNotContain(SENTINEL_PREFIX);
        }
    }

    /**
     * no password → two tokens → only the new → a newer pair → only the newest (2.8 holds one
     * password: the pairs become direct changes). The application learns tokens before the
     * server switches; clients are killed after every switch, the server restarted at the end.
     */
    @SuppressWarnings("deprecation") // JedisPool, the stock client
    private Workload.Counts runLifecycle(ClientKind kind, boolean retry) throws Exception {
        boolean pairs = version().supportsAcl();
        String a = value();
        String b = value();
        String c = value();
        SettableTokenSource source = TokenSources.settable(token("AWSCURRENT", a));
        JedisAuthConfig config = config(source, retry).build();
        Workload.Counts ours;
        Workload.Counts stock;
        try (LogCapture logs = LogCapture.root(); ClientKind.Handle client = kind.create(config);
                JedisPool stockPool = JedisTestSupport.stockPool(server.host(), server.port(), a);
                Workload workload = JedisTestSupport.workload("ours", THREADS, config.idempotentRetry(), client.operation());
                Workload stockWorkload = JedisTestSupport.workload("stock", 1, JedisTestSupport.noRetry(),
                        JedisTestSupport.setThenGet(stockPool))) {
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

            ours = workload.stop();
            stock = stockWorkload.stop();
            assertThat(logs.text()).doesNotContain(SENTINEL_PREFIX);
            assertThat(ours.lastFailure()).doesNotContain(SENTINEL_PREFIX);
            assertThat(logs.events().stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) && event.getThrowableProxy() != null)
                    .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()).toList())
                    .as("WARN/ERROR lines with a stack trace during a rotation the client rides through").isEmpty();
        }
        System.out.printf("[jedis %s lifecycle %s %s retry=%s] redis-auth: ops=%d failures=%d authFailures=%d %s"
                        + " | stock JedisPool, static token: ops=%d failures=%d authFailures=%d (last: %s)%n",
                JedisAuthConfig.jedisVersion(), version(), kind, retry, ours.ops(), ours.failures(), ours.authFailures(),
                config.statistics(), stock.ops(), stock.failures(), stock.authFailures(), stock.lastFailure());
        assertThat(config.statistics().tokenInUse()).startsWith("AWSCURRENT#");
        return ours;
    }

    private static void awaitOperations(Workload workload, int more) {
        long target = workload.counts().ops() + more;
        Awaitility.await().atMost(PHASE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> workload.counts().ops() >= target);
    }
}
