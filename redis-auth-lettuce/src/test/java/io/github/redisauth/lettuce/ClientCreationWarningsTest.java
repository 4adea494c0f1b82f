package io.github.redisauth.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Rule #10: Lettuce's CommandEncoder at TRACE logs AUTH tokens; creating a client says so. (The warning for an
 * uncached remote token source is the engine's, tested in core.)
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
            assertThat(logs.text()).doesNotContain("is at TRACE").doesNotContain("Put a cache in front of it");
        }
    }
}
