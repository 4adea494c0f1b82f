package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
        assertThat(help.out()).contains("-h, --host=HOST").contains("--token-env=VAR").contains("--expect")
                .contains("--deadline=DURATION").contains("default: 3 x --timeout").contains("token-rules");
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
                .isEqualTo("redis-auth verify: --token-env: environment variable NOT_SET_ANYWHERE is not set");
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
        assertThat(tokenFile.err()).contains("the file given to --token-file does not exist or cannot be read")
                .doesNotContain("nope").doesNotContain("Exception");
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
        CliRun run = CliRun.run(Map.of("TOKEN", SENTINEL), "verify", "-p", String.valueOf(port), "--token-env", "TOKEN", "--allow-plaintext",
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

    private static final String TOKEN = "SENTINEL-token-value-0123456789";

    private static void assertOneLineWithoutToken(CliRun run, String expected) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(expected);
        assertThat(run.all()).doesNotContain(TOKEN).doesNotContain("SENTINEL");
    }

    @Test
    void aTokenGivenToTokenEnvIsNeverPrinted() {
        for (String command : new String[] {"verify", "watch"}) {
            assertOneLineWithoutToken(CliRun.run(command, "--tls", "--token-env", TOKEN),
                    "the value given to --token-env is not a variable name (a token value by mistake?)");
            // a valid name that looks like a token and is unset
            assertOneLineWithoutToken(CliRun.run(command, "--tls", "--token-env", "SENTINELtokenValue0123456789"),
                    "(a token value by mistake?)");
            CliRun unset = CliRun.run(command, "--tls", "--token-env", "REDIS_AUTH_TOKEN");
            assertThat(unset.exitCode()).isEqualTo(2);
            assertThat(unset.err().strip()).isEqualTo("redis-auth " + command
                    + ": --token-env: environment variable REDIS_AUTH_TOKEN is not set");
        }
    }

    @Test
    void aTokenGivenToTokenFileIsNeverPrinted() {
        for (String command : new String[] {"verify", "watch"}) {
            assertOneLineWithoutToken(CliRun.run(command, "--tls", "--token-file", TOKEN),
                    "the file given to --token-file does not exist or cannot be read");
        }
    }

    @Test
    void userInfoOfTheUriIsNeverPrinted() {
        for (String command : new String[] {"verify", "watch"}) {
            for (String uri : new String[] {"rediss://" + TOKEN + ":@host", "rediss://user:" + TOKEN + "@host",
                    "rediss://" + TOKEN + "@host", "rediss://user:" + TOKEN, "rediss://[::1]" + TOKEN}) {
                CliRun run = CliRun.run(command, "-u", uri);
                assertOneLineWithoutToken(run, "invalid --uri: ");
            }
            assertOneLineWithoutToken(CliRun.run(command, "-u", "rediss://user:" + TOKEN + "@host"),
                    "invalid --uri: a user name is not supported (user-info is never printed)");
        }
    }

    @Test
    void junitFileIsCheckedBeforeTheRunWithTheReason() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("file"), "x");
        CliRun missing = CliRun.run("verify", "--junit", directory.resolve("missing/x.xml").toString(), "-p", "1");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err().strip()).endsWith("x.xml: No such file or directory").startsWith("redis-auth verify: cannot write --junit ");
        assertThat(missing.err().strip().lines()).hasSize(1);
        CliRun notDirectory = CliRun.run("verify", "--junit", notADirectory.resolve("x.xml").toString(), "-p", "1");
        assertThat(notDirectory.exitCode()).isEqualTo(2);
        assertThat(notDirectory.out()).isEmpty();
        assertThat(notDirectory.err().strip()).endsWith("x.xml: Not a directory");
        CliRun proc = CliRun.run("verify", "--junit", "/proc/x.xml", "-p", "1");
        assertThat(proc.exitCode()).isEqualTo(2);
        assertThat(proc.out()).isEmpty();
        assertThat(proc.err().strip()).startsWith("redis-auth verify: cannot write --junit /proc/x.xml: ")
                .doesNotEndWith("/proc/x.xml");
        assertThat(directory.resolve("ok.xml")).doesNotExist();
    }

    @Test
    void hugeTokenFileIsRefusedBeforeReading() throws IOException {
        Path huge = directory.resolve("huge");
        try (var channel = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), 1L << 30); // sparse: 1 GiB
        }
        CliRun run = CliRun.run("verify", "--tls", "--token-file", huge.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("redis-auth verify: the file given to --token-file is 1073741825 bytes: a token file "
                + "holds at most 3 tokens, one a line, at most 65536 bytes (is it the right file?)");
    }

    @Test
    void aTokenWithoutTlsNeedsAllowPlaintext() throws Exception {
        String refused = "refusing to send a token without TLS: add --tls, or --allow-plaintext for local development";
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        for (String[] args : new String[][] {{"verify", "-a", TOKEN}, {"watch", "-a", TOKEN, "--duration", "1s"},
                {"verify", "-u", "redis://:" + TOKEN + "@localhost:" + port}}) {
            CliRun run = CliRun.run(Map.of("T", TOKEN), args);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().filter(line -> !line.startsWith("Warning:"))).containsExactly("redis-auth " + args[0] + ": " + refused);
            assertThat(run.all()).doesNotContain(TOKEN);
        }
        CliRun env = CliRun.run(Map.of("T", TOKEN), "verify", "-p", String.valueOf(port), "--token-env", "T");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err().strip()).isEqualTo("redis-auth verify: " + refused);
        // consent given: the run happens (the port is closed: FAIL, exit 1)
        CliRun allowed = CliRun.run(Map.of("T", TOKEN), "verify", "-p", String.valueOf(port), "--token-env", "T",
                "--allow-plaintext", "--timeout", "1s");
        assertThat(allowed.exitCode()).isEqualTo(1);
        assertThat(allowed.all()).doesNotContain(TOKEN);
        // no token: plaintext verify stays allowed
        CliRun noToken = CliRun.run("verify", "-p", String.valueOf(port), "--timeout", "1s");
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.out()).contains("FAIL tcp-connect");
    }
}
