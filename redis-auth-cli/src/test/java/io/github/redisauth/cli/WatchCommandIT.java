package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code redis-auth watch --client jedis} against a real TLS server. */
class WatchCommandIT {

    private static final String TOKEN = "Sntl7qWatchToken0123456789abcdef";

    @Test
    void printsProgressAndSummaryAsJsonWithoutTheToken() {
        assumeTrue(RedisVersion.V6_2.isAvailable(), () -> RedisVersion.V6_2.unavailableReason().orElse("?"));
        try (RedisServer server = RedisServer.builder(RedisVersion.V6_2).tls(true).password(TOKEN).name("cli-watch").start()) {
            CliRun run = CliRun.run(Map.of("REDIS_AUTH_TOKEN", TOKEN), "watch", "--client", "jedis",
                    "-h", server.host(), "-p", Integer.toString(server.port()), "--tls",
                    "--cacert", TestCertificates.shared().caCertificate().toString(),
                    "--token-env", "REDIS_AUTH_TOKEN", "--threads", "2", "--duration", "1500ms", "--interval", "500ms", "--json");
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("{\"type\":\"progress\",\"client\":\"jedis\"")
                    .contains("{\"type\":\"summary\"").contains("\"failures\":0").contains("\"tokenInUse\":\"env:REDIS_AUTH_TOKEN#");
            assertThat(run.all()).doesNotContain(TOKEN);
        }
    }

    @Test
    void unknownClientIsAUsageError() {
        CliRun run = CliRun.run("watch", "--client", "nope", "--duration", "1s");
        assertThat(run.exitCode()).isEqualTo(RedisAuthCommand.EXIT_USAGE);
        assertThat(run.err()).contains("--client nope");
    }
}
