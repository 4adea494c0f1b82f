package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS handshakes against real servers (native TLS on 6.2/7, the Netty front on 2.8). */
class TlsCertificatesIT {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void handshakeTrustingOnlyTheUnrelatedCaFails(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).tls(true).start()) {
            assertThatThrownBy(() -> RespClient.connect(server.host(), server.port(),
                    TestCertificates.sslContextTrusting(CERTS.unrelatedCaCertificate()), Duration.ofSeconds(5)))
                    .isInstanceOf(SSLException.class);
            try (RespClient ok = RespClient.connect(server.host(), server.port(), CERTS.clientSslContext(),
                    Duration.ofSeconds(5))) {
                assertThat(ok.command("PING")).isEqualTo("PONG");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void serverWithExpiredOrOtherHostCertificateFailsVerification(RedisVersion version) throws Exception {
        Available.assume(version);
        for (ServerCertificate bad : new ServerCertificate[] {CERTS.expired(), CERTS.otherHost()}) {
            try (RedisServer server = RedisServer.builder(version).certificate(bad).start()) {
                assertThat(server.tls()).isTrue();
                assertThatThrownBy(() -> RespClient.connect(server.host(), server.port(), CERTS.clientSslContext(),
                        Duration.ofSeconds(5)))
                        .as("%s", bad)
                        .isInstanceOf(SSLException.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void expiringSoonCertificateStillWorks(RedisVersion version) throws Exception {
        Available.assume(version);
        try (RedisServer server = RedisServer.builder(version).certificate(CERTS.expiringSoon()).start();
             RespClient c = RespClient.connect(server.host(), server.port(), CERTS.clientSslContext(),
                     Duration.ofSeconds(5))) {
            assertThat(c.command("PING")).isEqualTo("PONG");
        }
    }
}
