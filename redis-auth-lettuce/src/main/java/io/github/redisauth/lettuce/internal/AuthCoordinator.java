package io.github.redisauth.lettuce.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.RotationState;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.lettuce.AuthStatistics;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.lettuce.TokensRejectedException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.connection.ReauthenticationFailedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The brain of one rotation-safe client: decides which token the next handshake sends, learns from
 * failures, and tells live connections to re-authenticate.
 *
 * <ul>
 *   <li>Handshakes (connect and every reconnect) ask {@link #credentialsProvider()}: the first token of
 *       {@link RotationState#attemptOrder}, or no password while the server has none.</li>
 *   <li>Only this client's connections count: events on the shared event bus are matched to the endpoint ids
 *       of the connections this client opened ({@link #connectionOpened}).</li>
 *   <li>A rejection anywhere (fresh connect, {@code ReconnectFailedEvent}, {@code ReauthenticationFailedEvent})
 *       starts one single-flight <em>negotiation</em> on this coordinator's own thread: each candidate is tried
 *       on a probe connection of its own, so a verdict always belongs to the token that earned it; the winner
 *       is recorded; when all are rejected the source is refreshed once and the round repeated, then the failed
 *       set is not probed again for {@link LettuceAuthConfig#DEFAULT_REJECTED_RETRY_INTERVAL} unless the source
 *       changes. Handshakes wait for it, bounded by {@link #negotiationTimeout()}.</li>
 *   <li>{@code NO_PASSWORD_SET} is never taken on trust (ElastiCache sends it briefly during reconnects): the
 *       negotiation confirms it with a {@code PING} without AUTH before the whole client goes without AUTH
 *       (warned once). {@code NOAUTH} switches back; the token is confirmed by a probe before live connections
 *       are told to re-authenticate with it.</li>
 *   <li>Only tokens a probe accepted are published to live connections; a single connection's {@code NOAUTH}
 *       is handled on that connection alone ({@link NoAuthRetryingWriter}).</li>
 *   <li>Nothing here blocks a Netty event loop: paths called from one (command listener, NOAUTH retry, event
 *       bus) use the last token set known and hand any probe or source call to the coordinator's thread.</li>
 *   <li>A poll (and {@link #refreshTokens()}) adopts the source's new preferred token as soon as the server
 *       accepts it, re-authenticating live connections.</li>
 * </ul>
 *
 * <p>Thread-safe. Logs labels and fingerprints only.
 */
public final class AuthCoordinator implements AutoCloseable, NoAuthRetry {

    private static final Logger log = LoggerFactory.getLogger("io.github.redisauth.lettuce");
    private static final RedisCredentials NO_PASSWORD = RedisCredentials.just(null, (char[]) null);
    private static final AtomicLong THREADS = new AtomicLong();
    /** At most three candidates, two rounds (before and after one refresh), one {@code PING} confirming "no password". */
    static final int MAX_PROBES_PER_NEGOTIATION = 2 * 3 + 1;
    /** What a negotiation may spend in the token source: a fetch and a refresh, each possibly waiting for a slow store. */
    static final Duration SOURCE_ALLOWANCE = Duration.ofSeconds(60);
    private static final Method EVENT_ENDPOINT_ID = eventEndpointIdAccessor();

    /** A token set every candidate of which was rejected, and when. */
    private record Rejected(TokenSet tokens, long atNanos, String endpoint, List<String> tried) {
    }

    private final TokenSource source;
    private final RotationState state;
    private final TokenProber prober;
    private final RotatingCredentialsProvider provider;
    private final AuthCounters counters = new AuthCounters();
    private final ScheduledExecutorService executor;
    private final Duration negotiationTimeout;
    private final long rejectedRetryNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean noPassword = new AtomicBoolean();
    private final AtomicBoolean warnedNoPassword = new AtomicBoolean();
    /** Set when the server started asking for a token: live connections get the next confirmed one. */
    private final AtomicBoolean liveConnectionsNeedToken = new AtomicBoolean();
    private final AtomicReference<AuthToken> lastIssued = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> negotiation = new AtomicReference<>();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> endpointIds = ConcurrentHashMap.newKeySet();
    private final List<Disposable> subscriptions = new ArrayList<>();
    /** The last set read from the source, for paths that must not read it (event loops). */
    private volatile TokenSet lastKnown;
    private volatile Rejected lastRejected;

    /**
     * @param config the configuration
     * @param resources the resources the client uses (its event bus is watched)
     * @param probeOptions the client options (TLS settings) probes use
     * @param probeTargets the endpoints probes connect to, credentials ignored
     */
    public AuthCoordinator(LettuceAuthConfig config, ClientResources resources, ClientOptions probeOptions,
            List<RedisURI> probeTargets) {
        this.source = config.tokenSource();
        warnAboutTokensInLettuceTraceLog();
        warnAboutUncachedSecretsManager(source);
        this.state = RotationState.builder().demotionPeriod(config.demotionPeriod()).build();
        this.prober = new TokenProber(resources, probeOptions, probeTargets, config.probeTimeout());
        this.provider = new RotatingCredentialsProvider(this::resolve);
        this.negotiationTimeout = config.probeTimeout()
                .multipliedBy((long) MAX_PROBES_PER_NEGOTIATION * Math.max(1, probeTargets.size()))
                .plus(SOURCE_ALLOWANCE);
        this.rejectedRetryNanos = LettuceAuthConfig.DEFAULT_REJECTED_RETRY_INTERVAL.toNanos();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-auth-lettuce-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        subscriptions.add(resources.eventBus().get().subscribe(this::onEvent,
                e -> log.warn("redis-auth: event bus subscription ended: {}", e.toString())));
        Duration poll = config.sourcePollInterval();
        if (!poll.isZero()) {
            executor.scheduleWithFixedDelay(this::pollQuietly, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The logger Lettuce's {@code CommandEncoder} writes every command to at TRACE, {@code AUTH <token>} included. */
    static final String LETTUCE_COMMAND_ENCODER_LOGGER = "io.lettuce.core.protocol.CommandEncoder";

    /**
     * Lettuce logs each command it encodes, arguments included, at TRACE: with that level on, every
     * {@code AUTH} sent by a handshake, a re-authentication or a NOAUTH retry puts the token in the log.
     */
    private static void warnAboutTokensInLettuceTraceLog() {
        if (LoggerFactory.getLogger(LETTUCE_COMMAND_ENCODER_LOGGER).isTraceEnabled()) {
            log.warn("redis-auth: logger {} is at TRACE: Lettuce then logs every command it sends, AUTH tokens included."
                    + " Set it to DEBUG or higher outside short local debugging sessions", LETTUCE_COMMAND_ENCODER_LOGGER);
        }
    }

    /**
     * A raw {@code SecretsManagerTokenSource} calls Secrets Manager on every handshake; it is meant to be wrapped
     * in a {@code CachingTokenSource}. Compared by name: the AWS SDK is an optional dependency of core.
     */
    private static void warnAboutUncachedSecretsManager(TokenSource source) {
        if ("io.github.redisauth.SecretsManagerTokenSource".equals(source.getClass().getName())) {
            log.warn("redis-auth: token source {} is a SecretsManagerTokenSource without a cache: every connect,"
                    + " reconnect and poll calls Secrets Manager. Wrap it: CachingTokenSource.builder(source).build()"
                    + " or TokenSources.cached(source)", source.description());
        }
    }

    /** @return the provider to set on every endpoint URI */
    public RotatingCredentialsProvider credentialsProvider() {
        return provider;
    }

    /**
     * The longest a caller waits for a negotiation: {@link #MAX_PROBES_PER_NEGOTIATION} probes of at most
     * {@code probeTimeout} on each probe target, plus {@link #SOURCE_ALLOWANCE}. With the defaults and one
     * endpoint 130 s, longer than Lettuce's handshake timeout (the URI timeout, 60 s by default): a reconnect
     * handshake waiting for a slow negotiation times out first and Lettuce simply reconnects again.
     *
     * @return the bound
     */
    public Duration negotiationTimeout() {
        return negotiationTimeout;
    }

    /**
     * Watches {@code client}'s failed commands for {@code NOAUTH}. The listener runs on a Netty event loop: it
     * only flips flags and hands work to the coordinator's thread.
     *
     * @param client the client whose connections use {@link #credentialsProvider()}
     */
    public void watch(AbstractRedisClient client) {
        client.addListener(new CommandListener() {
            @Override
            public void commandFailed(CommandFailedEvent event) {
                if (ReplyClassifier.classify(event.getCause()) == AuthReply.AUTH_REQUIRED) {
                    counters.authRequired.incrementAndGet();
                    leaveNoPassword("a live command");
                }
            }
        });
    }

    @Override
    public void connectionOpened(String endpointId) {
        if (endpointId != null) {
            endpointIds.add(endpointId);
        }
    }

    @Override
    public void connectionClosed(String endpointId) {
        if (endpointId != null) {
            endpointIds.remove(endpointId);
        }
    }

    /**
     * Runs a fresh connect; on an authentication answer adjusts (negotiates the token, or switches to or
     * from "no password") and connects again, at most three more times.
     *
     * @param connect opens the connection with URIs carrying {@link #credentialsProvider()}
     * @param <T> the connection type
     * @return the connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh
     * @throws RedisConnectionException when a negotiation did not finish within {@link #negotiationTimeout()}, or
     *     the client was closed meanwhile
     * @throws RuntimeException what {@code connect} threw when it was not about authentication
     */
    public <T> T connect(Supplier<T> connect) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                T connection = connect.get();
                AuthToken used = lastIssued.get();
                if (used != null && !noPassword.get()) {
                    // atomic, and never a token a concurrent negotiation has just demoted
                    state.recordSuccessIfNoWinner(used);
                }
                return connection;
            } catch (RuntimeException e) {
                last = e;
                AuthReply reply = ReplyClassifier.classify(e);
                log.debug("redis-auth: connect attempt {} failed ({}): {}", attempt + 1, reply, e.toString());
                switch (reply) {
                    case REJECTED -> {
                        counters.rejections.incrementAndGet();
                        await(negotiate("connect"));
                    }
                    // never taken on trust: the negotiation confirms it with a PING without AUTH
                    case NO_PASSWORD_SET -> await(negotiate("connect"));
                    case AUTH_REQUIRED -> {
                        counters.authRequired.incrementAndGet();
                        leaveNoPassword("connect");
                        await(negotiate("connect"));
                    }
                    default -> {
                        if (!handshakeClosedPrematurely(e)) {
                            throw e;
                        }
                        // the probes use static credentials, so they see the server's real answer
                        await(negotiate("connect"));
                    }
                }
            }
        }
        throw last;
    }

    /**
     * Lettuce 7.7 runs the handshake of a non-immediate credentials provider (ours: it may wait for a
     * negotiation) off the event loop; when the server refuses the token quickly, the channel close can
     * overtake the reply and the connect fails with "Connection closed prematurely" instead of the
     * server's WRONGPASS / invalid password. Seen under load; treated as "unknown, negotiate".
     */
    static boolean handshakeClosedPrematurely(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Connection closed prematurely")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks the source now, bypassing its cache ({@link TokenSource#refresh()}), and adopts its preferred
     * token if the server accepts it (live connections re-authenticate). Blocks for at most one probe and
     * the source, bounded by {@link #negotiationTimeout()}.
     */
    public void refreshTokens() {
        await(submit(() -> {
            poll(true);
            return null;
        }));
    }

    /** Called on a Netty event loop: no I/O here, only the last token set known. */
    @Override
    public RedisCredentials credentialsAfterNoAuth() {
        counters.authRequired.incrementAndGet();
        leaveNoPassword("NOAUTH on a live command");
        TokenSet known = lastKnown;
        if (known == null) {
            submit(() -> lastKnown = source.fetch()); // ready for the next NOAUTH
            return null;
        }
        List<AuthToken> order = state.attemptOrder(known);
        return order.isEmpty() ? null : credentials(order.get(0));
    }

    /** Called on a Netty event loop. */
    @Override
    public void authAfterNoAuthCompleted(Throwable failure) {
        if (failure != null) {
            onAuthFailure(failure, "AUTH after NOAUTH");
        }
    }

    /** @return a snapshot of the counters */
    public AuthStatistics statistics() {
        return counters.snapshot();
    }

    private Mono<RedisCredentials> resolve() {
        CompletableFuture<Void> inFlight = negotiation.get();
        // a copy: a handshake timing out cancels its own wait, never the shared negotiation
        Mono<Void> wait = inFlight == null ? Mono.empty()
                : Mono.fromFuture(inFlight.copy()).timeout(negotiationTimeout).onErrorResume(e -> Mono.empty());
        return wait.then(Mono.fromCallable(this::currentCredentials).subscribeOn(Schedulers.boundedElastic()));
    }

    private RedisCredentials currentCredentials() {
        if (noPassword.get()) {
            return NO_PASSWORD;
        }
        TokenSet tokens = source.fetch();
        lastKnown = tokens;
        List<AuthToken> order = state.attemptOrder(tokens);
        if (order.isEmpty()) {
            return NO_PASSWORD;
        }
        AuthToken token = order.get(0);
        lastIssued.set(token);
        counters.tokenInUse.set(Describe.token(token));
        return credentials(token);
    }

    private static RedisCredentials credentials(AuthToken token) {
        char[] value = token.value();
        try {
            return RedisCredentials.just(null, value);
        } finally {
            java.util.Arrays.fill(value, '\0');
        }
    }

    /** Event bus subscriber; may run on a Lettuce/Netty thread: no I/O. */
    private void onEvent(Event event) {
        if (event instanceof ReconnectAttemptEvent attempt) {
            if (isOurs(attempt)) {
                counters.reconnectAttempts.incrementAndGet();
            }
        } else if (event instanceof ReconnectFailedEvent failed) {
            if (isOurs(failed)) {
                counters.reconnectFailures.incrementAndGet();
                onAuthFailure(failed.getCause(), "reconnect");
            }
        } else if (event instanceof ReauthenticationFailedEvent failed) {
            if (failed.getEpId() == null || endpointIds.contains(failed.getEpId())) {
                onAuthFailure(failed.getCause(), "re-authentication");
            }
        }
    }

    /** Whether a connection event comes from one of this client's connections (shared resources carry others'). */
    private boolean isOurs(Event event) {
        if (EVENT_ENDPOINT_ID == null) {
            return true; // Lettuce hides the endpoint id (module path): accept, as before the filter existed
        }
        try {
            Object id = EVENT_ENDPOINT_ID.invoke(event);
            return id == null || endpointIds.contains(id.toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /** {@code ConnectionEventSupport.getEpId()}: package-private in Lettuce 7.7, the only tie of an event to a connection. */
    private static Method eventEndpointIdAccessor() {
        try {
            Method method = Class.forName("io.lettuce.core.event.connection.ConnectionEventSupport").getDeclaredMethod("getEpId");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("redis-auth: cannot read endpoint ids of Lettuce connection events ({}); events of other clients"
                    + " sharing the ClientResources are not filtered out", e.toString());
            return null;
        }
    }

    /** May run on a Netty event loop: only starts work on the coordinator's thread. */
    private void onAuthFailure(Throwable cause, String where) {
        switch (ReplyClassifier.classify(cause)) {
            case REJECTED -> {
                counters.rejections.incrementAndGet();
                log.info("redis-auth: a token was rejected on {}; negotiating", where);
                negotiate(where);
            }
            case AUTH_REQUIRED -> {
                counters.authRequired.incrementAndGet();
                leaveNoPassword(where);
            }
            case NO_PASSWORD_SET -> {
                log.debug("redis-auth: 'no password set' on {}; confirming before going without AUTH", where);
                negotiate(where);
            }
            default -> {
            }
        }
    }

    /**
     * The server asks for a token: handshakes send tokens again at once; live connections are told to
     * re-authenticate only with a token a negotiation confirmed. Never blocks.
     */
    private void leaveNoPassword(String where) {
        if (noPassword.compareAndSet(true, false)) {
            log.info("redis-auth: the server now asks for a token ({}); sending tokens again", where);
            liveConnectionsNeedToken.set(true);
            negotiate(where);
        }
    }

    private void enterNoPassword(String where) {
        if (noPassword.compareAndSet(false, true)) {
            counters.tokenInUse.set(AuthStatistics.NO_PASSWORD);
        }
        if (warnedNoPassword.compareAndSet(false, true)) {
            log.warn("redis-auth: the server has no password set ({}); connecting without AUTH until it asks for one."
                    + " Tokens from {} will be used as soon as it does.", where, source.description());
        } else {
            log.debug("redis-auth: server has no password set ({})", where);
        }
    }

    /** Tells every live connection to re-authenticate with {@code token}, which a probe has just accepted. */
    private void publish(AuthToken token) {
        counters.reauthentications.incrementAndGet();
        log.debug("redis-auth: re-authenticating live connections with {}", Describe.token(token));
        provider.publish(credentials(token));
    }

    /** Starts a negotiation on the coordinator's thread unless one is running; never blocks. */
    private CompletableFuture<Void> negotiate(String where) {
        while (true) {
            CompletableFuture<Void> running = negotiation.get();
            if (running != null) {
                if (!running.isDone()) {
                    return running;
                }
                negotiation.compareAndSet(running, null);
                continue;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (negotiation.compareAndSet(null, mine)) {
                submit(() -> {
                    runNegotiation(where);
                    return null;
                }).whenComplete((ok, failure) -> {
                    negotiation.compareAndSet(mine, null);
                    if (failure == null) {
                        mine.complete(null);
                    } else {
                        if (!(failure instanceof TokensRejectedException)) {
                            log.warn("redis-auth: token negotiation failed: {}", failure.getMessage());
                        }
                        mine.completeExceptionally(failure);
                    }
                });
                return mine;
            }
        }
    }

    /**
     * Runs {@code task} on the coordinator's thread. The future fails (never hangs) when the executor refuses
     * the task or the coordinator is closed before it ran.
     */
    private <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        pending.add(future);
        future.whenComplete((r, e) -> pending.remove(future));
        if (closed.get()) {
            future.completeExceptionally(closedException());
            return future;
        }
        try {
            executor.execute(() -> {
                try {
                    future.complete(task.call());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(closedException());
        }
        return future;
    }

    /** Waits at most {@link #negotiationTimeout()} for work on the coordinator's thread. */
    private void await(CompletableFuture<?> future) {
        try {
            future.get(negotiationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RedisConnectionException("redis-auth: token negotiation with " + prober.firstTarget()
                    + " did not finish within " + negotiationTimeout + " (" + MAX_PROBES_PER_NEGOTIATION
                    + " probes of at most probeTimeout on each endpoint, plus " + SOURCE_ALLOWANCE
                    + " for the token source " + source.description() + ")");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new RedisConnectionException("redis-auth: token negotiation failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("redis-auth: interrupted while waiting for a token negotiation", e);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw closedException();
        }
    }

    private static RedisConnectionException closedException() {
        return new RedisConnectionException("redis-auth: the client was closed");
    }

    private void runNegotiation(String where) {
        List<String> tried = new ArrayList<>();
        AuthToken before = state.winner().orElse(null);
        boolean passwordConfirmed = false;
        TokenSet tokens = source.fetch();
        lastKnown = tokens;
        Rejected previous = lastRejected;
        if (previous != null && previous.tokens().equals(tokens) && System.nanoTime() - previous.atNanos() < rejectedRetryNanos) {
            log.debug("redis-auth: every token of {} was rejected less than {} ago; not probing them again yet ({})",
                    source.description(), LettuceAuthConfig.DEFAULT_REJECTED_RETRY_INTERVAL, where);
            throw new TokensRejectedException(previous.endpoint(), source.description(), previous.tried());
        }
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                tokens = source.refresh();
                lastKnown = tokens;
            }
            List<AuthToken> order = state.attemptOrder(tokens);
            if (order.isEmpty()) {
                enterNoPassword("token source " + source.description() + " has no token");
                return;
            }
            boolean inconclusive = false;
            for (AuthToken token : order) {
                requireOpen(); // a source call may outlive close(): no probe on a closed client
                counters.probes.incrementAndGet();
                TokenProber.Verdict verdict = prober.probe(token);
                if (verdict.accepted()) {
                    adopt(token, before);
                    return;
                }
                switch (verdict.reply()) {
                    case REJECTED -> {
                        counters.rejections.incrementAndGet();
                        state.recordRejection(token);
                        tried.add(Describe.token(token));
                        log.info("redis-auth: {} rejected {}", verdict.endpoint(), Describe.token(token));
                    }
                    case NO_PASSWORD_SET -> {
                        if (!passwordConfirmed) {
                            counters.probes.incrementAndGet();
                            TokenProber.Verdict none = prober.probe(null);
                            if (none.accepted()) {
                                enterNoPassword(where + "; confirmed by a PING without AUTH");
                                return;
                            }
                            passwordConfirmed = true;
                            log.info("redis-auth: {} answered 'no password set' to {} ({}) but does not accept commands"
                                    + " without AUTH ({}): a transient answer, tokens stay in use", verdict.endpoint(),
                                    Describe.token(token), where, none.reply());
                        }
                        inconclusive = true;
                    }
                    default -> throw verdict.failure();
                }
            }
            if (inconclusive) {
                return; // not every token was rejected: the next handshake tries again
            }
            if (round == 0) {
                log.info("redis-auth: every token from {} was rejected; refreshing the source once", source.description());
            }
        }
        TokensRejectedException failure = new TokensRejectedException(prober.firstTarget(), source.description(), tried);
        if (previous == null || !previous.tokens().equals(tokens)) {
            log.error("redis-auth: {}", failure.getMessage());
        } else {
            log.warn("redis-auth: still rejected: {}", failure.getMessage());
        }
        lastRejected = new Rejected(tokens, System.nanoTime(), prober.firstTarget(), List.copyOf(tried));
        throw failure;
    }

    /** {@code token} was accepted by a probe just now: record it and, if it changes anything, publish it. */
    private void adopt(AuthToken token, AuthToken before) {
        state.recordSuccess(token);
        lastRejected = null;
        boolean wasNoPassword = noPassword.getAndSet(false);
        boolean liveNeedToken = liveConnectionsNeedToken.getAndSet(false);
        counters.tokenInUse.set(Describe.token(token));
        if (wasNoPassword || liveNeedToken || (before != null && !before.equals(token))) {
            counters.fallbacks.incrementAndGet();
            log.info("redis-auth: now using {} (was {})", Describe.token(token),
                    wasNoPassword || liveNeedToken || before == null ? "no password" : Describe.token(before));
            publish(token);
        } else if (before == null) {
            log.info("redis-auth: using {}", Describe.token(token));
        }
    }

    private void pollQuietly() {
        try {
            poll(false);
        } catch (RuntimeException e) {
            log.warn("redis-auth: polling {} failed: {}", source.description(), e.getMessage());
        }
    }

    /** @param now true: {@link TokenSource#refresh()} (bypass the source's cache); false: {@link TokenSource#fetch()} */
    private void poll(boolean now) {
        TokenSet tokens = now ? source.refresh() : source.fetch();
        lastKnown = tokens;
        AuthToken preferred = tokens.preferred().orElse(null);
        if (preferred == null) {
            return;
        }
        requireOpen();
        AuthToken winner = state.winner().orElse(null);
        if (!noPassword.get() && !liveConnectionsNeedToken.get() && (preferred.equals(winner) || state.isDemoted(preferred))) {
            return;
        }
        counters.probes.incrementAndGet();
        TokenProber.Verdict verdict = prober.probe(preferred);
        if (verdict.accepted()) {
            adopt(preferred, winner);
        } else {
            log.debug("redis-auth: {} not accepted yet by {} ({})", Describe.token(preferred), verdict.endpoint(), verdict.reply());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(Disposable::dispose);
        executor.shutdownNow();
        RedisConnectionException closing = closedException();
        CompletableFuture<Void> running = negotiation.getAndSet(null);
        if (running != null) {
            running.completeExceptionally(closing);
        }
        for (CompletableFuture<?> future : List.copyOf(pending)) {
            future.completeExceptionally(closing);
        }
        provider.complete();
        prober.close();
    }
}
