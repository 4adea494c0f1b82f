package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    private static final String SENTINEL = "SENTINEL-verify-token-7";

    @TempDir
    Path directory;

    @Test
    void unknownFlagIsAUsageError() {
        CliRun run = CliRun.run("verify", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("redis-auth verify: Unknown option: '--bogus' (see redis-auth verify --help)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpAndVersion() {
        CliRun help = CliRun.run("verify", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("-h, --host=HOST").contains("--token-env=VAR").contains("--expect");
        CliRun top = CliRun.run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("verify");
        CliRun version = CliRun.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("redis-auth ");
    }

    @Test
    void unsetEnvironmentVariableIsAConfigurationError() {
        CliRun run = CliRun.run("verify", "--token-env", "NOT_SET_ANYWHERE");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("redis-auth verify: --token-env NOT_SET_ANYWHERE: environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void emptyTokenIsAConfigurationError() {
        CliRun run = CliRun.run("verify", "-a", "");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("process list").contains("-a/--token is empty");
        assertThat(CliRun.run(Map.of("T", ""), "verify", "--token-env", "T").exitCode()).isEqualTo(2);
    }

    @Test
    void unreadableFilesAreConfigurationErrors() {
        CliRun tokenFile = CliRun.run("verify", "--token-file", directory.resolve("nope").toString());
        assertThat(tokenFile.exitCode()).isEqualTo(2);
        assertThat(tokenFile.err()).contains("--token-file").contains("is not a readable file").doesNotContain("Exception");
        CliRun cacert = CliRun.run("verify", "--tls", "--cacert", directory.resolve("ca.pem").toString());
        assertThat(cacert.exitCode()).isEqualTo(2);
        assertThat(cacert.err().lines()).hasSize(1);
    }

    @Test
    void badCombinationsAreUsageErrors() throws Exception {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "not a pem");
        assertThat(CliRun.run("verify", "--insecure", "--cacert", ca.toString(), "--tls").err()).contains("choose one");
        assertThat(CliRun.run("verify", "--insecure").err()).contains("--insecure needs --tls");
        assertThat(CliRun.run("verify", "-u", "redis://localhost", "-p", "1").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("verify", "--expect", "later").err()).contains("--expect later is not one of enforced, rotate, set");
        assertThat(CliRun.run(Map.of("A", SENTINEL), "verify", "--token-env", "A", "--expect", "set").err())
                .contains("needs at least 2 different tokens").doesNotContain(SENTINEL);
        assertThat(CliRun.run("verify", "--timeout", "3").err()).contains("invalid duration '3'");
    }

    @Test
    void badCaFileContentIsAConfigurationErrorWithoutStackTrace() throws Exception {
        Path ca = Files.writeString(directory.resolve("ca.pem"), "not a pem");
        try (ServerSocket server = new ServerSocket(0)) {
            CliRun run = CliRun.run("verify", "--tls", "--cacert", ca.toString(), "-p", String.valueOf(server.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("caCertificate=").doesNotContain("\tat ");
        }
    }

    @Test
    void closedPortFailsWithExitCodeOneAndNeverShowsTheToken() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path junit = directory.resolve("junit.xml");
        CliRun run = CliRun.run(Map.of("TOKEN", SENTINEL), "verify", "-p", String.valueOf(port), "--token-env", "TOKEN",
                "-a", SENTINEL + "-arg", "--json", "--junit", junit.toString(), "--timeout", "1s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("{\"target\":{\"host\":\"localhost\",\"port\":" + port + ",\"tls\":false}")
                .contains("{\"id\":\"tcp-connect\",\"status\":\"FAIL\",\"detail\":\"connection to 127.0.0.1:" + port + " refused")
                .contains("\"result\":\"FAIL\"").contains("\"ElastiCache.6\":\"UNKNOWN\"");
        assertThat(run.out().strip().lines()).hasSize(1);
        assertThat(run.all()).doesNotContain(SENTINEL);
        assertThat(Files.readString(junit)).contains("<testsuite name=\"redis-auth verify\"").contains("<failure")
                .contains("auth-token env:TOKEN#").doesNotContain(SENTINEL);
    }
}
