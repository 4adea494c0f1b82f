package io.github.redisauth.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.AuthToken;
import io.github.redisauth.RotationState;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.jedis.AuthStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cluster borrow logic with a scripted node pool: each step either opens a connection (asks the
 * credentials provider, as Jedis does, then succeeds or fails) or hands back an idle one.
 */
class ClusterBorrowTest {

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "Sntl7qCurrentToken00000001");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "Sntl7qPreviousToken0000002");
    private static final String NO_PASSWORD = "ERR Client sent AUTH, but no password is set";

    private final RotationState state = RotationState.create();
    private final TokenAuthenticator authenticator = new TokenAuthenticator(
            SettableTokenSource.of("test:fixed", CURRENT, PREVIOUS), state, new AuthStats());
    private final RotatingCredentialsProvider credentials = new RotatingCredentialsProvider(authenticator);
    private final List<String> sent = new ArrayList<>();

    /** One step of the scripted pool. */
    private interface Step {
        Connection borrow();
    }

    private Step open(RuntimeException failure) {
        return () -> {
            RedisCredentials offered = credentials.get();
            sent.add(offered.getPassword() == null ? "none" : new String(offered.getPassword()));
            if (failure != null) {
                throw failure;
            }
            return new Connection();
        };
    }

    private static Step idle() {
        return Connection::new;
    }

    private Supplier<Connection> pool(Step... steps) {
        Deque<Step> script = new ArrayDeque<>(List.of(steps));
        return () -> script.removeFirst().borrow();
    }

    private Connection borrow(Step... steps) {
        return AuthenticatingClusterConnectionProvider.borrow(pool(steps), authenticator, credentials);
    }

    @Test
    void aTransientNoPasswordReplyThenAnAcceptedTokenKeepsSendingTokens() {
        borrow(open(new JedisDataException(NO_PASSWORD)), open(null));

        assertThat(sent).containsExactly(CURRENT.valueAsString(), CURRENT.valueAsString());
        assertThat(credentials.serverHasNoPassword()).isFalse();
        assertThat(state.winner()).contains(CURRENT);
    }

    @Test
    void aNoAuthConnectionThatFailsItsPingDoesNotSwitchOffTokens() {
        JedisException validationFailed = new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Unable to validate object"));
        assertThatThrownBy(() -> borrow(open(new JedisDataException(NO_PASSWORD)),
                open(new JedisDataException(NO_PASSWORD)), open(validationFailed)))
                .isSameAs(validationFailed);

        assertThat(sent).containsExactly(CURRENT.valueAsString(), CURRENT.valueAsString(), "none");
        assertThat(credentials.serverHasNoPassword()).isFalse();
    }

    @Test
    void noPasswordConfirmedByAConnectionWithoutAuthThenTokensAgainWhenTheServerAsks() {
        borrow(open(new JedisDataException(NO_PASSWORD)), open(new JedisDataException(NO_PASSWORD)), open(null));
        assertThat(credentials.serverHasNoPassword()).isTrue();

        // The server got a password: the connection without AUTH fails its PING; tokens at once.
        sent.clear();
        JedisException validationFailed = new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Unable to validate object"));
        borrow(open(validationFailed), open(null));
        assertThat(sent).containsExactly("none", CURRENT.valueAsString());
        assertThat(credentials.serverHasNoPassword()).isFalse();
        assertThat(state.winner()).contains(CURRENT);
    }

    @Test
    void anIdleConnectionHandedBackInTheFallbackIsNotRecordedAsTheWinner() {
        JedisAccessControlException rejected =
                new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled.");
        borrow(open(rejected), idle());

        assertThat(sent).containsExactly(CURRENT.valueAsString());
        assertThat(state.winner()).isEmpty();
        assertThat(state.isDemoted(CURRENT)).isTrue();
    }
}
