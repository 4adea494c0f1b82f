package io.github.redisauth.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokenSources;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

class JedisAuthConfigTest {

    private static final String SENTINEL = "SENTINEL-token-value-0123456789";

    private static JedisAuthConfig.Builder valid() {
        return JedisAuthConfig.builder()
                .endpoint("localhost", 6379)
                .tokenSource(TokenSources.fixed(AuthToken.of("test", SENTINEL)));
    }

    /** Nothing listens on port 1: connecting there fails at once. */
    private static JedisAuthConfig unreachable() {
        return JedisAuthConfig.builder().endpoint("localhost", 1).clusterNode("localhost", 1)
                .tokenSource(TokenSources.fixed(AuthToken.of("test", SENTINEL))).build();
    }

    @Test
    void defaultsAreSafe() {
        JedisAuthConfig config = valid().build();
        assertThat(config.tls()).isTrue();
        assertThat(config.hostnameVerification()).isTrue();
        assertThat(config.allowPlaintextToken()).isFalse();
        assertThat(config.protocol()).isEmpty();
        assertThat(config.idempotentRetryEnabled()).isFalse();
        assertThat(config.idempotentRetry().isEnabled()).isFalse();
        assertThat(config.demotionPeriod()).isEqualTo(TokenNegotiator.DEFAULT_DEMOTION_PERIOD);
        assertThat(config.rejectedRetryInterval()).isEqualTo(TokenNegotiator.DEFAULT_REJECTED_RETRY_INTERVAL);
        assertThat(config.validateAfterIdle()).as("hot connections are handed out without a PING")
                .isEqualTo(JedisAuthConfig.DEFAULT_VALIDATE_AFTER_IDLE).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.toString()).doesNotContain(SENTINEL);
    }

    @Test
    void validateAfterIdleMustNotBeNegativeAndZeroMeansEveryBorrow() {
        assertThatThrownBy(() -> valid().validateAfterIdle(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validateAfterIdle=PT-0.001S: must be zero (PING on every borrow) or positive");
        assertThatThrownBy(() -> valid().validateAfterIdle(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("validateAfterIdle");
        JedisAuthConfig everyBorrow = valid().validateAfterIdle(Duration.ZERO).build();
        assertThat(everyBorrow.validateAfterIdle()).as("zero is allowed").isZero();
        assertThat(everyBorrow.toString()).contains("validateAfterIdle=PT0S");
        assertThat(everyBorrow.toBuilder().build().validateAfterIdle()).as("kept by toBuilder").isZero();
    }

    @Test
    void plaintextTokenNeedsExplicitPermission() {
        assertThatThrownBy(() -> valid().tls(false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls=false")
                .hasMessageContaining("allowPlaintextToken");
        assertThat(valid().tls(false).allowPlaintextToken(true).build().tls()).isFalse();
    }

    @Test
    void tokenSourceAndEndpointAreRequired() {
        assertThatThrownBy(() -> JedisAuthConfig.builder().endpoint("localhost", 1).build())
                .hasMessageContaining("tokenSource=null");
        assertThatThrownBy(() -> JedisAuthConfig.builder().tokenSource(TokenSources.fixed()).build())
                .hasMessageContaining("endpoint=null");
    }

    @Test
    @SuppressWarnings("deprecation") // ssl(boolean), deprecated in Jedis 8: what a user might still set
    void credentialsAndTlsInTheBaseClientConfigAreRefused() {
        assertThatThrownBy(() -> valid().clientConfig(DefaultJedisClientConfig.builder().password(SENTINEL).build()).build())
                .hasMessageContaining("clientConfig carries a user or password")
                .message().doesNotContain(SENTINEL);
        assertThatThrownBy(() -> valid().clientConfig(DefaultJedisClientConfig.builder().ssl(true).build()).build())
                .hasMessageContaining("clientConfig enables TLS");
    }

    @Test
    void numbersAreCheckedAndTheMessageNamesSettingValueAndRule() {
        assertThatThrownBy(() -> valid().retryMaxAttempts(0).build()).hasMessage("retryMaxAttempts=0: must be at least 1");
        assertThatThrownBy(() -> valid().retryWait(Duration.ofMillis(-1)).build())
                .hasMessage("retryWait=PT-0.001S: must not be negative");
        assertThatThrownBy(() -> valid().demotionPeriod(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("demotionPeriod=PT0S: must be positive");
        assertThatThrownBy(() -> valid().rejectedRetryInterval(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rejectedRetryInterval=PT-1S: must be zero (always try again) or positive");
        assertThatThrownBy(() -> valid().clusterMaxAttempts(0).build()).hasMessageContaining("clusterMaxAttempts=0");
        assertThatThrownBy(() -> valid().demotionPeriod(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("demotionPeriod");
        assertThatThrownBy(() -> valid().rejectedRetryInterval(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("rejectedRetryInterval");
    }

    @Test
    void negotiationSettingsAreKeptAndZeroRetryIntervalIsAllowed() {
        JedisAuthConfig config = valid().demotionPeriod(Duration.ofSeconds(30)).rejectedRetryInterval(Duration.ZERO).build();
        assertThat(config.demotionPeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.rejectedRetryInterval()).isZero();
        assertThat(config.toString()).contains("demotionPeriod=PT30S").contains("rejectedRetryInterval=PT0S");
    }

    @Test
    void toBuilderKeepsSettings() {
        JedisAuthConfig config = valid().idempotentRetry(true).protocol(RedisProtocol.RESP3)
                .demotionPeriod(Duration.ofMinutes(1)).rejectedRetryInterval(Duration.ofSeconds(9)).build();
        JedisAuthConfig copy = config.toBuilder().build();
        assertThat(copy.idempotentRetryEnabled()).isTrue();
        assertThat(copy.protocol()).contains(RedisProtocol.RESP3);
        assertThat(copy.endpoint()).isEqualTo(config.endpoint());
        assertThat(copy.demotionPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(copy.rejectedRetryInterval()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    @SuppressWarnings("deprecation") // JedisPool
    void clientsAreBuiltWithoutTouchingTheServer() {
        // A protocol probe at construction would open a connection, and count an attempt.
        JedisAuthConfig config = unreachable();
        try (UnifiedJedis client = config.createPooledClient(); var pool = config.createJedisPool()) {
            assertThat(client).isNotNull();
            assertThat(pool.getNumActive()).isZero();
        }
        assertThat(config.statistics().attempts()).isZero();
        assertThat(config.statistics().tokenInUse()).isEqualTo(AuthStatistics.NO_TOKEN_YET);
    }

    @Test
    void clientsOfOneConfigShareItsStateWhileToBuilderStartsFresh() {
        JedisAuthConfig config = unreachable();
        try (UnifiedJedis first = config.createPooledClient(); UnifiedJedis second = config.createPooledClient()) {
            assertThat(catchThrowable(() -> first.ping())).isInstanceOf(JedisException.class);
            assertThat(catchThrowable(() -> second.ping())).isInstanceOf(JedisException.class);
        }
        assertThat(config.statistics().attempts()).as("both clients count in one negotiator").isEqualTo(2);
        assertThat(config.toBuilder().build().statistics().attempts()).isZero();
    }

    @Test
    void standaloneClientsNeedAnEndpointAndClusterClientsNodes() {
        JedisAuthConfig clusterOnly = JedisAuthConfig.builder().clusterNode("localhost", 7000)
                .tokenSource(TokenSources.fixed()).build();
        assertThatThrownBy(clusterOnly::createJedisPool).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("endpoint is not set");
        assertThatThrownBy(clusterOnly::createPooledClient).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("endpoint is not set");
        assertThatThrownBy(valid().build()::createPooledClusterClient).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clusterNodes is empty");
    }

    /**
     * Frameworks reflect on configuration objects (Spring looks for a destroy method with {@code Class.getMethod}):
     * that must work on every Jedis line, so no public signature may name a type some line lacks.
     */
    @Test
    void thePublicTypesCanBeReflectedOnEveryLine() {
        for (Class<?> type : new Class<?>[] {JedisAuthConfig.class, JedisAuthConfig.Builder.class, IdempotentRetry.class,
                io.github.redisauth.jedis.internal.JedisClients.class,
                io.github.redisauth.jedis.internal.JedisCapabilities.class,
                io.github.redisauth.jedis.internal.ClientConfigs.class,
                io.github.redisauth.jedis.internal.AuthenticatingConnectionFactory.class,
                io.github.redisauth.jedis.internal.AuthenticatingJedisFactory.class,
                io.github.redisauth.jedis.internal.AuthenticatingClusterConnectionProvider.class}) {
            assertThat(type.getMethods()).as(type.getName()).isNotEmpty();
            assertThat(type.getDeclaredMethods()).as(type.getName()).isNotEmpty();
            for (var method : type.getDeclaredMethods()) {
                assertThat(method.getGenericReturnType()).as(method.toString()).isNotNull();
            }
        }
    }

    @Test
    void theJedisVersionIsKnown() {
        assertThat(JedisAuthConfig.jedisVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    /** Jedis 6.x to 7.1: the 7.2+-only factories say which Jedis was found and what to use instead. */
    @Test
    void redisClientFactoriesNameTheVersionAndTheAlternativeOnLinesWithoutThem() {
        JedisTestSupport.assumeLineLacksRedisClient("the UnsupportedOperationException of createRedisClient()");
        JedisAuthConfig config = unreachable();
        assertThatThrownBy(() -> config.createRedisClient())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("createRedisClient()")
                .hasMessageContaining("Jedis " + JedisAuthConfig.jedisVersion())
                .hasMessageContaining("createPooledClient()");
        assertThatThrownBy(() -> config.createClusterClient())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("createClusterClient()")
                .hasMessageContaining("Jedis " + JedisAuthConfig.jedisVersion())
                .hasMessageContaining("createPooledClusterClient()");
        assertThat(config.statistics().attempts()).as("refused before any connection").isZero();
        try (UnifiedJedis pooled = config.createPooledClient()) {
            assertThat(pooled.getClass().getName()).isNotEqualTo("redis.clients.jedis.RedisClient");
        }
    }

    /** Jedis 7.2+: the pooled client is the line's own {@code RedisClient}, and so is createRedisClient()'s. */
    @Test
    void redisClientFactoriesGiveTheLinesOwnTypesWhereItHasThem() {
        JedisTestSupport.assumeLineHasRedisClient("createRedisClient()");
        JedisAuthConfig config = unreachable();
        try (UnifiedJedis pooled = config.createPooledClient();
                UnifiedJedis redisClient = config.createRedisClient()) {
            assertThat(pooled.getClass().getName()).isEqualTo("redis.clients.jedis.RedisClient");
            assertThat(redisClient.getClass().getName()).isEqualTo("redis.clients.jedis.RedisClient");
        }
        // The cluster factory gets as far as the seed node: no UnsupportedOperationException.
        assertThat(catchThrowable(() -> config.createClusterClient()))
                .isInstanceOf(JedisException.class);
        assertThat(config.statistics().attempts()).isEqualTo(1);
    }
}
