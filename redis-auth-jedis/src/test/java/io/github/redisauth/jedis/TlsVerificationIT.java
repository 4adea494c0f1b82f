package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Hostname verification is on by default and can be turned off explicitly. */
class TlsVerificationIT {

    @Test
    void certificateForAnotherHostIsRefusedUnlessVerificationIsOff() {
        RedisVersion version = RedisVersion.V6_2;
        assumeTrue(version.isAvailable(), () -> "Redis 6.2 unavailable: " + version.unavailableReason().orElse("?"));
        String current = value();
        try (RedisServer server = RedisServer.builder(version).certificate(TestCertificates.shared().otherHost())
                .password(current).name("jedis-otherhost").start()) {
            JedisAuthConfig.Builder builder = JedisAuthConfig.builder()
                    .endpoint(server.host(), server.port())
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(TokenSources.settable(token("AWSCURRENT", current)));
            try (UnifiedJedis verifying = builder.build().createPooledClient()) {
                assertThatThrownBy(() -> verifying.ping()).isInstanceOf(JedisConnectionException.class);
            }
            try (UnifiedJedis trusting = builder.hostnameVerification(false).build().createPooledClient()) {
                assertThat(trusting.ping()).isEqualTo("PONG");
            }
        }
    }
}
