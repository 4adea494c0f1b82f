package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.testkit.HostileScripts;
import io.github.redisauth.testkit.ScriptedTlsServer;
import io.github.redisauth.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks of issue 16, each against the real CLI jar in a child JVM with {@code -Xmx256m} and
 * {@code --timeout 1s} (so the default deadline is 3s), against the testkit's {@link ScriptedTlsServer}.
 * Each asserts: exit 1 or 2, a one-line reason naming the problem, done within the deadline (plus the
 * child JVM's start), no stack trace, and the sentinel token nowhere in stdout or stderr.
 */
class VerifyHostileCliIT {

    static final String TOKEN = "SENTINEL-cli-hostile-9z";
    static final Duration DEADLINE = Duration.ofSeconds(3);
    /** JVM start and the first TLS handshake of the child, on a shared, loaded machine. */
    static final Duration SLACK = Duration.ofSeconds(6);

    @TempDir
    Path directory;

    static ScriptedTlsServer tls(ScriptedTlsServer.Script script) {
        return ScriptedTlsServer.tls(TestCertificates.shared().server(), script);
    }

    static ForkedCli verify(ScriptedTlsServer server, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "-h", server.host(), "-p", String.valueOf(server.port()),
                "--timeout", "1s", "--token-env", "REDIS_AUTH_TOKEN"));
        if (server.isTls()) {
            args.addAll(List.of("--tls", "--cacert", TestCertificates.shared().caCertificate().toString()));
        } else {
            args.add("--allow-plaintext");
        }
        args.addAll(List.of(more));
        ForkedCli run = ForkedCli.run(Map.of("REDIS_AUTH_TOKEN", TOKEN), args.toArray(String[]::new));
        assertClean(run, TOKEN);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        return run;
    }

    static void assertClean(ForkedCli run, String secret) {
        assertThat(run.exitCode()).as(run.toString()).isIn(0, 1, 2);
        assertThat(run.took()).as(run.toString()).isLessThan(DEADLINE.plus(SLACK));
        assertThat(run.all()).as(run.toString()).doesNotContain(secret)
                .doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("OutOfMemoryError")
                .doesNotContain("StackOverflowError").doesNotContain("\u001b");
        assertThat(run.out().length()).as("stdout size").isLessThan(8000);
    }

    /** @return the one stdout line of the check, e.g. {@code FAIL auth-required ...} */
    static String line(ForkedCli run, String status, String check) {
        return run.out().lines().filter(line -> line.startsWith(status + " " + check + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + status + " " + check + " line in\n" + run));
    }

    @Test
    void endlessArrayOfOne() {
        try (ScriptedTlsServer server = tls(HostileScripts.endless("", "*1\r\n"))) {
            assertThat(line(verify(server), "FAIL", "auth-required")).endsWith("reply to PING: nesting deeper than 8");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483647", "100000000"})
    void hugeArrayHeader(String count) {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply("*" + count + "\r\n"))) {
            assertThat(line(verify(server), "FAIL", "auth-required"))
                    .endsWith("reply to PING: array of " + count + " elements exceeds the limit of 1024");
        }
    }

    @Test
    void nesting100000Deep() {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply("*1\r\n".repeat(100_000) + "+x\r\n"))) {
            assertThat(line(verify(server), "FAIL", "auth-required")).endsWith("reply to PING: nesting deeper than 8");
        }
    }

    @Test
    void valid200MegabyteBulkReply() {
        try (ScriptedTlsServer server = tls(HostileScripts.endless("$209715200\r\n", "xxxxxxxxxxxxxxxx"))) {
            assertThat(line(verify(server), "FAIL", "auth-required"))
                    .endsWith("reply to PING: bulk string of 209715200 bytes exceeds the limit of 1048576");
        }
    }

    @Test
    void sshBannerWithTls() {
        try (ScriptedTlsServer server = tls(HostileScripts.speaksFirst("SSH-2.0-OpenSSH_9.6\r\n"))) {
            assertThat(line(verify(server), "FAIL", "tls-handshake"))
                    .contains("the server spoke first / sent non-TLS data: \"SSH-2.0-OpenSSH_9.6\"");
        }
    }

    @Test
    void tlsRecordDrippedByteByByte() {
        try (ScriptedTlsServer server = tls(HostileScripts.dripsTlsRecord(Duration.ofMillis(20)))) {
            assertThat(line(verify(server), "FAIL", "tls-handshake")).contains("the server spoke first / sent non-TLS data: bytes 16");
        }
    }

    @Test
    void sshBannerWithoutTls() {
        try (ScriptedTlsServer server = ScriptedTlsServer.plaintext(HostileScripts.speaksFirst("SSH-2.0-OpenSSH_9.6\r\n"))) {
            assertThat(line(verify(server), "FAIL", "auth-required"))
                    .endsWith("invalid reply to PING: unknown RESP type byte 0x53 ('S') (a RESP2 reply starts with one of + - : $ *)");
        }
    }

    @Test
    void ansiEscapesInAnErrorReply() {
        try (ScriptedTlsServer server = tls(HostileScripts.replies(command -> "-ERR \u001b[2J\u001b]0;owned\u0007\r\n".getBytes()))) {
            assertThat(line(verify(server), "FAIL", "auth-required")).endsWith("unexpected reply to PING: -ERR ?[2J?]0;owned?");
        }
    }

    @Test
    void sixtyKilobyteErrorIsTruncated() {
        String error = "-ERR " + "y".repeat(60_000) + "\r\n";
        try (ScriptedTlsServer server = tls(HostileScripts.replies(command -> error.getBytes()))) {
            ForkedCli run = verify(server);
            assertThat(line(run, "FAIL", "auth-required")).endsWith("... (60005 characters, first 200 shown)");
            assertThat(run.out().length()).isLessThan(3000);
        }
    }

    @Test
    void answeringEachStepJustInsideTheTimeoutMeetsTheDeadline() {
        try (ScriptedTlsServer server = tls(HostileScripts.slowRedis(TOKEN, Duration.ofMillis(900)))) {
            ForkedCli run = verify(server);
            assertThat(run.out()).contains("the overall deadline of 3s (--deadline) passed");
        }
    }

    @Test
    void debugRunAgainstServersEchoingTheTokenNeverPrintsIt() {
        for (ScriptedTlsServer.Script script : List.of(HostileScripts.echoesToken(TOKEN),
                HostileScripts.fakeRedis(TOKEN, HostileScripts.bulk("# Server\r\nredis_version:7.0.15\r\nrequirepass:" + TOKEN + "\r\n")),
                HostileScripts.fakeRedis(TOKEN, HostileScripts.bulk("# Server\r\nredis_version:" + TOKEN + "\r\n")),
                HostileScripts.replies(command -> ("-ERR you said " + String.join(" ", command) + " and " + TOKEN + "\r\n").getBytes()))) {
            try (ScriptedTlsServer server = tls(script)) {
                for (String format : List.of("--debug", "--json")) { // --debug alone (text), and with --json
                    List<String> args = new ArrayList<>(List.of("verify", "-h", server.host(), "-p", String.valueOf(server.port()),
                            "--timeout", "1s", "--token-env", "REDIS_AUTH_TOKEN", "--tls", "--cacert",
                            TestCertificates.shared().caCertificate().toString(), format, "--debug",
                            "--junit", directory.resolve("report.xml").toString()));
                    if (format.equals("--debug")) {
                        args.remove(args.lastIndexOf("--debug"));
                    }
                    ForkedCli run = ForkedCli.run(Map.of("REDIS_AUTH_TOKEN", TOKEN), args.toArray(String[]::new));
                    assertClean(run, TOKEN);
                    assertThat(run.err()).as("--debug logs").contains("DEBUG");
                    for (String line : run.all().split("\n")) {
                        assertThat(line).doesNotContain(TOKEN);
                    }
                    assertThat(readString(directory.resolve("report.xml"))).doesNotContain(TOKEN);
                }
            }
        }
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tokenValueGivenToTokenEnvOrTokenFile() {
        for (String option : List.of("--token-env", "--token-file")) {
            ForkedCli run = ForkedCli.run(Map.of(), "verify", "--tls", option, TOKEN);
            assertClean(run, TOKEN);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void tokenInUriUserInfo() {
        ForkedCli run = ForkedCli.run(Map.of(), "verify", "-u", "rediss://" + TOKEN + ":@localhost:6390");
        assertClean(run, TOKEN);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("redis-auth verify: invalid --uri: a user name is not supported (user-info is never printed)");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void tokenWithoutTlsNeedsConsent() {
        ForkedCli run = ForkedCli.run(Map.of("REDIS_AUTH_TOKEN", TOKEN), "verify", "-p", "6390", "--token-env", "REDIS_AUTH_TOKEN");
        assertClean(run, TOKEN);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("redis-auth verify: " + VerifyCommand.PLAINTEXT_REFUSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SENTINEL-short1", "SENTINEL-129", "SENTINEL with space", "SENTINEL-newline\nline2", "SENTINEL-non-ascii-é-x"})
    void tokensBreakingElastiCacheRulesAreNamedNeverShown(String value) {
        String token = value.equals("SENTINEL-129") ? "SENTINEL-" + "x".repeat(120) : value;
        AuthToken parsed = AuthToken.of("env:REDIS_AUTH_TOKEN", token);
        try (ScriptedTlsServer server = tls(HostileScripts.fakeRedis(token, HostileScripts.bulk("redis_version:7.0.15\r\n")))) {
            ForkedCli run = ForkedCli.run(Map.of("REDIS_AUTH_TOKEN", token), "verify", "-h", server.host(), "-p",
                    String.valueOf(server.port()), "--timeout", "1s", "--token-env", "REDIS_AUTH_TOKEN", "--tls", "--cacert",
                    TestCertificates.shared().caCertificate().toString());
            assertClean(run, token);
            for (String part : token.split("\n")) {
                assertThat(run.all()).doesNotContain(part.length() > 12 ? part : token);
            }
            // The report says WARN; the command exits 1, as a token ElastiCache refuses must not pass a pipeline.
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(line(run, "WARN", "token-rules")).contains("env:REDIS_AUTH_TOKEN#" + parsed.fingerprint() + " breaks ElastiCache's rule")
                    .contains(parsed.violations().iterator().next().description());
        }
    }

    @Test
    void junitFileThatCannotBeWritten() {
        ForkedCli run = ForkedCli.run(Map.of(), "verify", "--junit", "/proc/x.xml", "-p", "6390");
        assertClean(run, TOKEN);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("redis-auth verify: cannot write --junit /proc/x.xml: ").doesNotEndWith("/proc/x.xml");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$-5\r\n", "$99999999999999999999\r\n", "\u0000garbage\r\n", "%1\r\n+a\r\n+b\r\n", "~1\r\n+a\r\n",
            ">2\r\n+message\r\n+x\r\n", "_\r\n", "+OK\n"})
    void malformedReplies(String raw) {
        try (ScriptedTlsServer server = tls(HostileScripts.firstReply(raw))) {
            assertThat(line(verify(server), "FAIL", "auth-required")).contains("invalid reply to PING: ");
        }
    }

    @Test
    void endlessLineWithoutCrlf() {
        try (ScriptedTlsServer server = tls(HostileScripts.endless("+", "zzzzzzzzzzzzzzzz"))) {
            assertThat(line(verify(server), "FAIL", "auth-required")).endsWith("reply to PING: line without CRLF within 65536 bytes");
        }
    }

    @Test
    void twoMegabyteInfoReply() {
        try (ScriptedTlsServer server = tls(HostileScripts.fakeRedis(TOKEN, HostileScripts.bulk("x".repeat(2_000_000))))) {
            assertThat(line(verify(server), "FAIL", "server-version"))
                    .endsWith("reply to INFO: bulk string of 2000000 bytes exceeds the limit of 1048576");
        }
    }

    @Test
    void tlsServerClosingAfterTheHandshake() {
        try (ScriptedTlsServer server = tls(HostileScripts.closesAfterHandshake())) {
            assertThat(line(verify(server), "FAIL", "auth-required")).endsWith("server closed the connection instead of answering PING");
        }
    }

    @Test
    void deadlineShorterThanTimeoutIsAConfigurationError() {
        ForkedCli run = ForkedCli.run(Map.of(), "verify", "--timeout", "3s", "--deadline", "2s");
        assertClean(run, TOKEN);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("redis-auth verify: --deadline 2s is shorter than --timeout 3s: "
                + "the deadline bounds the whole run and must be at least one step's timeout");
    }
}
