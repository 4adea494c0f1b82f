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
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.connection.ReauthenticationFailedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The brain of one rotation-safe client: decides which token the next handshake sends, learns from
 * failures, and tells live connections to re-authenticate.
 *
 * <ul>
 *   <li>Handshakes (connect and every reconnect) ask {@link #credentialsProvider()}: the first token of
 *       {@link RotationState#attemptOrder}, or no password while the server has none.</li>
 *   <li>A rejection anywhere (fresh connect, {@code ReconnectFailedEvent}, {@code ReauthenticationFailedEvent})
 *       starts one single-flight <em>negotiation</em>: each candidate is tried on a probe connection of its
 *       own, so a verdict always belongs to the token that earned it; the winner is recorded; when all are
 *       rejected the source is refreshed once and the round repeated. Handshakes wait for it.</li>
 *   <li>{@code NO_PASSWORD_SET} switches to "no password" (warned once); {@code NOAUTH} (handshake
 *       {@code PING} or any live command) switches back and re-authenticates live connections.</li>
 *   <li>A poll (and {@link #refreshTokens()}) adopts the source's new preferred token as soon as the server
 *       accepts it, re-authenticating live connections.</li>
 * </ul>
 *
 * <p>Thread-safe. Logs labels and fingerprints only.
 */
public final class AuthCoordinator implements AutoCloseable, NoAuthRetry {

    private static final Logger log = LoggerFactory.getLogger("io.github.redisauth.lettuce");
    private static final RedisCredentials NO_PASSWORD = RedisCredentials.just(null, (char[]) null);
    private static final long REAUTH_MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final AtomicLong THREADS = new AtomicLong();

    private final TokenSource source;
    private final RotationState state;
    private final TokenProber prober;
    private final RotatingCredentialsProvider provider;
    private final AuthCounters counters = new AuthCounters();
    private final ScheduledExecutorService executor;
    private final AtomicBoolean noPassword = new AtomicBoolean();
    private final AtomicBoolean warnedNoPassword = new AtomicBoolean();
    private final AtomicReference<AuthToken> lastIssued = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Void>> negotiation = new AtomicReference<>();
    private final AtomicLong lastReauthNanos = new AtomicLong(System.nanoTime() - REAUTH_MIN_INTERVAL_NANOS);
    private final List<Disposable> subscriptions = new ArrayList<>();

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
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-auth-lettuce-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        subscriptions.add(resources.eventBus().get().subscribe(event -> {
            if (event instanceof ReconnectAttemptEvent) {
                counters.reconnectAttempts.incrementAndGet();
            } else if (event instanceof ReconnectFailedEvent failed) {
                counters.reconnectFailures.incrementAndGet();
                onAuthFailure(failed.getCause(), "reconnect");
            } else if (event instanceof ReauthenticationFailedEvent failed) {
                onAuthFailure(failed.getCause(), "re-authentication");
            }
        }, e -> log.warn("redis-auth: event bus subscription ended: {}", e.toString())));
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
     * Watches {@code client}'s failed commands for {@code NOAUTH}.
     *
     * @param client the client whose connections use {@link #credentialsProvider()}
     */
    public void watch(AbstractRedisClient client) {
        client.addListener(new CommandListener() {
            @Override
            public void commandFailed(CommandFailedEvent event) {
                if (ReplyClassifier.classify(event.getCause()) == AuthReply.AUTH_REQUIRED) {
                    counters.authRequired.incrementAndGet();
                    onAuthRequired("a live command");
                }
            }
        });
    }

    /**
     * Runs a fresh connect; on an authentication answer adjusts (negotiates the token, or switches to or
     * from "no password") and connects again, at most three more times.
     *
     * @param connect opens the connection with URIs carrying {@link #credentialsProvider()}
     * @param <T> the connection type
     * @return the connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh
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
                        negotiateAndWait();
                    }
                    case NO_PASSWORD_SET -> enterNoPassword("connect");
                    case AUTH_REQUIRED -> {
                        counters.authRequired.incrementAndGet();
                        noPassword.set(false);
                        negotiateAndWait();
                    }
                    default -> throw e;
                }
            }
        }
        throw last;
    }

    /**
     * Asks the source now, bypassing its cache ({@link TokenSource#refresh()}), and adopts its preferred
     * token if the server accepts it (live connections re-authenticate). Blocks for at most one probe.
     */
    public void refreshTokens() {
        try {
            CompletableFuture.runAsync(() -> poll(true), executor).join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    @Override
    public RedisCredentials credentialsAfterNoAuth() {
        counters.authRequired.incrementAndGet();
        if (noPassword.compareAndSet(true, false)) {
            log.info("redis-auth: the server now asks for a token (NOAUTH on a live command); authenticating and resending");
        }
        try {
            List<AuthToken> order = state.attemptOrder(source.fetch());
            if (order.isEmpty()) {
                return null;
            }
            counters.tokenInUse.set(Describe.token(order.get(0)));
            return credentials(order.get(0));
        } catch (RuntimeException e) {
            log.warn("redis-auth: cannot authenticate after NOAUTH: {}", e.getMessage());
            return null;
        }
    }

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
        Mono<Void> wait = inFlight == null ? Mono.empty() : Mono.fromFuture(inFlight).onErrorResume(e -> Mono.empty());
        return wait.then(Mono.fromCallable(this::currentCredentials));
    }

    private RedisCredentials currentCredentials() {
        if (noPassword.get()) {
            return NO_PASSWORD;
        }
        List<AuthToken> order = state.attemptOrder(source.fetch());
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

    private void onAuthFailure(Throwable cause, String where) {
        switch (ReplyClassifier.classify(cause)) {
            case REJECTED -> {
                counters.rejections.incrementAndGet();
                log.info("redis-auth: a token was rejected on {}; negotiating", where);
                negotiate();
            }
            case AUTH_REQUIRED -> {
                counters.authRequired.incrementAndGet();
                onAuthRequired(where);
            }
            case NO_PASSWORD_SET -> enterNoPassword(where);
            default -> {
            }
        }
    }

    private void onAuthRequired(String where) {
        if (noPassword.compareAndSet(true, false)) {
            log.info("redis-auth: the server now asks for a token ({}); sending tokens again", where);
            reauthenticateLiveConnections(true);
        } else {
            reauthenticateLiveConnections(false);
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

    /** Sends the current token to every live connection; rate-limited unless {@code force}. */
    private void reauthenticateLiveConnections(boolean force) {
        long now = System.nanoTime();
        long previous = lastReauthNanos.get();
        if (!force && now - previous < REAUTH_MIN_INTERVAL_NANOS) {
            return;
        }
        if (!lastReauthNanos.compareAndSet(previous, now) && !force) {
            return;
        }
        List<AuthToken> order = state.attemptOrder(source.fetch());
        if (order.isEmpty() || noPassword.get()) {
            return;
        }
        AuthToken token = order.get(0);
        counters.reauthentications.incrementAndGet();
        counters.tokenInUse.set(Describe.token(token));
        log.debug("redis-auth: re-authenticating live connections with {}", Describe.token(token));
        provider.publish(credentials(token));
    }

    /** Starts a negotiation unless one is running. */
    private CompletableFuture<Void> negotiate() {
        while (true) {
            CompletableFuture<Void> running = negotiation.get();
            if (running != null) {
                return running;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            if (negotiation.compareAndSet(null, mine)) {
                executor.execute(() -> {
                    try {
                        runNegotiation();
                        mine.complete(null);
                    } catch (RuntimeException e) {
                        log.warn("redis-auth: token negotiation failed: {}", e.getMessage());
                        mine.completeExceptionally(e);
                    } finally {
                        negotiation.compareAndSet(mine, null);
                    }
                });
                return mine;
            }
        }
    }

    private void negotiateAndWait() {
        try {
            negotiate().join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private void runNegotiation() {
        List<String> tried = new ArrayList<>();
        AuthToken before = state.winner().orElse(null);
        for (int round = 0; round < 2; round++) {
            TokenSet tokens = round == 0 ? source.fetch() : source.refresh();
            List<AuthToken> order = state.attemptOrder(tokens);
            if (order.isEmpty()) {
                enterNoPassword("token source " + source.description() + " has no token");
                return;
            }
            for (AuthToken token : order) {
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
                        enterNoPassword("probe");
                        return;
                    }
                    default -> throw verdict.failure();
                }
            }
            if (round == 0) {
                log.info("redis-auth: every token from {} was rejected; refreshing the source once", source.description());
            }
        }
        TokensRejectedException failure = new TokensRejectedException(prober.firstTarget(), source.description(), tried);
        log.error("redis-auth: {}", failure.getMessage());
        throw failure;
    }

    private void adopt(AuthToken token, AuthToken before) {
        state.recordSuccess(token);
        boolean wasNoPassword = noPassword.getAndSet(false);
        counters.tokenInUse.set(Describe.token(token));
        if (wasNoPassword || (before != null && !before.equals(token))) {
            counters.fallbacks.incrementAndGet();
            log.info("redis-auth: now using {} (was {})", Describe.token(token),
                    wasNoPassword ? "no password" : Describe.token(before));
            reauthenticateLiveConnections(true);
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
        AuthToken preferred = tokens.preferred().orElse(null);
        if (preferred == null) {
            return;
        }
        AuthToken winner = state.winner().orElse(null);
        if (!noPassword.get() && (preferred.equals(winner) || state.isDemoted(preferred))) {
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

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : e;
    }

    @Override
    public void close() {
        subscriptions.forEach(Disposable::dispose);
        executor.shutdownNow();
        provider.complete();
        prober.close();
    }
}
