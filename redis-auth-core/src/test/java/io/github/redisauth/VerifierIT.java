package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The verifier against real servers: Redis 2.8.19 (behind the testkit's TLS front), 6.2 and 7.x.
 * Tokens are sentinels: the tests prove they never appear in a report.
 */
class VerifierIT {

    static final String TOKEN = "SENTINEL-verify-token-7";
    static final String OLD_TOKEN = "SENTINEL-verify-old-token-1";
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    static TestCertificates certificates() {
        return TestCertificates.shared();
    }

    static void assumeAvailable(RedisVersion version) {
        if (!version.isAvailable()) {
            System.out.println("skipping Redis " + version + ": " + version.unavailableReason().orElse(""));
        }
        assumeTrue(version.isAvailable(), () -> "Redis " + version + ": " + version.unavailableReason().orElse(""));
    }

    static RedisServer tlsServer(RedisVersion version, String... passwords) throws Exception {
        var builder = RedisServer.builder(version).tls(true).certificate(certificates().server());
        if (passwords.length > 0) {
            builder = builder.passwords(passwords);
        }
        return builder.start();
    }

    static VerifierSettings.Builder settings(RedisServer server, AuthToken... tokens) {
        return VerifierSettings.builder().host(server.host()).port(server.port()).tls(server.tls())
                .caCertificate(server.tls() ? certificates().caCertificate() : null)
                .tokens(TokenSet.of(tokens)).timeout(TIMEOUT);
    }

    static AuthToken token(String label, String value) {
        return AuthToken.of(label, value);
    }

    static String statuses(VerificationReport report) {
        return report.checks().stream().map(check -> check.id() + "=" + check.status()).collect(Collectors.joining(" "));
    }

    static void assertNoSecret(VerificationReport report) {
        assertThat(report.toString()).doesNotContain(TOKEN).doesNotContain(OLD_TOKEN);
        for (CheckResult check : report.checks()) {
            assertThat(check.detail()).doesNotContain(TOKEN).doesNotContain(OLD_TOKEN);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void passwordSetAndTokenAccepted(RedisVersion version) throws Exception {
        assumeAvailable(version);
        try (RedisServer server = tlsServer(version, TOKEN)) {
            VerificationReport report = Verifier.verify(settings(server, token("env:REDIS_AUTH_TOKEN", TOKEN)).build());
            assertThat(statuses(report)).isEqualTo("token-rules=PASS tcp-connect=PASS tls-handshake=PASS tls-hostname=PASS "
                    + "tls-certificate-expiry=PASS auth-required=PASS auth-token=PASS wrong-token-rejected=PASS ping=PASS "
                    + "server-version=PASS");
            assertThat(report.passed()).isTrue();
            assertThat(report.serverVersion()).contains(server.versionString());
            assertThat(report.results(CheckId.AUTH_TOKEN).get(0).detail()).matches("env:REDIS_AUTH_TOKEN#[0-9a-f]{8} accepted");
            assertThat(report.controls().get(VerificationReport.ELASTICACHE_6))
                    .isEqualTo(version == RedisVersion.V2_8 ? ControlVerdict.PASS : ControlVerdict.NOT_APPLICABLE);
            assertNoSecret(report);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void noPasswordSetMeansAuthIsNotEnforced(RedisVersion version) throws Exception {
        assumeAvailable(version);
        try (RedisServer server = tlsServer(version)) {
            VerificationReport report = Verifier.verify(settings(server, token("arg", TOKEN)).build());
            CheckResult authRequired = report.results(CheckId.AUTH_REQUIRED).get(0);
            assertThat(authRequired.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(authRequired.detail()).startsWith("AUTH is not enforced").contains("ROTATE without SET");
            assertThat(report.results(CheckId.AUTH_TOKEN).get(0).detail()).contains("no password set");
            assertThat(report.results(CheckId.WRONG_TOKEN_REJECTED).get(0).status()).isEqualTo(CheckStatus.FAIL);
            assertThat(report.results(CheckId.SERVER_VERSION).get(0).status()).isEqualTo(CheckStatus.PASS);
            assertThat(report.controls().get(VerificationReport.ELASTICACHE_6))
                    .isEqualTo(version == RedisVersion.V2_8 ? ControlVerdict.FAIL : ControlVerdict.NOT_APPLICABLE);
            assertThat(report.passed()).isFalse();
            assertNoSecret(report);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void twoTokensWithEachExpectation(RedisVersion version) throws Exception {
        assumeAvailable(version);
        AuthToken fresh = token("env:NEW", TOKEN);
        AuthToken old = token("env:OLD", OLD_TOKEN);
        try (RedisServer server = tlsServer(version, OLD_TOKEN, TOKEN)) {
            VerifierSettings.Builder base = settings(server, fresh, old);
            VerificationReport rotate = Verifier.verify(base.expectation(TokenExpectation.ROTATE).build());
            assertThat(rotate.passed()).as(rotate.toString()).isTrue();
            assertThat(rotate.results(CheckId.AUTH_TOKEN)).extracting(CheckResult::status)
                    .containsExactly(CheckStatus.PASS, CheckStatus.PASS);

            VerificationReport setTooEarly = Verifier.verify(base.expectation(TokenExpectation.SET).build());
            assertThat(setTooEarly.passed()).isFalse();
            assertThat(setTooEarly.results(CheckId.AUTH_TOKEN).get(1).detail()).startsWith("env:OLD#").contains("still accepted");

            VerificationReport enforced = Verifier.verify(base.expectation(TokenExpectation.ENFORCED).build());
            assertThat(enforced.passed()).isTrue();

            server.setPasswords(TOKEN);
            VerificationReport set = Verifier.verify(base.expectation(TokenExpectation.SET).build());
            assertThat(set.passed()).as(set.toString()).isTrue();
            assertThat(set.results(CheckId.AUTH_TOKEN).get(1).detail()).contains("rejected, as expected after SET");

            VerificationReport rotateAfterSet = Verifier.verify(base.expectation(TokenExpectation.ROTATE).build());
            assertThat(rotateAfterSet.passed()).isFalse();
            List.of(rotate, setTooEarly, enforced, set, rotateAfterSet).forEach(VerifierIT::assertNoSecret);
        }
    }

    @Test
    void setOnRedis28RejectsTheOldToken() throws Exception {
        assumeAvailable(RedisVersion.V2_8);
        try (RedisServer server = tlsServer(RedisVersion.V2_8, TOKEN)) {
            VerificationReport set = Verifier.verify(settings(server, token("new", TOKEN), token("old", OLD_TOKEN))
                    .expectation(TokenExpectation.SET).build());
            assertThat(set.passed()).as(set.toString()).isTrue();
            assertThat(set.results(CheckId.AUTH_TOKEN).get(1).detail()).contains("-ERR invalid password");
        }
    }

    @Test
    void untrustedCa() throws Exception {
        RedisVersion version = firstAvailable();
        try (RedisServer server = tlsServer(version, TOKEN)) {
            VerificationReport report = Verifier.verify(settings(server, token("arg", TOKEN))
                    .caCertificate(certificates().unrelatedCaCertificate()).build());
            CheckResult handshake = report.results(CheckId.TLS_HANDSHAKE).get(0);
            assertThat(handshake.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(handshake.detail()).startsWith("untrusted certificate chain: ");
            assertThat(report.results(CheckId.TLS_HOSTNAME).get(0).status()).isEqualTo(CheckStatus.PASS);
            assertThat(report.results(CheckId.AUTH_TOKEN).get(0).status()).isEqualTo(CheckStatus.SKIP);
            assertNoSecret(report);
        }
    }

    @Test
    void wrongHostNameAndSni() throws Exception {
        RedisVersion version = firstAvailable();
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates().otherHost())
                .password(TOKEN).start()) {
            VerificationReport report = Verifier.verify(settings(server, token("arg", TOKEN)).build());
            assertThat(report.results(CheckId.TLS_HANDSHAKE).get(0).status()).isEqualTo(CheckStatus.PASS);
            CheckResult hostname = report.results(CheckId.TLS_HOSTNAME).get(0);
            assertThat(hostname.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(hostname.detail()).contains("does not match localhost").contains("DNS:other.example.com");
            assertThat(report.results(CheckId.PING).get(0).status()).isEqualTo(CheckStatus.SKIP);

            VerificationReport withSni = Verifier.verify(settings(server, token("arg", TOKEN)).sniName("other.example.com").build());
            assertThat(withSni.passed()).as(withSni.toString()).isTrue();

            VerificationReport insecure = Verifier.verify(settings(server, token("arg", TOKEN)).caCertificate(null).insecure(true).build());
            assertThat(insecure.results(CheckId.TLS_HANDSHAKE).get(0).status()).isEqualTo(CheckStatus.WARN);
            assertThat(insecure.results(CheckId.TLS_HOSTNAME).get(0).status()).isEqualTo(CheckStatus.SKIP);
            assertThat(insecure.passed()).isTrue();
        }
    }

    @Test
    void expiredAndExpiringCertificates() throws Exception {
        RedisVersion version = firstAvailable();
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates().expired()).password(TOKEN).start()) {
            VerificationReport report = Verifier.verify(settings(server, token("arg", TOKEN)).build());
            assertThat(report.results(CheckId.TLS_HANDSHAKE).get(0).status()).as(report.toString()).isEqualTo(CheckStatus.PASS);
            CheckResult expiry = report.results(CheckId.TLS_CERTIFICATE_EXPIRY).get(0);
            assertThat(expiry.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(expiry.detail()).contains("expired on");
            assertThat(report.results(CheckId.AUTH_REQUIRED).get(0).status()).isEqualTo(CheckStatus.SKIP);
        }
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates().expiringSoon()).password(TOKEN).start()) {
            VerificationReport report = Verifier.verify(settings(server, token("arg", TOKEN)).build());
            CheckResult expiry = report.results(CheckId.TLS_CERTIFICATE_EXPIRY).get(0);
            assertThat(expiry.status()).isEqualTo(CheckStatus.WARN);
            assertThat(expiry.detail()).contains("days left");
            assertThat(report.passed()).isTrue();
        }
    }

    @Test
    void plaintextServerGivenTls() throws Exception {
        RedisVersion version = firstAvailable();
        try (RedisServer server = RedisServer.builder(version).tls(false).password(TOKEN).start()) {
            VerificationReport report = Verifier.verify(VerifierSettings.builder().host(server.host()).port(server.port())
                    .tls(true).tokens(TokenSet.of(token("arg", TOKEN))).timeout(Duration.ofSeconds(1)).build());
            CheckResult handshake = report.results(CheckId.TLS_HANDSHAKE).get(0);
            assertThat(handshake.status()).isEqualTo(CheckStatus.FAIL);
            assertThat(handshake.detail()).startsWith("server answered in plaintext: is TLS enabled on this endpoint? (--tls)");
            assertNoSecret(report);
        }
    }

    @Test
    void closedPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        VerificationReport report = Verifier.verify(VerifierSettings.builder().host("127.0.0.1").port(port).tls(true)
                .tokens(TokenSet.of(token("arg", TOKEN))).timeout(Duration.ofSeconds(1)).build());
        assertThat(report.results(CheckId.TCP_CONNECT).get(0).detail()).contains("refused");
        assertThat(report.checks()).hasSize(CheckId.values().length);
        assertThat(report.results(CheckId.TOKEN_RULES).get(0).status()).isEqualTo(CheckStatus.PASS);
        assertThat(report.checks().subList(2, report.checks().size())).allMatch(check -> check.status() == CheckStatus.SKIP);
    }

    @Test
    void serverThatNeverAnswersEndsWithinTheTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (boolean tls : new boolean[] {false, true}) {
                long start = System.nanoTime();
                VerificationReport report = Verifier.verify(VerifierSettings.builder().host("127.0.0.1").port(silent.getLocalPort())
                        .tls(tls).tokens(TokenSet.of(token("arg", TOKEN))).timeout(timeout).build());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(report.passed()).isFalse();
                CheckId failing = tls ? CheckId.TLS_HANDSHAKE : CheckId.AUTH_REQUIRED;
                assertThat(report.results(failing).get(0).detail()).contains("within 500ms");
                // connect + one silent step (+ the plaintext probe after a TLS timeout), with generous slack
                assertThat(took).as("tls=" + tls + " took " + took).isLessThan(Duration.ofMillis(3 * 500 + 2000));
            }
        }
    }

    static RedisVersion firstAvailable() {
        for (RedisVersion version : List.of(RedisVersion.V7, RedisVersion.V6_2, RedisVersion.V2_8)) {
            if (version.isAvailable()) {
                return version;
            }
        }
        assumeTrue(false, "no Redis server available");
        throw new AssertionError();
    }

}
