package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    private final TestCertificates certs = TestCertificates.shared();

    @Test
    void sharedIsOnePerJvm() {
        assertThat(TestCertificates.shared()).isSameAs(certs);
        assertThat(certs.caCertificate()).exists();
    }

    @Test
    void generateIsIdempotentPerDirectory(@TempDir Path dir) throws Exception {
        TestCertificates a = TestCertificates.generate(dir);
        assertThat(TestCertificates.generate(dir.resolve(".").normalize())).isSameAs(a);
        assertThat(Files.readString(a.server().privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(a.server().chain())).contains("BEGIN CERTIFICATE")
                .satisfies(s -> assertThat(s.split("BEGIN CERTIFICATE", -1)).hasSize(3));
    }

    @Test
    void serverCertificateIsValidForLocalhostAndSignedByTheCa() throws Exception {
        X509Certificate cert = certs.server().x509();
        cert.checkValidity();
        cert.verify(ca().getPublicKey());
        assertThat(sans(cert)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
        // serverAuth and clientAuth: Redis cluster-bus peers present it as their client certificate
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    @Test
    void expiredIsExpired() throws Exception {
        X509Certificate cert = certs.expired().x509();
        assertThatThrownBy(cert::checkValidity).isInstanceOf(CertificateExpiredException.class);
        cert.verify(ca().getPublicKey());
        assertThat(sans(cert)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }

    @Test
    void otherHostHasNoLocalhostSan() throws Exception {
        X509Certificate cert = certs.otherHost().x509();
        cert.checkValidity();
        cert.verify(ca().getPublicKey());
        assertThat(sans(cert)).containsExactly("other.example.com");
    }

    @Test
    void expiringSoonHasTenDaysLeft() throws Exception {
        X509Certificate cert = certs.expiringSoon().x509();
        cert.checkValidity();
        Duration left = Duration.between(Instant.now(), cert.getNotAfter().toInstant());
        assertThat(left).isBetween(Duration.ofDays(9), Duration.ofDays(10));
    }

    @Test
    void trustStoreHoldsOnlyTheCa() throws Exception {
        assertThat(certs.trustStore().size()).isEqualTo(1);
        assertThat(certs.trustStore().getCertificate("redis-auth-testkit-ca")).isEqualTo(ca());
        assertThat(ca().getSubjectX500Principal())
                .isNotEqualTo(readPem(certs.unrelatedCaCertificate()).getSubjectX500Principal());
    }

    private X509Certificate ca() throws Exception {
        return readPem(certs.caCertificate());
    }

    private static X509Certificate readPem(Path p) throws Exception {
        try (var in = Files.newInputStream(p)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<String> sans(X509Certificate cert) throws Exception {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names.stream().map(l -> String.valueOf(l.get(1))).collect(Collectors.toList());
    }
}
