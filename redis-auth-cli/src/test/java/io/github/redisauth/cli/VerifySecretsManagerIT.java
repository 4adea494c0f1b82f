package io.github.redisauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.testkit.LocalSecretsManager;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code redis-auth verify --token-secret}: the real AWS SDK against the testkit's local Secrets
 * Manager endpoint, and a real server. Credentials come from the SDK's default chain (system
 * properties here).
 */
class VerifySecretsManagerIT {

    private static final String SECRET = "prod/redis/auth-token";
    private static final String CURRENT = "SENTINEL-secret-current-1";
    private static final String PENDING = "SENTINEL-secret-pending-2";

    private final LocalSecretsManager secrets = new LocalSecretsManager();

    @BeforeEach
    void start() throws Exception {
        secrets.start();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterEach
    void stop() {
        secrets.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private String[] args(RedisServer server, String... more) {
        String[] base = VerifyCommandIT.args(server, "--token-secret", SECRET, "--secret-region", "eu-west-1",
                "--secret-endpoint", secrets.endpoint().toString());
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void everyStageOfTheSecretIsACandidate() {
        RedisVersion version = VerifyCommandIT.firstAvailable();
        secrets.putSecretString(SECRET, "{\"authToken\":\"" + CURRENT + "\"}", "AWSCURRENT");
        secrets.putSecretString(SECRET, "{\"authToken\":\"" + PENDING + "\"}", "AWSPENDING");
        try (RedisServer server = RedisServer.builder(version).tls(true).password(CURRENT).start()) {
            CliRun run = VerifyCommandIT.runCapturingSystemStreams(Map.of(), args(server, "--json", "--debug"));
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("AWSCURRENT#").contains("AWSPENDING#");
            assertThat(run.all()).doesNotContain(CURRENT).doesNotContain(PENDING);
            assertThat(secrets.stageCallCount("AWSCURRENT")).isEqualTo(1);
        }
    }

    @Test
    void anAccessDeniedSecretIsAConfigurationErrorNamingSecretAndCode() {
        RedisVersion version = VerifyCommandIT.firstAvailable();
        secrets.putSecretString(SECRET, CURRENT, "AWSCURRENT");
        secrets.denyAccess(true);
        try (RedisServer server = RedisServer.builder(version).tls(true).password(CURRENT).start()) {
            CliRun run = VerifyCommandIT.runCapturingSystemStreams(Map.of(), args(server));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("'" + SECRET + "'").contains("AWSCURRENT").contains("AccessDeniedException")
                    .doesNotContain("\tat ");
            assertThat(run.all()).doesNotContain(CURRENT);
        }
    }

    @Test
    void secretFlagsWithoutTheSecretAreAUsageError() {
        CliRun run = CliRun.run("verify", "--secret-region", "eu-west-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--secret-region needs --token-secret ID");
    }
}
