package io.github.redisauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one set of rules by which every redis-auth client chooses a token: both client modules are thin
 * adapters of it. An adapter tells it how to try one token ({@link AuthAttempt}); the negotiator decides
 * the order, learns from the answers and remembers.
 *
 * <ul>
 *   <li><b>Order</b>: the last winner first, then the source's order (current, pending, previous); a
 *       rejected candidate is demoted to the back for {@link Builder#demotionPeriod(Duration)}
 *       ({@link RotationState}).</li>
 *   <li><b>Refresh once</b>: when every candidate was rejected, the source is refreshed
 *       ({@link TokenSource#refresh()}) and the new set tried once more; then
 *       {@link TokensRejectedException}.</li>
 *   <li><b>Memory of a rejected set</b>: for {@link Builder#rejectedRetryInterval(Duration)} after that,
 *       negotiations that get the same set from the source fail at once (no connection storm against a
 *       server that refuses them all); a different set is tried at once.</li>
 *   <li><b>No password</b>: a {@code no password is set} answer is never taken on trust (ElastiCache sends
 *       it briefly during reconnects): the negotiator asks for an attempt without AUTH, and only when the
 *       server serves it does the client go without AUTH (warned once). {@code NOAUTH} ends that mode
 *       ({@link #serverAskedForToken(String)}).</li>
 *   <li><b>Success recording</b> never undoes a newer rejection ({@link RotationState#recordSuccess(AuthToken, long)}).</li>
 * </ul>
 *
 * <p>Handshakes that can send only one credential (Lettuce's, Jedis cluster nodes') ask {@link #offer()} and
 * report back with {@link #accepted(Offer)} / {@link #failed(Offer, Throwable)}.
 *
 * <p>Thread-safe: many connections negotiate at once against one shared state. Concurrent negotiations
 * are allowed; {@link Negotiated#changed()} and {@link Negotiated#fallback()} are then judged by each
 * negotiation against what it saw when it started, so two concurrent negotiations may both report a change. Logs labels and
 * fingerprints only, never a token value.
 */
public final class TokenNegotiator {

    /** How long a fully rejected token set is not tried again (unless the source changes): 5 seconds. */
    public static final Duration DEFAULT_REJECTED_RETRY_INTERVAL = Duration.ofSeconds(5);
    /** How long a rejected token is tried last: {@link RotationState#DEFAULT_DEMOTION_PERIOD}. */
    public static final Duration DEFAULT_DEMOTION_PERIOD = RotationState.DEFAULT_DEMOTION_PERIOD;

    private static final Logger log = LoggerFactory.getLogger(TokenNegotiator.class);

    /**
     * The credential one handshake is given, and a stamp that orders its outcome against rejections
     * recorded meanwhile.
     *
     * @param token the token to send, or null for no AUTH
     * @param stamp {@link RotationState#version()} when the offer was made
     */
    public record Offer(AuthToken token, long stamp) {
        /** @return e.g. {@code AWSCURRENT#3f9a0c1e} or {@code no AUTH}; never a value */
        @Override
        public String toString() {
            return token == null ? "no AUTH" : describe(token);
        }
    }

    /**
     * The outcome of a negotiation.
     *
     * @param result what the successful attempt gave
     * @param token the accepted token, or null when the server serves without AUTH
     * @param fallback true when it was not the first candidate this negotiation tried
     * @param changed true when the token in use changed: another token than the one accepted last, a token
     *     after a time without AUTH, or (with a null {@code token}) the start of a time without AUTH; with a
     *     token, an adapter then re-authenticates live connections
     * @param <C> the attempt's result type
     */
    public record Negotiated<C>(C result, AuthToken token, boolean fallback, boolean changed) {
    }

    /** A token set every candidate of which was rejected, also after a refresh. */
    private record RejectedSet(TokenSet tokens, List<String> tried, Instant at, String endpoint, long successes) {
    }

    private final TokenSource source;
    private final RotationState state;
    private final Clock clock;
    private final Duration rejectedRetryInterval;
    private final Counters counters = new Counters();
    private final AtomicBoolean withoutAuth = new AtomicBoolean();
    private final AtomicBoolean warnedWithoutAuth = new AtomicBoolean();
    /** Set when the server asked for a token after a time without AUTH: the next accepted token is a change. */
    private final AtomicBoolean tokenNeeded = new AtomicBoolean();
    private volatile TokenSet lastKnown;
    private volatile RejectedSet rejected;
    /** Counts accepted attempts: a fully rejected set is remembered only while nothing was accepted since. */
    private final AtomicLong successes = new AtomicLong();
    /**
     * The token accepted last, also after a rejection demoted it (the rotation state then forgets the winner):
     * what {@link Negotiated#changed()} compares with, so that an offer rejected outside a negotiation (a
     * handshake reported with {@link #failed(Offer, Throwable)}) followed by another token is a change.
     */
    private final AtomicReference<AuthToken> lastAccepted = new AtomicReference<>();

    private TokenNegotiator(Builder builder) {
        this.source = builder.source;
        this.clock = builder.clock;
        this.rejectedRetryInterval = builder.rejectedRetryInterval;
        this.state = RotationState.builder().clock(builder.clock).demotionPeriod(builder.demotionPeriod).build();
        if (source.remote()) {
            log.warn("redis-auth: token source {} calls a remote service on every fetch, and clients fetch on every"
                    + " connect, reconnect and poll. Put a cache in front of it: TokenSources.cached(source)",
                    source.description());
        }
    }

    /**
     * @param source where tokens come from; should be cached ({@link TokenSources#cached}) when remote
     * @return a builder with the defaults
     */
    public static Builder builder(TokenSource source) {
        return new Builder(source);
    }

    /**
     * Negotiates: tries the candidates in order with {@code attempt} until one is accepted (see the class
     * comment for the rules).
     *
     * @param endpoint {@code host:port}, for logs and messages
     * @param attempt tries one token
     * @param <C> the attempt's result type
     * @return the accepted attempt
     * @throws TokensRejectedException when every candidate was rejected, also after one refresh, or the
     *     same set was rejected less than the retry interval ago
     * @throws TokenSourceException when the token source fails
     * @throws RuntimeException the attempt's own failure when it was not a rejection (connection refused,
     *     timeout, ...), or the last "no password set" / {@code NOAUTH} answer when no candidate was
     *     rejected for sure: the caller simply tries again later
     */
    public <C> Negotiated<C> negotiate(String endpoint, AuthAttempt<C> attempt) {
        Objects.requireNonNull(attempt, "attempt");
        // before the source: a server without a password keeps serving while the source is down
        if (withoutAuth.get()) {
            Optional<Negotiated<C>> plain = attemptWithoutAuth(endpoint, attempt);
            if (plain.isPresent()) {
                return plain.get();
            }
        }
        long successesAtStart = successes.get();
        TokenSet tokens = fetch();
        RejectedSet known = rejected;
        if (known != null && known.tokens().equals(tokens) && known.endpoint().equals(endpoint)
                && known.successes() == successesAtStart) {
            Instant retryAt = known.at().plus(rejectedRetryInterval);
            if (clock.instant().isBefore(retryAt)) {
                throw new TokensRejectedException(endpoint, source.description(), known.tried(),
                        "not tried again before " + retryAt + " unless the token source changes", null);
            }
        }
        AuthToken before = lastAccepted.get();
        List<String> tried = new ArrayList<>();
        RuntimeException lastRejection = null;
        RuntimeException inconclusive = null;
        boolean noPasswordChecked = false;
        AuthToken first = null;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                log.info("redis-auth: Redis at {} rejected every token from {} {}; refreshing the source once",
                        endpoint, source.description(), tokens);
                counters.refreshes.incrementAndGet();
                tokens = refresh();
            }
            List<AuthToken> order = state.attemptOrder(tokens);
            if (order.isEmpty()) {
                return withoutAuthOrFail(endpoint, attempt, "the token source " + source.description() + " holds no token");
            }
            for (AuthToken token : order) {
                if (first == null) {
                    first = token;
                }
                long stamp = state.version();
                counters.attempts.incrementAndGet();
                try {
                    C result = attempt.attempt(token);
                    return accept(endpoint, result, token, stamp, !token.equals(first), before);
                } catch (RuntimeException failure) {
                    switch (ReplyClassifier.classify(failure)) {
                        case REJECTED -> {
                            reject(endpoint, token, stamp);
                            if (!tried.contains(describe(token))) {
                                tried.add(describe(token));
                            }
                            lastRejection = failure;
                        }
                        case NO_PASSWORD_SET -> {
                            if (!noPasswordChecked) {
                                noPasswordChecked = true;
                                Optional<Negotiated<C>> plain = confirmNoPassword(endpoint, attempt, token);
                                if (plain.isPresent()) {
                                    return plain.get();
                                }
                            }
                            inconclusive = failure;
                        }
                        // NOAUTH to a token attempt (e.g. Redis 6.0's HELLO AUTH bug): says nothing about the token
                        case AUTH_REQUIRED -> inconclusive = failure;
                        default -> throw failure;
                    }
                }
            }
            if (inconclusive != null) {
                throw inconclusive; // not every candidate was rejected: the next attempt may succeed
            }
        }
        RejectedSet previous = rejected;
        if (successes.get() == successesAtStart) {
            // not when a token was accepted meanwhile (another connection, mid-rotation): the set works there
            rejected = new RejectedSet(tokens, List.copyOf(tried), clock.instant(), endpoint, successesAtStart);
        }
        TokensRejectedException failure = new TokensRejectedException(endpoint, source.description(), tried, null, lastRejection);
        if (previous == null || !previous.tokens().equals(tokens)) {
            log.error("redis-auth: {} Negotiations with these tokens fail at once for {} unless the source changes.",
                    failure.getMessage(), rejectedRetryInterval);
        } else {
            log.warn("redis-auth: still rejected: {}", failure.getMessage());
        }
        throw failure;
    }

    /**
     * Tries the source's preferred token when it is not the one in use yet (a poll during a rotation:
     * the pending token becomes current). Does nothing when it already is, or when it was rejected recently.
     * A refusal is not recorded as a rejection: during a rotation the new token is refused until the
     * server is changed.
     *
     * @param endpoint {@code host:port}, for logs
     * @param attempt tries one token
     * @param refresh true to bypass the source's cache ({@link TokenSource#refresh()})
     * @param <C> the attempt's result type
     * @return the negotiation when the preferred token was tried and accepted; empty otherwise
     */
    public <C> Optional<Negotiated<C>> adoptPreferred(String endpoint, AuthAttempt<C> attempt, boolean refresh) {
        TokenSet tokens = refresh ? refresh() : fetch();
        AuthToken preferred = tokens.preferred().orElse(null);
        if (preferred == null) {
            return Optional.empty();
        }
        AuthToken winner = state.winner().orElse(null);
        if (!withoutAuth.get() && !tokenNeeded.get() && (preferred.equals(winner) || state.isDemoted(preferred))) {
            return Optional.empty();
        }
        long stamp = state.version();
        counters.attempts.incrementAndGet();
        try {
            C result = attempt.attempt(preferred);
            return Optional.of(accept(endpoint, result, preferred, stamp, false, lastAccepted.get()));
        } catch (RuntimeException failure) {
            log.debug("redis-auth: {} not accepted yet by {} ({})", describe(preferred), endpoint,
                    ReplyClassifier.classify(failure));
            return Optional.empty();
        }
    }

    /**
     * The credential for a handshake that can send only one (Lettuce's, a Jedis cluster node's): no AUTH
     * while the server has no password, else the first candidate in order. Reads the token source.
     *
     * @return the offer; report its outcome with {@link #accepted(Offer)} or {@link #failed(Offer, Throwable)}
     * @throws TokenSourceException when the token source fails
     */
    public Offer offer() {
        long stamp = state.version();
        if (withoutAuth.get()) {
            return new Offer(null, stamp);
        }
        List<AuthToken> order = state.attemptOrder(fetch());
        return new Offer(order.isEmpty() ? null : order.get(0), stamp);
    }

    /**
     * The credential for a path that must not do I/O (a Netty event loop): like {@link #offer()}, from the
     * last token set read, without reading the source.
     *
     * @return the offer; empty when no set was read yet
     */
    public Optional<Offer> offerFromLastKnown() {
        TokenSet known = lastKnown;
        if (known == null) {
            return Optional.empty();
        }
        long stamp = state.version();
        if (withoutAuth.get()) {
            return Optional.of(new Offer(null, stamp));
        }
        List<AuthToken> order = state.attemptOrder(known);
        return Optional.of(new Offer(order.isEmpty() ? null : order.get(0), stamp));
    }

    /**
     * Reports that the server accepted an offer's handshake.
     *
     * @param offer what was offered
     */
    public void accepted(Offer offer) {
        if (offer.token() == null) {
            counters.withoutAuth.incrementAndGet();
            return;
        }
        counters.authentications.incrementAndGet();
        successes.incrementAndGet();
        if (state.recordSuccess(offer.token(), offer.stamp())) {
            counters.tokenInUse.set(describe(offer.token()));
            lastAccepted.set(offer.token());
        }
    }

    /**
     * Reports that an offer's handshake failed, and learns from the answer: a rejection demotes the token;
     * {@code NOAUTH} ends a time without AUTH. "No password set" changes nothing by itself: only a
     * negotiation confirms it.
     *
     * @param offer what was offered
     * @param failure the client's exception
     * @return how the failure was classified
     */
    public AuthReply failed(Offer offer, Throwable failure) {
        AuthReply reply = ReplyClassifier.classify(failure);
        if (reply == AuthReply.REJECTED && offer.token() != null) {
            // a late answer to an old handshake never undoes a success recorded since the offer
            reject("a handshake", offer.token(), offer.stamp());
        } else if (reply == AuthReply.AUTH_REQUIRED) {
            serverAskedForToken("a handshake without AUTH");
        }
        return reply;
    }

    /**
     * The server answered {@code NOAUTH}: it has a password now. Ends a time without AUTH, so offers carry
     * tokens again at once. Never blocks.
     *
     * @param where what saw it, for the log
     * @return true when the client was going without AUTH until now
     */
    public boolean serverAskedForToken(String where) {
        counters.authRequired.incrementAndGet();
        if (withoutAuth.compareAndSet(true, false)) {
            tokenNeeded.set(true);
            log.info("redis-auth: the server now asks for a token ({}); sending tokens again", where);
            return true;
        }
        return false;
    }

    /**
     * Records a token rejected outside a negotiation (e.g. an {@code AUTH} on a live connection).
     *
     * @param where what saw it, for the log
     * @param token the rejected token
     */
    public void recordRejection(String where, AuthToken token) {
        reject(where, token, state.version());
    }

    /**
     * Records that open connections were re-authenticated with {@code token}.
     *
     * @param token the token they now use
     */
    public void recordReauthentication(AuthToken token) {
        counters.reauthentications.incrementAndGet();
        counters.tokenInUse.set(describe(token));
        lastAccepted.set(token);
    }

    /** Records an automatic reconnect attempt of a connection (Lettuce). */
    public void recordReconnectAttempt() {
        counters.reconnectAttempts.incrementAndGet();
    }

    /** Records a failed automatic reconnect attempt of a connection (Lettuce). */
    public void recordReconnectFailure() {
        counters.reconnectFailures.incrementAndGet();
    }

    /** @return true while the server has no password and connections go without AUTH */
    public boolean withoutAuth() {
        return withoutAuth.get();
    }

    /** @return the token that won last, unless it was rejected since */
    public Optional<AuthToken> winner() {
        return state.winner();
    }

    /** @return the token source's description, for messages; never a token value */
    public String sourceDescription() {
        return source.description();
    }

    /** @return the token source */
    public TokenSource source() {
        return source;
    }

    /** @return a snapshot of the counters */
    public AuthStatistics statistics() {
        return counters.snapshot();
    }

    /** @return the interval in force, see {@link Builder#rejectedRetryInterval(Duration)} */
    public Duration rejectedRetryInterval() {
        return rejectedRetryInterval;
    }

    /** @return the demotion period in force, see {@link Builder#demotionPeriod(Duration)} */
    public Duration demotionPeriod() {
        return state.demotionPeriod();
    }

    @Override
    public String toString() {
        return "TokenNegotiator[source=" + source.description() + ", " + state + (withoutAuth.get() ? ", without AUTH" : "") + "]";
    }

    private <C> Negotiated<C> accept(String endpoint, C result, AuthToken token, long stamp, boolean fallback,
            AuthToken before) {
        boolean recorded = state.recordSuccess(token, stamp);
        successes.incrementAndGet();
        boolean wasWithoutAuth = withoutAuth.getAndSet(false);
        boolean needed = tokenNeeded.getAndSet(false);
        boolean changed = wasWithoutAuth || needed || (before != null && !before.equals(token));
        counters.authentications.incrementAndGet();
        if (recorded) {
            // else a newer rejection of this token, or a newer success of another, stands
            counters.tokenInUse.set(describe(token));
            lastAccepted.set(token);
        }
        if (fallback || changed) {
            counters.fallbacks.incrementAndGet();
            log.info("redis-auth: Redis at {} accepted {} (was {})", endpoint, describe(token),
                    before == null || wasWithoutAuth || needed ? "no AUTH" : describe(before));
        } else if (before == null && recorded) {
            log.debug("redis-auth: Redis at {} accepted {}", endpoint, describe(token));
        }
        return new Negotiated<>(result, token, fallback, changed);
    }

    private void reject(String where, AuthToken token, long stamp) {
        counters.rejections.incrementAndGet();
        if (state.recordRejection(token, stamp)) {
            log.info("redis-auth: {} rejected {}", where, describe(token));
        } else {
            log.debug("redis-auth: {} rejected {}, accepted since: a late answer, not recorded", where, describe(token));
        }
    }

    /** The server answered "no password set" to {@code token}: believe it only if it serves without AUTH. */
    private <C> Optional<Negotiated<C>> confirmNoPassword(String endpoint, AuthAttempt<C> attempt, AuthToken token) {
        counters.attempts.incrementAndGet();
        try {
            C result = attempt.attempt(null);
            return Optional.of(enterWithoutAuth(endpoint, result, "the server has no password set; confirmed without AUTH"));
        } catch (RuntimeException failure) {
            AuthReply reply = ReplyClassifier.classify(failure);
            if (reply == AuthReply.OTHER) {
                throw failure;
            }
            log.info("redis-auth: Redis at {} answered 'no password set' to {} but does not serve without AUTH ({}):"
                    + " a transient answer, tokens stay in use", endpoint, describe(token), reply);
            return Optional.empty();
        }
    }

    /** While the server has no password: an attempt without AUTH; NOAUTH ends that time. */
    private <C> Optional<Negotiated<C>> attemptWithoutAuth(String endpoint, AuthAttempt<C> attempt) {
        counters.attempts.incrementAndGet();
        try {
            C result = attempt.attempt(null);
            counters.withoutAuth.incrementAndGet();
            return Optional.of(new Negotiated<>(result, null, false, false));
        } catch (RuntimeException failure) {
            if (ReplyClassifier.classify(failure) != AuthReply.AUTH_REQUIRED) {
                throw failure;
            }
            serverAskedForToken("a connection without AUTH at " + endpoint);
            return Optional.empty();
        }
    }

    /** The source holds no token: without AUTH if the server serves so, else its answer. */
    private <C> Negotiated<C> withoutAuthOrFail(String endpoint, AuthAttempt<C> attempt, String reason) {
        counters.attempts.incrementAndGet();
        C result = attempt.attempt(null);
        return enterWithoutAuth(endpoint, result, reason);
    }

    private <C> Negotiated<C> enterWithoutAuth(String endpoint, C result, String reason) {
        rejected = null;
        boolean changed = !withoutAuth.getAndSet(true);
        counters.withoutAuth.incrementAndGet();
        counters.tokenInUse.set(AuthStatistics.NO_PASSWORD);
        if (warnedWithoutAuth.compareAndSet(false, true)) {
            log.warn("redis-auth: connecting to Redis at {} without AUTH: {}. Tokens from {} are used as soon as the"
                    + " server asks for one.", endpoint, reason, source.description());
        } else if (changed) {
            log.info("redis-auth: connecting to Redis at {} without AUTH again: {}", endpoint, reason);
        }
        return new Negotiated<>(result, null, false, changed);
    }

    private TokenSet fetch() {
        TokenSet tokens = source.fetch();
        lastKnown = tokens;
        return tokens;
    }

    private TokenSet refresh() {
        TokenSet tokens = source.refresh();
        lastKnown = tokens;
        return tokens;
    }

    static String describe(AuthToken token) {
        return token.label() + "#" + token.fingerprint();
    }

    /** The mutable counters behind {@link AuthStatistics}. */
    private static final class Counters {
        final AtomicLong attempts = new AtomicLong();
        final AtomicLong authentications = new AtomicLong();
        final AtomicLong withoutAuth = new AtomicLong();
        final AtomicLong fallbacks = new AtomicLong();
        final AtomicLong rejections = new AtomicLong();
        final AtomicLong refreshes = new AtomicLong();
        final AtomicLong authRequired = new AtomicLong();
        final AtomicLong reauthentications = new AtomicLong();
        final AtomicLong reconnectAttempts = new AtomicLong();
        final AtomicLong reconnectFailures = new AtomicLong();
        final AtomicReference<String> tokenInUse = new AtomicReference<>(AuthStatistics.NO_TOKEN_YET);

        AuthStatistics snapshot() {
            return new AuthStatistics(attempts.get(), authentications.get(), withoutAuth.get(), fallbacks.get(),
                    rejections.get(), refreshes.get(), authRequired.get(), reauthentications.get(),
                    reconnectAttempts.get(), reconnectFailures.get(), tokenInUse.get());
        }
    }

    /**
     * Builds a {@link TokenNegotiator}. Not thread-safe; {@link #build()} copies.
     */
    public static final class Builder {
        private final TokenSource source;
        private Clock clock = Clock.systemUTC();
        private Duration demotionPeriod = DEFAULT_DEMOTION_PERIOD;
        private Duration rejectedRetryInterval = DEFAULT_REJECTED_RETRY_INTERVAL;

        private Builder(TokenSource source) {
            this.source = Objects.requireNonNull(source, "tokenSource");
        }

        /**
         * @param clock the time source for demotions and the retry interval; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param demotionPeriod how long a rejected token is tried last; default {@link #DEFAULT_DEMOTION_PERIOD};
         *     positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder demotionPeriod(Duration demotionPeriod) {
            this.demotionPeriod = positive("demotionPeriod", demotionPeriod);
            return this;
        }

        /**
         * @param interval after every candidate of a set was rejected (also after a refresh), how long
         *     negotiations that get the same set fail at once; default {@link #DEFAULT_REJECTED_RETRY_INTERVAL};
         *     zero or positive (zero: always try again)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder rejectedRetryInterval(Duration interval) {
            Objects.requireNonNull(interval, "rejectedRetryInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("rejectedRetryInterval=" + interval + ": must be zero (always try again) or positive");
            }
            this.rejectedRetryInterval = interval;
            return this;
        }

        /** @return a new negotiator with no history */
        public TokenNegotiator build() {
            return new TokenNegotiator(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + "=" + value + ": must be positive");
            }
            return value;
        }
    }
}
