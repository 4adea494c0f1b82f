package io.github.redisauth.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.jedis.TokensRejectedException;
import io.github.redisauth.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisAccessControlException;

import io.github.redisauth.AuthToken;
import io.github.redisauth.RotationState;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.jedis.AuthStats;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "Sntl7qCurrentToken00000001");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "Sntl7qPreviousToken0000002");

    private final TokenSource source = SettableTokenSource.of("test:fixed", CURRENT, PREVIOUS);
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

    @Test
    void aRejectedSetIsNotTriedAgainBeforeTheIntervalUnlessTheSourceChanges() {
        SettableTokenSource mutable = SettableTokenSource.of("test:mutable", CURRENT, PREVIOUS);
        MutableClock clock = new MutableClock();
        Duration interval = JedisAuthConfig.DEFAULT_REJECTED_TOKENS_RETRY_INTERVAL;
        TokenAuthenticator rejecting = new TokenAuthenticator(mutable, RotationState.create(), stats, clock, interval);
        AtomicInteger attempts = new AtomicInteger();
        TokenAuthenticator.Attempt<String> wrongpass = token -> {
            attempts.incrementAndGet();
            throw new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled.");
        };
        Logger logger = (Logger) LoggerFactory.getLogger(TokenAuthenticator.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThatThrownBy(() -> rejecting.connect("localhost:6379", wrongpass))
                    .isInstanceOf(TokensRejectedException.class)
                    .hasMessageContaining("AWSCURRENT#" + CURRENT.fingerprint());
            assertThat(attempts).hasValue(4);
            assertThat(mutable.refreshCount()).isEqualTo(1);

            // Same set, within the interval: fails at once, no connection, no refresh, no second ERROR.
            clock.advance(interval.minusMillis(1));
            assertThatThrownBy(() -> rejecting.connect("localhost:6379", wrongpass))
                    .isInstanceOf(TokensRejectedException.class)
                    .hasMessageContaining("not tried again before")
                    .hasMessageContaining("AWSPREVIOUS#" + PREVIOUS.fingerprint())
                    .message().doesNotContain("Sntl7q");
            assertThat(attempts).hasValue(4);
            assertThat(mutable.refreshCount()).isEqualTo(1);

            // The interval passed: one full round again, still one ERROR for this set.
            clock.advance(Duration.ofMillis(1));
            assertThatThrownBy(() -> rejecting.connect("localhost:6379", wrongpass))
                    .isInstanceOf(TokensRejectedException.class);
            assertThat(attempts).hasValue(8);
            assertThat(errors(appender)).hasSize(1);

            // A different set from the source is tried at once and logged once.
            mutable.set(TokenSet.of(PREVIOUS));
            assertThatThrownBy(() -> rejecting.connect("localhost:6379", wrongpass))
                    .isInstanceOf(TokensRejectedException.class);
            assertThat(attempts).hasValue(10);
            assertThat(errors(appender)).hasSize(2);
            assertThat(errors(appender).get(1)).contains("test:mutable").doesNotContain("Sntl7q");

            // A success forgets the rejected set.
            mutable.set(TokenSet.of(CURRENT));
            TokenAuthenticator.Attempt<String> accepted = token -> "ok";
            String opened = rejecting.connect("localhost:6379", accepted);
            assertThat(opened).isEqualTo("ok");
            mutable.set(TokenSet.of(PREVIOUS));
            assertThatThrownBy(() -> rejecting.connect("localhost:6379", wrongpass))
                    .isInstanceOf(TokensRejectedException.class);
            assertThat(attempts).hasValue(12);
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static java.util.List<String> errors(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
