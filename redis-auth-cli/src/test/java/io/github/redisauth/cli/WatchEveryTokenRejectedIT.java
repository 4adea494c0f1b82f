package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code redis-auth watch} against a server that rejects the only token given: both clients keep running for
 * the whole duration, print a line per second saying every token was rejected, and end with exit code 1, never
 * the token.
 */
class WatchEveryTokenRejectedIT {

    private static final String SERVER_PASSWORD = "SENTINEL-watch-server-password-1";
    private static final String WRONG = "SENTINEL-watch-wrong-token-2";
    private static final Pattern LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d ops=.*$");

    @ParameterizedTest
    @ValueSource(strings = {"lettuce", "jedis"})
    void keepsRunningAndReportsEveryTokenRejectedEachSecond(String client) {
        RedisVersion version = VerifyCommandIT.firstAvailable();
        try (RedisServer server = RedisServer.builder(version).tls(true).password(SERVER_PASSWORD).start()) {
            String caCertificate = TestCertificates.shared().caCertificate().toString();
            long started = System.nanoTime();
            CliRun run = VerifyCommandIT.runCapturingSystemStreams(Map.of("REDIS_AUTH_TOKEN", WRONG), "watch",
                    "--client", client, "-h", server.host(), "-p", String.valueOf(server.port()), "--tls",
                    "--cacert", caCertificate,
                    "--token-env", "REDIS_AUTH_TOKEN", "--rate", "20", "--duration", "4s");
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("watch --client " + client + " (every token rejected), " + elapsedMillis + " ms:\n" + run.out());

            assertThat(run.exitCode()).as("exit code; output:%n%s", run.all()).isEqualTo(RedisAuthCommand.EXIT_FAILED);
            assertThat(elapsedMillis).as("the watch runs for its whole duration").isGreaterThanOrEqualTo(3_900);
            Matcher lines = LINE.matcher(run.out());
            int count = 0;
            while (lines.find()) {
                count++;
                assertThat(lines.group()).as("per-second line %d", count)
                        .contains("every token rejected: TokensRejectedException: Redis at " + server.host() + ":" + server.port()
                                + " rejected every AUTH token from env:REDIS_AUTH_TOKEN")
                        .containsPattern("authFailures=[1-9]");
            }
            assertThat(count).as("per-second lines in%n%s", run.out()).isGreaterThanOrEqualTo(3);
            assertThat(run.out()).as("summary").contains("summary: client=" + client)
                    .contains("-> FAILED commands, every token rejected: ")
                    .contains("rejected every AUTH token from env:REDIS_AUTH_TOKEN");
            assertThat(run.all()).as("output never shows a token").doesNotContain("SENTINEL");
        }
    }
}
