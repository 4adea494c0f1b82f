package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.RotationState;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.jedis.AuthStats;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.jedis.TokensRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The "try the preferred token, fall back, remember the winner" loop shared by every client kind.
 * Logs labels and fingerprints only. Thread-safe: concurrent connects share the rotation state.
 */
public final class TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);

    /** Opens one connection with one token, or without AUTH when the token is null. */
    @FunctionalInterface
    public interface Attempt<C> {
        /**
         * @param token the token to send, or null for no AUTH
         * @return the open, authenticated connection
         */
        C connect(AuthToken token);
    }

    /**
     * What one {@link ReportingAttempt} gave.
     *
     * @param connection the open connection
     * @param tokenSent whether the connection was opened with the token (or no AUTH) asked for;
     *     false when an already open connection was handed back, so nothing is learnt about the token
     * @param <C> the connection type
     */
    public record Outcome<C>(C connection, boolean tokenSent) {
    }

    /** Like {@link Attempt}, for callers that may get an already open connection (cluster node pools). */
    @FunctionalInterface
    public interface ReportingAttempt<C> {
        /**
         * @param token the token to send, or null for no AUTH
         * @return the open connection and whether it used {@code token}
         */
        Outcome<C> connect(AuthToken token);
    }

    /** The last token set whose every candidate was rejected, also after a refresh. */
    private record RejectedSet(TokenSet tokens, List<AuthToken> tried, Instant at, RuntimeException lastRejection) {
    }

    private final TokenSource source;
    private final RotationState state;
    private final AuthStats stats;
    private final Clock clock;
    private final Duration rejectedRetryInterval;
    private final AtomicBoolean noPasswordWarned = new AtomicBoolean();
    private volatile RejectedSet rejected;

    /**
     * @param source where tokens come from
     * @param state the shared winner and demotions
     * @param stats the counters to update
     */
    public TokenAuthenticator(TokenSource source, RotationState state, AuthStats stats) {
        this(source, state, stats, Clock.systemUTC(), JedisAuthConfig.DEFAULT_REJECTED_TOKENS_RETRY_INTERVAL);
    }

    /**
     * @param source where tokens come from
     * @param state the shared winner and demotions
     * @param stats the counters to update
     * @param clock the time source for {@code rejectedRetryInterval}
     * @param rejectedRetryInterval after every candidate of a set was rejected (also after a
     *     refresh), how long connects with that same set fail at once instead of trying every
     *     candidate again
     */
    public TokenAuthenticator(TokenSource source, RotationState state, AuthStats stats, Clock clock,
            Duration rejectedRetryInterval) {
        this.source = source;
        this.state = state;
        this.stats = stats;
        this.clock = clock;
        this.rejectedRetryInterval = rejectedRetryInterval;
    }

    /** @return the token to offer first now, or null when the source knows none */
    public AuthToken preferredToken() {
        List<AuthToken> order = state.attemptOrder(source.fetch());
        return order.isEmpty() ? null : order.get(0);
    }

    /** @return the token source's description, for errors (never a token value) */
    public String sourceDescription() {
        return source.description();
    }

    /** @return the rotation state */
    public RotationState state() {
        return state;
    }

    /** @return the counters */
    public AuthStats stats() {
        return stats;
    }

    /**
     * Opens a connection: candidates in {@link RotationState#attemptOrder} order; on rejection the
     * next; all rejected: one forced refresh and one more round; "no password set": without AUTH.
     * Once every candidate of a set was rejected, connects that get the same set from the source
     * fail at once with {@link TokensRejectedException} for
     * {@link JedisAuthConfig#DEFAULT_REJECTED_TOKENS_RETRY_INTERVAL}; a different set is tried at once.
     *
     * @param endpoint {@code host:port}, for logs and errors
     * @param attempt opens one connection
     * @param <C> the connection type
     * @return the open connection
     * @throws TokensRejectedException when every candidate was rejected twice
     * @throws RuntimeException any non-authentication failure of {@code attempt}, unchanged
     */
    public <C> C connect(String endpoint, Attempt<C> attempt) {
        return connect(endpoint, attempt, false);
    }

    /**
     * As {@link #connect(String, Attempt)}, after a first attempt made elsewhere was rejected
     * (cluster nodes): whatever authenticates now counts as a fallback.
     *
     * @param endpoint {@code host:port}, for logs and errors
     * @param attempt opens one connection
     * @param afterRejection true when a token was already rejected for this connection
     * @param <C> the connection type
     * @return the open connection
     */
    public <C> C connect(String endpoint, Attempt<C> attempt, boolean afterRejection) {
        return connectReporting(endpoint, token -> new Outcome<>(attempt.connect(token), true), afterRejection);
    }

    /**
     * As {@link #connect(String, Attempt, boolean)}; success is recorded (winner, counters) only
     * when the attempt reports that the connection was opened with the token it was given.
     *
     * @param endpoint {@code host:port}, for logs and errors
     * @param attempt opens one connection, or hands back an open one
     * @param afterRejection true when a token was already rejected for this connection
     * @param <C> the connection type
     * @return the open connection
     */
    public <C> C connectReporting(String endpoint, ReportingAttempt<C> attempt, boolean afterRejection) {
        TokenSet tokens = source.fetch();
        RejectedSet known = rejected;
        if (known != null && known.tokens().equals(tokens)) {
            Instant retryAt = known.at().plus(rejectedRetryInterval);
            if (clock.instant().isBefore(retryAt)) {
                throw new TokensRejectedException(endpoint, source.description(), known.tried(), known.lastRejection(),
                        "not tried again before " + retryAt + " unless the token source changes");
            }
        }
        List<AuthToken> tried = new ArrayList<>();
        RuntimeException lastRejection = null;
        boolean firstAttempt = !afterRejection;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                log.warn("Redis at {} rejected every token from {} ({}); refreshing the source once",
                        endpoint, source.description(), tokens);
                stats.recordRefresh();
                tokens = source.refresh();
            }
            if (tokens.isEmpty()) {
                return connectWithoutAuth(endpoint, attempt, "the token source " + source.description() + " holds no token");
            }
            for (AuthToken token : state.attemptOrder(tokens)) {
                try {
                    Outcome<C> outcome = attempt.connect(token);
                    C connection = outcome.connection();
                    if (!outcome.tokenSent()) {
                        log.debug("Got an already open connection to {}; token {}#{} was not sent",
                                endpoint, token.label(), token.fingerprint());
                        return connection;
                    }
                    state.recordSuccess(token);
                    stats.recordAuthenticated(token, !firstAttempt);
                    noPasswordWarned.set(false);
                    rejected = null;
                    if (!firstAttempt) {
                        log.info("Redis at {} accepted fallback token {}#{}", endpoint, token.label(), token.fingerprint());
                    }
                    return connection;
                } catch (RuntimeException failure) {
                    AuthReply reply = ReplyClassifier.classify(failure);
                    if (reply == AuthReply.REJECTED) {
                        firstAttempt = false;
                        state.recordRejection(token);
                        stats.recordRejection();
                        tried.add(token);
                        lastRejection = failure;
                        log.info("Redis at {} rejected token {}#{}; trying the next candidate",
                                endpoint, token.label(), token.fingerprint());
                    } else if (reply == AuthReply.NO_PASSWORD_SET) {
                        return connectWithoutAuth(endpoint, attempt, "the server has no password set");
                    } else {
                        throw failure;
                    }
                }
            }
        }
        RejectedSet previous = rejected;
        rejected = new RejectedSet(tokens, List.copyOf(tried), clock.instant(), lastRejection);
        if (previous == null || !previous.tokens().equals(tokens)) {
            log.error("Redis at {} rejected every token from {} ({}), also after one refresh; connects with these"
                    + " tokens fail at once for {} unless the source changes", endpoint, source.description(), tokens,
                    rejectedRetryInterval);
        }
        throw new TokensRejectedException(endpoint, source.description(), tried, lastRejection);
    }

    /**
     * Authenticates an open connection that answered NOAUTH (the server got a password after the
     * connection was opened without one). Sends plain one-argument {@code AUTH}.
     *
     * @param connection the connection
     * @param endpoint {@code host:port}, for logs
     * @return true when the connection is now usable (authenticated, or the server has no password again)
     */
    public boolean authenticateOpenConnection(Connection connection, String endpoint) {
        for (AuthToken token : state.attemptOrder(source.fetch())) {
            try {
                connection.sendCommand(Protocol.Command.AUTH, token.valueAsString());
                connection.getStatusCodeReply();
                state.recordSuccess(token);
                stats.recordReauthentication(token);
                log.info("Open connection to {} answered NOAUTH; authenticated it with {}#{}",
                        endpoint, token.label(), token.fingerprint());
                return true;
            } catch (JedisDataException failure) {
                AuthReply reply = ReplyClassifier.classify(failure);
                if (reply == AuthReply.NO_PASSWORD_SET) {
                    return true;
                }
                if (reply != AuthReply.REJECTED) {
                    return false;
                }
                state.recordRejection(token);
                stats.recordRejection();
            }
        }
        return false;
    }

    private <C> C connectWithoutAuth(String endpoint, ReportingAttempt<C> attempt, String reason) {
        rejected = null;
        if (noPasswordWarned.compareAndSet(false, true)) {
            log.warn("Connecting to Redis at {} without AUTH: {}. Tokens are used again as soon as the server asks.",
                    endpoint, reason);
        }
        Outcome<C> outcome = attempt.connect(null);
        if (outcome.tokenSent()) {
            stats.recordWithoutAuth();
        }
        return outcome.connection();
    }
}
