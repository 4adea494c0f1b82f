package io.github.redisauth.cli;

import io.github.redisauth.testkit.OwnThreads;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code redis-auth watch} (both clients) in-process against a real TLS server during a token change. */
class WatchCommandIT {

    static final String OLD = "SENTINEL-watch-old-token-1";
    static final String NEW = "SENTINEL-watch-new-token-2";

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"lettuce", "jedis"})
    void noFailedCommandWhileTheTokenIsReplacedAndConnectionsKilled(String client) throws Exception {
        RedisVersion version = VerifyCommandIT.firstAvailable();
        Path tokens = directory.resolve("tokens");
        Files.writeString(tokens, OLD + "\n");
        try (RedisServer server = RedisServer.builder(version).tls(true).password(OLD).start()) {
            CompletableFuture<Void> rotation = CompletableFuture.runAsync(() -> {
                sleep(1200);
                write(tokens, NEW + "\n" + OLD + "\n"); // the secret store learns the new token first
                server.setPasswords(NEW);
                server.killClients();
            }, OwnThreads.named("rotation"));
            CliRun run = VerifyCommandIT.runCapturingSystemStreams(Map.of(), "watch", "--client", client,
                    "-h", server.host(), "-p", String.valueOf(server.port()), "--tls",
                    "--cacert", TestCertificates.shared().caCertificate().toString(),
                    "--token-file", tokens.toString(), "--rate", "200", "--duration", "4s", "--json");
            rotation.get(10, TimeUnit.SECONDS);
            System.out.println("watch --json: " + run.out());
            assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
            assertThat(run.out()).startsWith("{\"client\":\"" + client + "\",\"ops\":").contains("\"failures\":0,\"authFailures\":0")
                    .contains("\"tokenLabels\":{")
                    .contains("#" + AuthToken.of("new", NEW).fingerprint() + "\":")
                    .contains("#" + AuthToken.of("old", OLD).fingerprint() + "\":");
            assertThat(run.all()).doesNotContain("SENTINEL");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lettuce", "jedis"})
    void printsALinePerSecondAndASummary(String client) {
        RedisVersion version = VerifyCommandIT.firstAvailable();
        try (RedisServer server = RedisServer.builder(version).tls(true).password(OLD).start()) {
            CliRun run = VerifyCommandIT.runCapturingSystemStreams(Map.of("REDIS_AUTH_TOKEN", OLD), "watch", "--client", client,
                    "-h", server.host(), "-p", String.valueOf(server.port()), "--tls",
                    "--cacert", TestCertificates.shared().caCertificate().toString(),
                    "--token-env", "REDIS_AUTH_TOKEN", "--duration", "2s");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(0);
            assertThat(run.out()).contains("ops=", "token=env:REDIS_AUTH_TOKEN#", "summary: client=" + client, "no failed command");
            assertThat(run.all()).doesNotContain("SENTINEL");
        }
    }

    @Test
    void unknownClientIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), "watch", "--client", "nope", "-a", OLD, "--duration", "1s");
        assertThat(run.exitCode()).isEqualTo(RedisAuthCommand.EXIT_USAGE);
        assertThat(run.err()).contains("--client nope is not one of lettuce, jedis");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
