package io.github.redisauth.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.RotationState;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.jedis.AuthStats;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "Sntl7qCurrentToken00000001");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "Sntl7qPreviousToken0000002");

    private final TokenSource source = new TokenSource() {
        @Override
        public TokenSet fetch() {
            return TokenSet.of(CURRENT, PREVIOUS);
        }

        @Override
        public String description() {
            return "test:fixed";
        }
    };
    private final RotationState state = RotationState.create();
    private final AuthStats stats = new AuthStats();
    private final TokenAuthenticator authenticator = new TokenAuthenticator(source, state, stats);

    @Test
    void aConnectionHandedBackWithoutSendingTheTokenRecordsNoSuccess() {
        state.recordRejection(PREVIOUS);
        state.recordRejection(CURRENT);
        // Both demoted: CURRENT is tried first; the pool hands back an idle connection instead.
        String connection = authenticator.connectReporting("cluster",
                token -> new TokenAuthenticator.Outcome<>("idle", false), true);

        assertThat(connection).isEqualTo("idle");
        assertThat(state.winner()).isEmpty();
        assertThat(state.isDemoted(CURRENT)).as("a token never sent is not un-demoted").isTrue();
        assertThat(stats.snapshot().connectionsOpened()).isZero();
    }

    @Test
    void aConnectionOpenedWithTheTokenRecordsIt() {
        String connection = authenticator.connectReporting("cluster",
                token -> new TokenAuthenticator.Outcome<>("new", true), false);

        assertThat(connection).isEqualTo("new");
        assertThat(state.winner()).contains(CURRENT);
        assertThat(stats.snapshot().connectionsOpened()).isEqualTo(1);
    }
}
