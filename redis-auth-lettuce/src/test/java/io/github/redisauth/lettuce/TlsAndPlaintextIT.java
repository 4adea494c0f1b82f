package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Host name verification is on by default; plaintext needs the explicit permission. */
class TlsAndPlaintextIT {

    private static final SslOptions TRUST_TEST_CA =
            SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build();

    @Test
    void refusesAServerWhoseCertificateNamesAnotherHost() {
        Assumptions.assumeTrue(RedisVersion.V6_2.isAvailable(), () -> RedisVersion.V6_2.unavailableReason().orElse(""));
        try (RedisServer server = RedisServer.builder(RedisVersion.V6_2).tls(true)
                .certificate(TestCertificates.shared().otherHost()).password(AbstractRotationIT.A.valueAsString()).start();
                RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                        .endpoint(server.host(), server.port()).tokenSource(TokenSources.settable(AbstractRotationIT.A))
                        .sslOptions(TRUST_TEST_CA).build())) {
            assertThatThrownBy(client::connect).isInstanceOf(RedisConnectionException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
                    .satisfies(e -> assertThat(e).hasStackTraceContaining(SSLException.class.getSimpleName()))
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(AbstractRotationIT.SENTINEL));
            assertThat(client.statistics().attempts()).as("no token is tried on a server that failed verification").isZero();
        }
    }

    @Test
    void plaintextWorksOnlyWhenAllowed() {
        Assumptions.assumeTrue(RedisVersion.V7.isAvailable(), () -> RedisVersion.V7.unavailableReason().orElse(""));
        try (RedisServer server = RedisServer.builder(RedisVersion.V7).tls(false)
                .password(AbstractRotationIT.A.valueAsString()).start();
                RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                        .endpoint(server.host(), server.port()).tokenSource(TokenSources.settable(AbstractRotationIT.STALE,
                                AbstractRotationIT.A))
                        .tls(false).allowPlaintextToken(true).build());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            assertThat(client.statistics().tokenInUse()).startsWith("tokenA#");
        }
    }
}
