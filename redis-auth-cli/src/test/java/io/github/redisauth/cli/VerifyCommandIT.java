package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code redis-auth verify} in-process (picocli {@code CommandLine.execute}) against real servers.
 * Also captures {@code System.out}/{@code System.err} (where logging goes) to prove that no token
 * value is ever printed, in text, JSON, JUnit XML or --debug logs.
 */
class VerifyCommandIT {

    static final String TOKEN = "SENTINEL-verify-token-7";
    static final String OLD_TOKEN = "SENTINEL-verify-old-token-1";

    @TempDir
    Path directory;

    static RedisVersion firstAvailable() {
        for (RedisVersion version : List.of(RedisVersion.V7, RedisVersion.V6_2, RedisVersion.V2_8)) {
            if (version.isAvailable()) {
                return version;
            }
            System.out.println("Redis " + version + " unavailable: " + version.unavailableReason().orElse(""));
        }
        assumeTrue(false, "no Redis server available");
        throw new AssertionError();
    }

    /** Runs the CLI with System.out/err captured too (logback writes there). */
    static CliRun runCapturingSystemStreams(Map<String, String> environment, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream systemBytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(systemBytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        CliRun run;
        try {
            run = CliRun.run(environment, args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.github.redisauth")).setLevel(null);
        }
        return new CliRun(run.exitCode(), run.out(), run.err() + "\n[system streams]\n" + systemBytes.toString(StandardCharsets.UTF_8));
    }

    static String[] args(RedisServer server, String... more) {
        List<String> all = new ArrayList<>(List.of("verify", "-h", server.host(), "-p", String.valueOf(server.port()), "--timeout", "2s"));
        if (server.tls()) {
            all.addAll(List.of("--tls", "--cacert", TestCertificates.shared().caCertificate().toString()));
        }
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void passesOnEveryVersionAndNeverPrintsTheToken(RedisVersion version) throws Exception {
        if (!version.isAvailable()) {
            System.out.println("skipping Redis " + version + ": " + version.unavailableReason().orElse(""));
        }
        assumeTrue(version.isAvailable(), () -> version.unavailableReason().orElse(""));
        Path junit = directory.resolve("junit-" + version + ".xml");
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(TestCertificates.shared().server())
                .password(TOKEN).start()) {
            CliRun json = runCapturingSystemStreams(Map.of("REDIS_AUTH_TOKEN", TOKEN),
                    args(server, "--token-env", "REDIS_AUTH_TOKEN", "--json", "--junit", junit.toString(), "--debug"));
            assertThat(json.exitCode()).as(json.all()).isZero();
            assertThat(json.out().strip().lines()).hasSize(1);
            assertThat(json.out()).startsWith("{\"target\":{\"host\":\"localhost\",\"port\":" + server.port() + ",\"tls\":true},"
                    + "\"server\":{\"version\":\"" + server.versionString() + "\"},\"checks\":[{\"id\":\"token-rules\",\"status\":\"PASS\"")
                    .contains("\"ElastiCache.6\":\"" + (version == RedisVersion.V2_8 ? "PASS" : "NOT_APPLICABLE") + "\"")
                    .endsWith("\"result\":\"PASS\"}\n");
            String xml = Files.readString(junit);
            assertThat(xml).contains("tests=\"10\"").contains("failures=\"0\"").contains("name=\"auth-token env:REDIS_AUTH_TOKEN#");
            assertThat(json.all() + xml).doesNotContain(TOKEN);
            assertThat(json.all()).contains("DEBUG"); // --debug really logged, and still no token

            // a URI token (preferred, accepted) and an -a token (the other, not judged with --expect enforced)
            CliRun text = runCapturingSystemStreams(Map.of(), "verify", "-u", "rediss://:" + TOKEN + "@" + server.host() + ":"
                    + server.port(), "--cacert", TestCertificates.shared().caCertificate().toString(), "-a", OLD_TOKEN);
            assertThat(text.exitCode()).as(text.all()).isZero();
            assertThat(text.out()).contains("PASS auth-token").contains("uri#").contains("arg#").contains("result: PASS")
                    .doesNotContain("\u001b[");
            assertThat(text.err()).contains("process list");
            assertThat(text.all()).doesNotContain(TOKEN).doesNotContain(OLD_TOKEN);
        }
    }

    @Test
    void authNotEnforcedFails() throws Exception {
        RedisVersion version = firstAvailable();
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(TestCertificates.shared().server()).start()) {
            CliRun run = CliRun.run(args(server));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL auth-required").contains("AUTH is not enforced");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = {"V6_2", "V7"})
    void expectRotateThenSet(RedisVersion version) throws Exception {
        assumeTrue(version.isAvailable(), () -> version.unavailableReason().orElse(""));
        Map<String, String> environment = Map.of("NEW", TOKEN, "OLD", OLD_TOKEN);
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(TestCertificates.shared().server())
                .passwords(OLD_TOKEN, TOKEN).start()) {
            assertThat(CliRun.run(environment, args(server, "--token-env", "NEW", "--token-env", "OLD", "--expect", "rotate")).exitCode())
                    .isZero();
            CliRun early = CliRun.run(environment, args(server, "--token-env", "NEW", "--token-env", "OLD", "--expect", "set"));
            assertThat(early.exitCode()).isEqualTo(1);
            assertThat(early.out()).contains("env:OLD#").contains("still accepted");
            server.setPasswords(TOKEN);
            CliRun set = CliRun.run(environment, args(server, "--token-env", "NEW", "--token-env", "OLD", "--expect", "set"));
            assertThat(set.exitCode()).as(set.out()).isZero();
            assertThat(CliRun.run(environment, args(server, "--token-env", "NEW", "--token-env", "OLD", "--expect", "rotate")).exitCode())
                    .isEqualTo(1);
            assertThat(early.all() + set.all()).doesNotContain(TOKEN).doesNotContain(OLD_TOKEN);
        }
    }

    @Test
    void tlsFailuresEachHaveTheirOwnCheck() throws Exception {
        RedisVersion version = firstAvailable();
        TestCertificates certificates = TestCertificates.shared();
        Map<String, String> environment = Map.of("T", TOKEN);
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates.server()).password(TOKEN).start()) {
            CliRun run = CliRun.run(environment, "verify", "-p", String.valueOf(server.port()), "--tls", "--cacert",
                    certificates.unrelatedCaCertificate().toString(), "--token-env", "T");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL tls-handshake").contains("untrusted certificate chain: ")
                    .contains("SKIP auth-token");
        }
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates.otherHost()).password(TOKEN).start()) {
            CliRun run = CliRun.run(environment, args(server, "--token-env", "T"));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("PASS tls-handshake").contains("FAIL tls-hostname").contains("other.example.com");
        }
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates.expired()).password(TOKEN).start()) {
            CliRun run = CliRun.run(environment, args(server, "--token-env", "T", "--json"));
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("{\"id\":\"tls-certificate-expiry\",\"status\":\"FAIL\",\"detail\":\"certificate expired on");
        }
        try (RedisServer server = RedisServer.builder(version).tls(false).password(TOKEN).start()) {
            CliRun run = CliRun.run(environment, "verify", "-p", String.valueOf(server.port()), "--tls", "--timeout", "1s",
                    "--token-env", "T");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("server answered in plaintext: is TLS enabled on this endpoint? (--tls)");
            assertThat(run.all()).doesNotContain(TOKEN);
        }
    }

    @Test
    void silentServerAndClosedPortEndInTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            CliRun run = CliRun.run("verify", "-h", "127.0.0.1", "-p", String.valueOf(silent.getLocalPort()), "--timeout", "500ms",
                    "--tls", "--json");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("no TLS handshake with 127.0.0.1:" + silent.getLocalPort() + " within 500ms");
            assertThat(took).isLessThan(Duration.ofMillis(3500));
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CliRun run = CliRun.run("verify", "-h", "127.0.0.1", "-p", String.valueOf(closed), "--timeout", "1s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL tcp-connect").contains("refused");
    }
}
