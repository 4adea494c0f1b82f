package io.github.redisauth.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokensRejectedException;
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
 * The cluster borrow adapter with a scripted node pool: each step either opens a connection (asks the
 * credentials provider, as Jedis does, then succeeds or fails) or hands back an idle one. The rules
 * themselves are core's {@link TokenNegotiator}'s; these tests check what the adapter reports to it.
 */
class ClusterBorrowTest {

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "Sntl7qCurrentToken00000001");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "Sntl7qPreviousToken0000002");
    private static final String NO_PASSWORD = "ERR Client sent AUTH, but no password is set";

    private final TokenNegotiator negotiator =
            TokenNegotiator.builder(SettableTokenSource.of("test:fixed", CURRENT, PREVIOUS)).build();
    private final RotatingCredentialsProvider credentials = new RotatingCredentialsProvider(negotiator);
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

    /**
     * A borrow through another overridden provider method: Jedis's {@code ClusterConnectionProvider} calls its
     * own overridable methods ({@code getConnection(CommandArguments)} calls {@code getConnectionFromSlot},
     * which may call {@code getConnection()}), so one command's borrow nests others on the same thread.
     */
    private Step nested(Step inner) {
        return () -> AuthenticatingClusterConnectionProvider.borrow(inner::borrow, negotiator, credentials,
                "cluster test node");
    }

    private Supplier<Connection> pool(Step... steps) {
        Deque<Step> script = new ArrayDeque<>(List.of(steps));
        return () -> script.removeFirst().borrow();
    }

    private Connection borrow(Step... steps) {
        return AuthenticatingClusterConnectionProvider.borrow(pool(steps), negotiator, credentials, "cluster test");
    }

    private static JedisException validationFailed() {
        return new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Unable to validate object"));
    }

    @Test
    void aConnectionOpenedWithTheOfferIsReportedAccepted() {
        borrow(open(null));

        assertThat(sent).containsExactly(CURRENT.valueAsString());
        assertThat(negotiator.winner()).contains(CURRENT);
        assertThat(negotiator.statistics().authentications()).isEqualTo(1);
        assertThat(negotiator.statistics().tokenInUse()).startsWith("AWSCURRENT#");
    }

    @Test
    void aRejectedOfferIsReportedAndTheNegotiationFallsBack() {
        borrow(open(null));
        // The servers were switched to the other token: the next connection's offer is rejected.
        JedisAccessControlException rejected =
                new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled.");
        borrow(open(rejected), open(null));

        assertThat(sent).containsExactly(CURRENT.valueAsString(), CURRENT.valueAsString(), PREVIOUS.valueAsString());
        assertThat(negotiator.winner()).contains(PREVIOUS);
        assertThat(negotiator.statistics().rejections()).isEqualTo(1);
        assertThat(negotiator.statistics().fallbacks()).as("the token in use changed").isEqualTo(1);
        assertThat(negotiator.statistics().tokenInUse()).startsWith("AWSPREVIOUS#");
    }

    @Test
    void aLateSuccessOfAnOlderOfferDoesNotUndoANewerRejection() throws Exception {
        borrow(open(null));
        // Thread A opens a connection with the offer (CURRENT); before its handshake's success is reported,
        // thread B's connection with the same offer is rejected and B falls back to PREVIOUS.
        Step lateSuccess = () -> {
            Connection connection = open(null).borrow();
            Thread other = new Thread(() -> borrow(open(new JedisAccessControlException(
                    "WRONGPASS invalid username-password pair or user is disabled.")), open(null)));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return connection;
        };
        borrow(lateSuccess);

        assertThat(sent).as("tokens sent: A's offer, B's offer, B's fallback").containsExactly(CURRENT.valueAsString(),
                CURRENT.valueAsString(), CURRENT.valueAsString(), PREVIOUS.valueAsString());
        assertThat(negotiator.winner()).as("winner after A's late success of an offer made before B's rejection")
                .contains(PREVIOUS);
        assertThat(negotiator.offer().token()).as("the next connection's offer").isEqualTo(PREVIOUS);
    }

    @Test
    void aTransientNoPasswordReplyThenAnAcceptedTokenKeepsSendingTokens() {
        borrow(open(new JedisDataException(NO_PASSWORD)), open(null));

        assertThat(sent).containsExactly(CURRENT.valueAsString(), CURRENT.valueAsString());
        assertThat(negotiator.withoutAuth()).isFalse();
        assertThat(negotiator.winner()).contains(CURRENT);
    }

    @Test
    void aNoAuthConnectionThatFailsItsPingDoesNotSwitchOffTokens() {
        JedisException validationFailed = validationFailed();
        assertThatThrownBy(() -> borrow(open(new JedisDataException(NO_PASSWORD)),
                open(new JedisDataException(NO_PASSWORD)), open(validationFailed)))
                .isSameAs(validationFailed);

        assertThat(sent).containsExactly(CURRENT.valueAsString(), CURRENT.valueAsString(), "none");
        assertThat(negotiator.withoutAuth()).isFalse();
    }

    @Test
    void noPasswordConfirmedByAConnectionWithoutAuthThenTokensAgainWhenTheServerAsks() {
        borrow(open(new JedisDataException(NO_PASSWORD)), open(new JedisDataException(NO_PASSWORD)), open(null));
        assertThat(negotiator.withoutAuth()).isTrue();

        // Offers carry no AUTH now.
        sent.clear();
        borrow(open(null));
        assertThat(sent).containsExactly("none");
        assertThat(negotiator.withoutAuth()).isTrue();

        // The server got a password: the connection without AUTH fails its PING; tokens at once.
        sent.clear();
        borrow(open(validationFailed()), open(null));
        assertThat(sent).containsExactly("none", CURRENT.valueAsString());
        assertThat(negotiator.withoutAuth()).isFalse();
        assertThat(negotiator.winner()).contains(CURRENT);
        assertThat(negotiator.statistics().tokenInUse()).startsWith("AWSCURRENT#");
    }

    @Test
    void anIdleConnectionHandedBackInTheFallbackIsNotRecordedAsTheWinner() {
        JedisAccessControlException rejected =
                new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled.");
        Connection borrowed = borrow(open(rejected), idle());

        assertThat(borrowed).isNotNull();
        assertThat(sent).containsExactly(CURRENT.valueAsString());
        assertThat(negotiator.winner()).isEmpty();
        assertThat(negotiator.statistics().authentications()).isZero();
        assertThat(negotiator.statistics().rejections()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionWithoutAnyOpeningReportsNothing() {
        borrow(idle());

        assertThat(sent).isEmpty();
        assertThat(negotiator.statistics().attempts()).isZero();
        assertThat(negotiator.statistics().authentications()).isZero();
    }

    @Test
    void aFailureThatIsNoAuthenticationAnswerIsThrownUnchanged() {
        JedisException refused = new JedisException("Could not get a resource from the pool",
                new redis.clients.jedis.exceptions.JedisConnectionException("Connection refused"));
        assertThatThrownBy(() -> borrow(open(refused))).isSameAs(refused);
        assertThat(sent).containsExactly(CURRENT.valueAsString());
        assertThat(negotiator.winner()).isEmpty();
    }

    @Test
    void aNestedBorrowReportsOneAuthentication() {
        borrow(nested(nested(open(null))));

        assertThat(sent).containsExactly(CURRENT.valueAsString());
        assertThat(negotiator.statistics().authentications()).isEqualTo(1);
    }

    @Test
    void aNestedBorrowInAForcedAttemptSendsTheForcedToken() {
        borrow(open(null));
        JedisAccessControlException rejected =
                new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled.");
        borrow(nested(open(rejected)), nested(open(null)));

        assertThat(sent).containsExactly(CURRENT.valueAsString(), CURRENT.valueAsString(), PREVIOUS.valueAsString());
        assertThat(negotiator.winner()).contains(PREVIOUS);
        assertThat(negotiator.statistics().authentications()).isEqualTo(2);
        assertThat(negotiator.statistics().rejections()).isEqualTo(1);
        assertThat(negotiator.statistics().fallbacks()).isEqualTo(1);
    }

    @Test
    void aNestedBorrowLeavesTheNegotiationToTheOutermostOne() {
        // Every token is rejected, every time: only the outermost borrow negotiates, so the failure is that one
        // negotiation's, and the tokens are sent as by a borrow without nesting.
        List<String> flat = sentByABorrowRejectingEverything(false);
        List<String> nested = sentByABorrowRejectingEverything(true);

        assertThat(flat).hasSizeGreaterThan(2);
        assertThat(nested).isEqualTo(flat);
    }

    /** The tokens sent by one borrow from a fresh negotiator, on a node that rejects every token. */
    private static List<String> sentByABorrowRejectingEverything(boolean nested) {
        TokenNegotiator fresh = TokenNegotiator.builder(SettableTokenSource.of("test:fixed", CURRENT, PREVIOUS)).build();
        RotatingCredentialsProvider provider = new RotatingCredentialsProvider(fresh);
        List<String> tokens = new ArrayList<>();
        Supplier<Connection> node = () -> {
            tokens.add(new String(provider.get().getPassword()));
            throw new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled.");
        };
        Supplier<Connection> pool = nested
                ? () -> AuthenticatingClusterConnectionProvider.borrow(node, fresh, provider, "cluster test node")
                : node;
        assertThatThrownBy(() -> AuthenticatingClusterConnectionProvider.borrow(pool, fresh, provider, "cluster test"))
                .isInstanceOf(TokensRejectedException.class)
                .hasMessageContaining("at cluster test rejected");
        assertThat(fresh.statistics().rejections()).as("rejections").isEqualTo(tokens.size());
        return tokens;
    }
}
