package io.github.redisauth.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.AuthToken;
import io.github.redisauth.SecretsManagerTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class JedisAuthConfigTest {

    private static final String SENTINEL = "SENTINEL-token-value-0123456789";

    private static JedisAuthConfig.Builder valid() {
        return JedisAuthConfig.builder()
                .endpoint("localhost", 6379)
                .tokenSource(TokenSources.fixed(AuthToken.of("test", SENTINEL)));
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
        assertThat(config.toString()).doesNotContain(SENTINEL);
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
    void credentialsAndTlsInTheBaseClientConfigAreRefused() {
        assertThatThrownBy(() -> valid().clientConfig(DefaultJedisClientConfig.builder().password(SENTINEL).build()).build())
                .hasMessageContaining("clientConfig carries a user or password")
                .message().doesNotContain(SENTINEL);
        assertThatThrownBy(() -> valid().clientConfig(DefaultJedisClientConfig.builder().ssl(true).build()).build())
                .hasMessageContaining("clientConfig enables TLS");
    }

    @Test
    void numbersAreChecked() {
        assertThatThrownBy(() -> valid().retryMaxAttempts(0).build()).hasMessageContaining("retryMaxAttempts=0");
        assertThatThrownBy(() -> valid().retryWait(Duration.ofMillis(-1)).build()).hasMessageContaining("retryWait=PT-0.001S");
        assertThatThrownBy(() -> valid().demotionPeriod(Duration.ZERO).build()).hasMessageContaining("demotionPeriod=PT0S");
        assertThatThrownBy(() -> valid().clusterMaxAttempts(0).build()).hasMessageContaining("clusterMaxAttempts=0");
    }

    @Test
    void toBuilderKeepsSettings() {
        JedisAuthConfig config = valid().idempotentRetry(true).protocol(RedisProtocol.RESP3).build();
        JedisAuthConfig copy = config.toBuilder().build();
        assertThat(copy.idempotentRetryEnabled()).isTrue();
        assertThat(copy.protocol()).contains(RedisProtocol.RESP3);
        assertThat(copy.endpoint()).isEqualTo(config.endpoint());
        assertThat(copy.stats()).isNotSameAs(config.stats());
    }

    @Test
    @SuppressWarnings("deprecation") // JedisPool
    void clientsAreBuiltWithoutTouchingTheServer() {
        // Nothing listens on port 1: a protocol probe at construction would open a connection.
        JedisAuthConfig config = JedisAuthConfig.builder().endpoint("localhost", 1)
                .tokenSource(TokenSources.fixed(AuthToken.of("test", SENTINEL))).build();
        try (var client = config.createRedisClient(); var pool = config.createJedisPool()) {
            assertThat(client).isNotNull();
            assertThat(pool.getNumActive()).isZero();
        }
        assertThat(config.stats().snapshot().connectionsOpened()).isZero();
    }

    @Test
    void standaloneClientsNeedAnEndpoint() {
        JedisAuthConfig clusterOnly = JedisAuthConfig.builder().clusterNode("localhost", 7000)
                .tokenSource(TokenSources.fixed()).build();
        assertThatThrownBy(clusterOnly::createJedisPool).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("endpoint is not set");
        assertThatThrownBy(valid().build()::createClusterClient).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clusterNodes is empty");
    }

    @Test
    void anUncachedSecretsManagerSourceIsWarnedAbout() throws Exception {
        SecretsManagerClient client = SecretsManagerClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .build();
        SecretsManagerTokenSource raw = SecretsManagerTokenSource.builder().secretId("prod/redis/auth").client(client).build();
        try (client; LogCapture logs = LogCapture.root()) {
            valid().tokenSource(raw).build();
            assertThat(logs.text()).contains("is not cached: every new connection makes Secrets Manager calls")
                    .contains("TokenSources.cached");

            try (LogCapture cachedLogs = LogCapture.root()) {
                valid().tokenSource(TokenSources.cached(raw)).build();
                assertThat(cachedLogs.text()).doesNotContain("is not cached");
            }
        }
    }

    @Test
    void toBuilderStartsWithFreshStateWhileClientsOfOneConfigShareIt() {
        JedisAuthConfig config = valid().build();
        config.stats().recordRejection();
        assertThat(config.stats().snapshot().rejections()).isEqualTo(1);
        assertThat(config.toBuilder().build().stats().snapshot().rejections()).isZero();
    }
}
