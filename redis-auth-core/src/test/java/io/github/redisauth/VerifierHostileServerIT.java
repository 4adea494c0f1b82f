package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.testkit.HostileScripts;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.ScriptedTlsServer;
import io.github.redisauth.testkit.TestCertificates;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Verifier#verify} against hostile servers (the testkit's {@link ScriptedTlsServer}): every
 * case ends as a FAIL of the right check with a one-line reason, within the deadline, never as an
 * exception, and never shows the (sentinel) token, in the report or in any log line.
 */
class VerifierHostileServerIT {

    static final String TOKEN = "SENTINEL-hostile-token-42";
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEADLINE = Duration.ofSeconds(3);
    static final Duration SLACK = Duration.ofMillis(1500);

    static VerificationReport verify(ScriptedTlsServer server) {
        VerifierSettings settings = VerifierSettings.builder().host(server.host()).port(server.port()).tls(server.isTls())
                .caCertificate(server.isTls() ? TestCertificates.shared().caCertificate() : null)
                .tokens(TokenSet.of(AuthToken.of("env:T", TOKEN))).timeout(TIMEOUT).deadline(DEADLINE).build();
        long start = System.nanoTime();
        VerificationReport report;
        try (LogCapture logs = LogCapture.allLevels("io.github.redisauth")) {
            report = Verifier.verify(settings);
            assertThat(logs.text()).doesNotContain(TOKEN);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("run time").isLessThan(DEADLINE.plus(SLACK));
        assertThat(report.toString()).doesNotContain(TOKEN);
        assertThat(report.passed()).as(report.toString()).isFalse();
        for (CheckResult check : report.checks()) {
            assertThat(check.detail()).doesNotContain("\n", "\r", "\u001b").hasSizeLessThanOrEqualTo(1100);
        }
        return report;
    }

    static ScriptedTlsServer tls(ScriptedTlsServer.Script script) {
        return ScriptedTlsServer.tls(TestCertificates.shared().server(), script);
    }

    static String detail(VerificationReport report, CheckId check) {
        return report.results(check).stream().map(CheckResult::detail).collect(Collectors.joining(" | "));
    }

    static CheckStatus status(VerificationReport report, CheckId check) {
        return report.results(check).get(0).status();
    }

    @Test
    void endlessArrayOfOneIsCutAtTheNestingBound() {
        try (ScriptedTlsServer server = tls(HostileScripts.endless("", "*1\r\n"))) {
            VerificationReport report = verify(server);
            assertThat(status(report, CheckId.AUTH_REQUIRED)).isEqualTo(CheckStatus.FAIL);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).isEqualTo("reply to PING: nesting deeper than 8");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {2147483647L, 100000000L})
    void hugeArrayHeaderIsRefusedBeforeAllocation(long count) {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply("*" + count + "\r\n"))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED))
                    .isEqualTo("reply to PING: array of " + count + " elements exceeds the limit of 1024");
        }
    }

    @Test
    void deepNestingIsCutWithoutStackOverflow() {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply("*1\r\n".repeat(100_000) + "+x\r\n"))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).isEqualTo("reply to PING: nesting deeper than 8");
        }
    }

    @Test
    void validHugeBulkReplyIsRefused() {
        try (ScriptedTlsServer server = tls(HostileScripts.endless("$209715200\r\n", "xxxxxxxxxxxxxxxx"))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED))
                    .isEqualTo("reply to PING: bulk string of 209715200 bytes exceeds the limit of 1048576");
        }
    }

    @Test
    void serverSpeakingFirstWithTlsIsATlsHandshakeFailure() {
        try (ScriptedTlsServer server = tls(HostileScripts.speaksFirst("SSH-2.0-OpenSSH_9.6\r\n"))) {
            VerificationReport report = verify(server);
            assertThat(status(report, CheckId.TLS_HANDSHAKE)).isEqualTo(CheckStatus.FAIL);
            assertThat(detail(report, CheckId.TLS_HANDSHAKE))
                    .startsWith("the server spoke first / sent non-TLS data: \"SSH-2.0-OpenSSH_9.6\"");
            assertThat(status(report, CheckId.AUTH_TOKEN)).isEqualTo(CheckStatus.SKIP);
        }
    }

    @Test
    void tlsRecordDrippedFirstIsATlsHandshakeFailure() {
        try (ScriptedTlsServer server = tls(HostileScripts.dripsTlsRecord(Duration.ofMillis(20)))) {
            VerificationReport report = verify(server);
            assertThat(status(report, CheckId.TLS_HANDSHAKE)).isEqualTo(CheckStatus.FAIL);
            assertThat(detail(report, CheckId.TLS_HANDSHAKE)).startsWith("the server spoke first / sent non-TLS data: bytes 16");
        }
    }

    @Test
    void serverSpeakingFirstWithoutTlsIsAnAuthRequiredFailure() {
        try (ScriptedTlsServer server = ScriptedTlsServer.plaintext(HostileScripts.speaksFirst("SSH-2.0-OpenSSH_9.6\r\n"))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED))
                    .isEqualTo("invalid reply to PING: unknown RESP type byte 0x53 ('S') (a RESP2 reply starts with one of + - : $ *)");
        }
    }

    @Test
    void ansiEscapesInAnErrorNeverReachTheReport() {
        try (ScriptedTlsServer server = tls(HostileScripts.replies(command -> "-ERR \u001b[2J\u001b[31mred\u0007\r\n".getBytes()))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).isEqualTo("unexpected reply to PING: -ERR ?[2J?[31mred?");
        }
    }

    @Test
    void longErrorIsTruncatedWithItsLengthSaid() {
        String error = "-ERR " + "x".repeat(60_000) + "\r\n";
        try (ScriptedTlsServer server = tls(HostileScripts.replies(command -> error.getBytes()))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).startsWith("unexpected reply to PING: -ERR xxx")
                    .endsWith("... (60005 characters, first 200 shown)").hasSizeLessThan(300);
            assertThat(report.toString()).hasSizeLessThan(5000);
        }
    }

    @Test
    void serverAnsweringEachStepJustInsideTheTimeoutMeetsTheDeadline() {
        try (ScriptedTlsServer server = tls(HostileScripts.slowRedis(TOKEN, Duration.ofMillis(900)))) {
            VerificationReport report = verify(server);
            assertThat(report.toString()).contains("the overall deadline of 3s (--deadline) passed");
            assertThat(report.checks().stream().filter(check -> check.status() == CheckStatus.FAIL).map(CheckResult::detail))
                    .anyMatch(text -> text.contains("the overall deadline of 3s (--deadline) passed"));
            assertThat(report.checks()).extracting(CheckResult::check).contains(CheckId.SERVER_VERSION);
        }
    }

    @Test
    void tokenEchoedByTheServerIsRedactedInReportAndLogs() {
        try (ScriptedTlsServer server = tls(HostileScripts.echoesToken(TOKEN))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).contains("<env:T#");
            assertThat(detail(report, CheckId.PING)).contains("<env:T#");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"$-5\r\n", "$99999999999999999999\r\n", "\u0000\u0001garbage\r\n", "%1\r\n+a\r\n+b\r\n",
            "~1\r\n+a\r\n", ">2\r\n+message\r\n+x\r\n", ":99999999999999999999\r\n", "+OK\n"})
    void malformedRepliesAreOneLineFailures(String raw) {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply(raw))) {
            VerificationReport report = verify(server);
            assertThat(status(report, CheckId.AUTH_REQUIRED)).isEqualTo(CheckStatus.FAIL);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).startsWith("invalid reply to PING: ");
        }
    }

    @Test
    void endlessLineWithoutCrlfIsCutAtTheLineBound() {
        try (ScriptedTlsServer server = tls(HostileScripts.endless("-ERR ", "aaaaaaaaaaaaaaaa"))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).isEqualTo("reply to PING: line without CRLF within 65536 bytes");
        }
    }

    @Test
    void hugeInfoReplyFailsServerVersionOnly() {
        try (ScriptedTlsServer server = tls(HostileScripts.fakeRedis(TOKEN, HostileScripts.bulk("x".repeat(2_000_000))))) {
            VerificationReport report = verify(server);
            assertThat(status(report, CheckId.AUTH_REQUIRED)).isEqualTo(CheckStatus.PASS);
            assertThat(status(report, CheckId.PING)).isEqualTo(CheckStatus.PASS);
            assertThat(detail(report, CheckId.SERVER_VERSION))
                    .isEqualTo("reply to INFO: bulk string of 2000000 bytes exceeds the limit of 1048576");
        }
    }

    @Test
    void tokenCutByAnExcerptIsRedactedToo() {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply("$" + TOKEN + "\r\n"))) {
            VerificationReport report = verify(server);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).isEqualTo("invalid reply to PING: malformed bulk string length \"<part of env:T#"
                    + AuthToken.of("env:T", TOKEN).fingerprint() + ">...\"");
            assertThat(report.toString()).doesNotContain(TOKEN.substring(0, 12));
        }
    }

    @Test
    void tokenGivenAsRedisVersionNeverReachesTheReport() {
        try (ScriptedTlsServer server = tls(HostileScripts.fakeRedis(TOKEN, HostileScripts.bulk("redis_version:" + TOKEN + "\r\n")))) {
            VerifierSettings settings = VerifierSettings.builder().host(server.host()).port(server.port())
                    .caCertificate(TestCertificates.shared().caCertificate()).tokens(TokenSet.of(AuthToken.of("env:T", TOKEN)))
                    .timeout(TIMEOUT).build();
            VerificationReport report = Verifier.verify(settings);
            assertThat(report.serverVersion()).hasValueSatisfying(version -> assertThat(version).doesNotContain(TOKEN));
            assertThat(report.toString()).doesNotContain(TOKEN);
            assertThat(report.controls()).containsEntry(VerificationReport.ELASTICACHE_6, ControlVerdict.UNKNOWN);
        }
    }

    @Test
    void tlsServerClosingAfterTheHandshakeFailsAuthRequired() {
        try (ScriptedTlsServer server = tls(HostileScripts.closesAfterHandshake())) {
            VerificationReport report = verify(server);
            assertThat(status(report, CheckId.TLS_HANDSHAKE)).isEqualTo(CheckStatus.PASS);
            assertThat(detail(report, CheckId.AUTH_REQUIRED)).isEqualTo("server closed the connection instead of answering PING");
        }
    }

    @Test
    void anUnexpectedExceptionInACheckIsThatChecksFailNotAnEscapedException() {
        java.time.Clock broken = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                throw new IllegalStateException("clock\nbroken");
            }
        };
        try (ScriptedTlsServer server = tls(HostileScripts.fakeRedis(TOKEN, HostileScripts.bulk("redis_version:7.0.15\r\n")))) {
            VerificationReport report = Verifier.verify(VerifierSettings.builder().host(server.host()).port(server.port())
                    .caCertificate(TestCertificates.shared().caCertificate()).tokens(TokenSet.of(AuthToken.of("env:T", TOKEN)))
                    .timeout(TIMEOUT).clock(broken).build());
            assertThat(status(report, CheckId.TLS_HANDSHAKE)).isEqualTo(CheckStatus.FAIL);
            assertThat(detail(report, CheckId.TLS_HANDSHAKE)).isEqualTo("the check failed unexpectedly: IllegalStateException: clock?broken");
            assertThat(detail(report, CheckId.AUTH_TOKEN)).isEqualTo("env:T#" + AuthToken.of("env:T", TOKEN).fingerprint()
                    + " not run: tls-handshake failed unexpectedly");
            assertThat(report.checks()).hasSize(CheckId.values().length);
            assertThat(report.passed()).isFalse();
        }
    }

    @Test
    void tokenBreakingElastiCacheRulesIsAWarningNamingTheRule() {
        try (ScriptedTlsServer server = tls(HostileScripts.fakeRedis("short token", HostileScripts.bulk("redis_version:5.0.6\r\n")))) {
            VerifierSettings settings = VerifierSettings.builder().host(server.host()).port(server.port())
                    .caCertificate(TestCertificates.shared().caCertificate())
                    .tokens(TokenSet.of(AuthToken.of("arg", "short token"))).timeout(TIMEOUT).build();
            VerificationReport report = Verifier.verify(settings);
            CheckResult rules = report.results(CheckId.TOKEN_RULES).get(0);
            assertThat(rules.status()).isEqualTo(CheckStatus.WARN);
            assertThat(rules.detail()).startsWith("arg#" + AuthToken.of("arg", "short token").fingerprint()
                    + " breaks ElastiCache's rules \"at least 16 characters\", \"no special characters other than ! & # $ ^ < > -\"");
            assertThat(report.toString()).doesNotContain("short token");
            assertThat(report.passed()).as(report.toString()).isTrue();
            assertThat(report.controls()).containsEntry(VerificationReport.ELASTICACHE_6, ControlVerdict.PASS);
        }
    }
}
