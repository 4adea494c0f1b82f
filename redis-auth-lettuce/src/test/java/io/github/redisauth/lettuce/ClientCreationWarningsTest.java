package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.redisauth.AuthToken;
import io.github.redisauth.SecretsManagerTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Rule #10: Lettuce's CommandEncoder at TRACE logs AUTH tokens; creating a client says so. Rule #13: a raw
 * SecretsManagerTokenSource calls Secrets Manager on every handshake; creating a client says so.
 */
class ClientCreationWarningsTest {

    private static final AuthToken TOKEN = AuthToken.of("AWSCURRENT", "secret-s3ntinel-value-0123456789");

    private static LettuceAuthConfig config() {
        return LettuceAuthConfig.builder().endpoint("localhost", 6379).tokenSource(TokenSources.fixed(TOKEN))
                .sourcePollInterval(java.time.Duration.ZERO).build();
    }

    @Test
    void warnsWhenLettucesCommandEncoderLogsAtTrace() {
        Logger encoder = (Logger) LoggerFactory.getLogger("io.lettuce.core.protocol.CommandEncoder");
        Level saved = encoder.getLevel();
        try (LogCapture logs = LogCapture.root()) {
            encoder.setLevel(Level.TRACE);
            try (RedisAuthClient client = RedisAuthClient.create(config())) {
                assertThat(client).isNotNull();
            }
            assertThat(logs.text()).contains("io.lettuce.core.protocol.CommandEncoder is at TRACE", "AUTH tokens included")
                    .doesNotContain("s3ntinel");
        } finally {
            encoder.setLevel(saved);
        }
    }

    @Test
    void staysQuietWhenItIsNot() {
        try (LogCapture logs = LogCapture.root()) {
            try (RedisAuthClient client = RedisAuthClient.create(config())) {
                assertThat(client).isNotNull();
            }
            assertThat(logs.text()).doesNotContain("is at TRACE").doesNotContain("without a cache");
        }
    }

    @Test
    void warnsWhenASecretsManagerSourceIsNotCached() {
        try (LogCapture logs = LogCapture.root();
                SecretsManagerTokenSource raw = SecretsManagerTokenSource.builder().secretId("prod/redis/auth")
                        .region(Region.of("eu-west-1")).build()) {
            LettuceAuthConfig config = config().toBuilder().tokenSource(raw).build();
            try (RedisAuthClient client = RedisAuthClient.create(config)) {
                assertThat(client).isNotNull();
            }
            assertThat(logs.text()).contains("is a SecretsManagerTokenSource without a cache", "CachingTokenSource");
        }
    }
}
