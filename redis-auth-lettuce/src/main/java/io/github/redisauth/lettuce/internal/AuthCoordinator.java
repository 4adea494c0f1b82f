package io.github.redisauth.lettuce.internal;

import io.github.redisauth.AuthAttempt;
import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthStatistics;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokenNegotiator.Negotiated;
import io.github.redisauth.TokenNegotiator.Offer;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * Adapts one rotation-safe Lettuce client to the {@link TokenNegotiator}, which owns every rule of choosing a
 * token (order, demotion, refresh once, the memory of a rejected set, "no password set", counters). What is
 * Lettuce-specific lives here:
 *
 * <ul>
 *   <li>Handshakes (connect and every reconnect) ask {@link #credentialsProvider()}, which answers with
 *       {@link TokenNegotiator#offer()}. Lettuce sends one credential per handshake and does not say which
 *       handshake failed; a fresh {@link #connect} reports the outcome to the negotiator when every offer made
 *       while it ran carried the same token (then the outcome is that token's).</li>
 *   <li>An authentication answer anywhere (fresh connect, {@code ReconnectFailedEvent},
 *       {@code ReauthenticationFailedEvent}) starts one single-flight negotiation on this coordinator's own
 *       thread, trying candidates on probe connections ({@link TokenProber}). Handshakes and connects wait for
 *       it, bounded by {@link #negotiationTimeout()}. When it says the token in use changed, live connections
 *       are told to re-authenticate (Lettuce's streaming credentials).</li>
 *   <li>Only this client's connections count: events on the shared event bus are matched to the endpoint ids
 *       of the connections this client opened.</li>
 *   <li>{@code NOAUTH} on a live command: {@link TokenNegotiator#serverAskedForToken(String)}, and the command is
 *       resent after an {@code AUTH} on that connection alone ({@link NoAuthRetryingWriter}).</li>
 *   <li>Nothing here blocks a Netty event loop: paths called from one (command listener, NOAUTH retry, event
 *       bus) use {@link TokenNegotiator#offerFromLastKnown()} and hand probes and source calls to the
 *       coordinator's thread.</li>
 *   <li>A poll (and {@link #refreshTokens()}) adopts the source's new preferred token
 *       ({@link TokenNegotiator#adoptPreferred}).</li>
 * </ul>
 *
 * <p>Thread-safe. Logs labels and fingerprints only.
 */
public final class AuthCoordinator implements AutoCloseable, NoAuthRetry {

    private static final Logger log = LoggerFactory.getLogger("io.github.redisauth.lettuce");
    private static final RedisCredentials NO_PASSWORD = RedisCredentials.just(null, (char[]) null);
    private static final AtomicLong THREADS = new AtomicLong();
    /**
     * The most attempts one negotiation makes: one without AUTH (while the server had none), three candidates
     * before and three after one refresh, one without AUTH confirming "no password set".
     */
    static final int MAX_ATTEMPTS_PER_NEGOTIATION = 1 + 2 * 3 + 1;
    /** What a negotiation may spend in the token source: a fetch and a refresh, each possibly waiting for a slow store. */
    static final Duration SOURCE_ALLOWANCE = Duration.ofSeconds(60);
    /** A fresh connect is tried this often at most, the server's answers adjusting the offer in between. */
    static final int MAX_CONNECT_ATTEMPTS = 4;
    /** The logger Lettuce's {@code CommandEncoder} writes every command to at TRACE, {@code AUTH <token>} included. */
    static final String LETTUCE_COMMAND_ENCODER_LOGGER = "io.lettuce.core.protocol.CommandEncoder";
    private static final Method EVENT_ENDPOINT_ID = eventEndpointIdAccessor();
    /**
     * Why a negotiation runs when it was started by a dropped connection: the server may simply be gone, so its
     * failure is expected and logged at DEBUG; the reconnect that follows reports what matters.
     */
    static final String DROPPED_CONNECTION = "a dropped connection";

    private final TokenNegotiator negotiator;
    private final TokenProber prober;
    private final AuthAttempt<String> attempt;
    private final String endpoint;
    private final RotatingCredentialsProvider provider;
    private final ScheduledExecutorService executor;
    private final Duration negotiationTimeout;
    private final Duration sourceAllowance;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Negotiated<String>>> negotiation = new AtomicReference<>();
    /** A source read for the next NOAUTH is queued on the coordinator's thread: one at a time, not one per NOAUTH. */
    private final AtomicBoolean sourceReadQueued = new AtomicBoolean();
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> endpointIds = ConcurrentHashMap.newKeySet();
    /** The fresh connects running now, each collecting the offers made while it runs. */
    private final Set<OfferWindow> windows = ConcurrentHashMap.newKeySet();
    private final List<Disposable> subscriptions = new ArrayList<>();

    /**
     * @param config the configuration
     * @param resources the resources the client uses (its event bus is watched)
     * @param probeOptions the client options (TLS settings) probes use
     * @param probeTargets the endpoints probes connect to, credentials ignored
     */
    public AuthCoordinator(LettuceAuthConfig config, ClientResources resources, ClientOptions probeOptions,
            List<RedisURI> probeTargets) {
        this(config, resources, probeOptions, probeTargets, SOURCE_ALLOWANCE);
    }

    /** For tests: {@code sourceAllowance} instead of {@link #SOURCE_ALLOWANCE} in {@link #negotiationTimeout()}. */
    AuthCoordinator(LettuceAuthConfig config, ClientResources resources, ClientOptions probeOptions,
            List<RedisURI> probeTargets, Duration sourceAllowance) {
        warnAboutTokensInLettuceTraceLog();
        this.negotiator = TokenNegotiator.builder(config.tokenSource())
                .demotionPeriod(config.demotionPeriod())
                .rejectedRetryInterval(config.rejectedRetryInterval())
                .build();
        this.prober = new TokenProber(resources, probeOptions, probeTargets, config.probeTimeout());
        this.endpoint = prober.firstTarget();
        this.attempt = token -> {
            requireOpen(); // a source call may outlive close(): no probe on a closed client
            return prober.attempt(token);
        };
        this.provider = new RotatingCredentialsProvider(this::resolve);
        this.sourceAllowance = sourceAllowance;
        this.negotiationTimeout = config.probeTimeout()
                .multipliedBy((long) MAX_ATTEMPTS_PER_NEGOTIATION * Math.max(1, probeTargets.size()))
                .plus(sourceAllowance);
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

    /** @return the provider to set on every endpoint URI */
    public RotatingCredentialsProvider credentialsProvider() {
        return provider;
    }

    /**
     * The longest a caller waits for a negotiation: {@link #MAX_ATTEMPTS_PER_NEGOTIATION} probes of at most
     * {@code probeTimeout} on each probe target, plus {@link #SOURCE_ALLOWANCE}. With the defaults and one
     * endpoint 140 s, longer than Lettuce's handshake timeout (the URI timeout, 60 s by default): a reconnect
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
                    serverAskedForToken("a live command");
                }
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!connection.isClosed()) {
                    connectionLost();
                }
            }
        });
    }

    /**
     * A connection of this client dropped and Lettuce's watchdog will reconnect it. Called on the event loop
     * before the reconnect is even scheduled to run, so its handshake (and any topology refresh meanwhile) waits
     * for this negotiation and offers the token that works now. Without it a rotation's {@code SET} plus
     * dropped connections made every reconnect send the old token first, and Lettuce logs each such
     * {@code WRONGPASS} as a WARN with a stack trace before our negotiation could correct the offer. Costs one
     * probe per burst of drops (the last winner is tried first); drops during a running negotiation join it.
     */
    private void connectionLost() {
        if (closed.get()) {
            return;
        }
        CompletableFuture<Negotiated<String>> running = negotiation.get();
        if (running != null && !running.isDone()) {
            return;
        }
        negotiate(DROPPED_CONNECTION);
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
     * Runs a fresh connect; on an authentication answer reports it, negotiates and connects again, at most
     * {@link #MAX_CONNECT_ATTEMPTS} times in all.
     *
     * @param connect opens the connection with URIs carrying {@link #credentialsProvider()}
     * @param <T> the connection type
     * @return the connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or the same
     *     set was rejected less than {@code rejectedRetryInterval} ago
     * @throws RedisConnectionException when a negotiation did not finish within {@link #negotiationTimeout()}, or
     *     the client was closed meanwhile
     * @throws RuntimeException what {@code connect} threw when it was not about authentication, or the server's
     *     last inconclusive answer ("no password set", {@code NOAUTH}) when every attempt got one
     */
    public <T> T connect(Supplier<T> connect) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < MAX_CONNECT_ATTEMPTS; attempt++) {
            requireOpen();
            OfferWindow window = new OfferWindow();
            windows.add(window);
            T connection;
            try {
                connection = connect.get();
            } catch (RuntimeException e) {
                windows.remove(window);
                last = e;
                if (!adjustAfter(e, window.unambiguous(), attempt)) {
                    throw e;
                }
                continue;
            }
            windows.remove(window);
            window.unambiguous().ifPresent(negotiator::accepted);
            return connection;
        }
        throw last;
    }

    /**
     * After a failed fresh connect: reports the answer, negotiates when it was about authentication.
     *
     * @return true to connect again; false: the failure was not about authentication
     */
    private boolean adjustAfter(RuntimeException failure, Optional<Offer> offer, int attempt) {
        AuthReply reply = offer.isPresent() ? negotiator.failed(offer.get(), failure) : ReplyClassifier.classify(failure);
        log.debug("redis-auth: connect attempt {} with {} failed ({}): {}", attempt + 1,
                offer.map(Offer::toString).orElse("several offers"), reply, failure.toString());
        switch (reply) {
            case REJECTED, NO_PASSWORD_SET -> {
                // a rejection or an unconfirmed "no password set": the negotiation tries every candidate
            }
            case AUTH_REQUIRED -> {
                if (offer.isEmpty()) {
                    negotiator.serverAskedForToken("connect");
                }
            }
            default -> {
                if (!handshakeClosedPrematurely(failure)) {
                    return false;
                }
                // the probes use static credentials, so they see the server's real answer
            }
        }
        try {
            await(negotiate("connect"));
        } catch (RuntimeException e) {
            AuthReply outcome = ReplyClassifier.classify(e);
            if (outcome == AuthReply.REJECTED || outcome == AuthReply.OTHER) {
                throw e;
            }
            // "no password set" or NOAUTH without proof about any token: the next connect may succeed
            log.debug("redis-auth: negotiation inconclusive ({}); connecting again", outcome);
        }
        return true;
    }

    /**
     * Lettuce runs the handshake of a non-immediate credentials provider (ours: it may wait for a
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
     * Asks the source now, bypassing its cache, and adopts its preferred token if the server accepts it (live
     * connections re-authenticate). Blocks for at most one probe and the source, bounded by
     * {@link #negotiationTimeout()}.
     */
    public void refreshTokens() {
        await(submit(() -> {
            poll(true);
            return null;
        }));
    }

    /** Called on a Netty event loop: no I/O here, only the last token set known. */
    @Override
    public Offer offerAfterNoAuth() {
        serverAskedForToken("NOAUTH on a live command");
        Optional<Offer> offer = negotiator.offerFromLastKnown();
        if (offer.isEmpty()) {
            if (sourceReadQueued.compareAndSet(false, true)) {
                submit(() -> { // reads the source once, ready for the next NOAUTH
                    try {
                        return negotiator.offer();
                    } finally {
                        sourceReadQueued.set(false);
                    }
                });
            }
            return null;
        }
        return offer.get().token() == null ? null : offer.get();
    }

    /** Called on a Netty event loop: the outcome of exactly this offer, so it is reported as such. */
    @Override
    public void authAfterNoAuthCompleted(Offer offer, Throwable failure) {
        if (failure == null) {
            negotiator.accepted(offer);
            return;
        }
        AuthReply reply = negotiator.failed(offer, failure);
        if (reply == AuthReply.REJECTED || reply == AuthReply.NO_PASSWORD_SET) {
            negotiate("AUTH after NOAUTH");
        }
    }

    /** @return a snapshot of the negotiator's counters */
    public AuthStatistics statistics() {
        return negotiator.statistics();
    }

    /** The server asks for a token (NOAUTH); when the client was going without AUTH, confirm one and publish it. */
    private void serverAskedForToken(String where) {
        if (negotiator.serverAskedForToken(where)) {
            negotiate(where);
        }
    }

    private Mono<RedisCredentials> resolve() {
        CompletableFuture<?> inFlight = negotiation.get();
        // a copy: a handshake timing out cancels its own wait, never the shared negotiation
        Mono<Void> wait = inFlight == null ? Mono.empty()
                : Mono.fromFuture(inFlight.copy()).timeout(negotiationTimeout).onErrorResume(e -> Mono.empty()).then();
        return wait.then(Mono.fromCallable(this::offerCredentials).subscribeOn(Schedulers.boundedElastic()));
    }

    /** Runs on Reactor's bounded-elastic scheduler: may read the token source. */
    private RedisCredentials offerCredentials() {
        requireOpen();
        Offer offer = negotiator.offer();
        for (OfferWindow window : windows) {
            window.saw(offer);
        }
        return credentials(offer.token());
    }

    private static RedisCredentials credentials(AuthToken token) {
        if (token == null) {
            return NO_PASSWORD;
        }
        char[] value = token.value();
        try {
            return RedisCredentials.just(null, value); // copies
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /** Event bus subscriber; may run on a Lettuce/Netty thread: no I/O. */
    private void onEvent(Event event) {
        if (event instanceof ReconnectAttemptEvent attemptEvent) {
            if (isOurs(attemptEvent)) {
                negotiator.recordReconnectAttempt();
            }
        } else if (event instanceof ReconnectFailedEvent failed) {
            if (isOurs(failed)) {
                negotiator.recordReconnectFailure();
                onAuthFailure(failed.getCause(), "a reconnect");
            }
        } else if (event instanceof ReauthenticationFailedEvent failed) {
            if (failed.getEpId() == null || endpointIds.contains(failed.getEpId())) {
                onAuthFailure(failed.getCause(), "a re-authentication");
            }
        }
    }

    /**
     * May run on a Netty event loop: only starts work on the coordinator's thread. Which token the handshake
     * sent is unknown here (Lettuce does not say), so a rejection is settled by a negotiation.
     */
    private void onAuthFailure(Throwable cause, String where) {
        switch (ReplyClassifier.classify(cause)) {
            case REJECTED -> {
                log.info("redis-auth: a token was rejected on {}; negotiating", where);
                negotiate(where);
            }
            case NO_PASSWORD_SET -> {
                log.debug("redis-auth: 'no password set' on {}; confirming before going without AUTH", where);
                negotiate(where);
            }
            case AUTH_REQUIRED -> serverAskedForToken(where);
            default -> {
            }
        }
    }

    /** Whether a connection event comes from one of this client's connections (shared resources carry others'). */
    private boolean isOurs(Event event) {
        if (EVENT_ENDPOINT_ID == null) {
            return true; // the endpoint id cannot be read: accept, as before the filter existed
        }
        try {
            Object id = EVENT_ENDPOINT_ID.invoke(event);
            return id == null || endpointIds.contains(id.toString());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /**
     * {@code ConnectionEventSupport.getEpId()}: package-private in Lettuce 6.6 to 7.7, and no public API ties a
     * reconnect event to a connection. Looked up once; where it cannot be read (e.g. Lettuce on the module path
     * without {@code opens}) events are not filtered.
     */
    private static Method eventEndpointIdAccessor() {
        try {
            Method method = Class.forName("io.lettuce.core.event.connection.ConnectionEventSupport").getDeclaredMethod("getEpId");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("redis-auth: cannot read endpoint ids of Lettuce connection events ({}); events of other clients"
                    + " sharing the ClientResources are not filtered out", e.toString());
            return null;
        }
    }

    /** Tells every live connection to re-authenticate with {@code token}, which the server has just accepted. */
    private void publish(AuthToken token) {
        if (token == null) {
            return; // the server has no password: live connections need nothing
        }
        negotiator.recordReauthentication(token);
        log.debug("redis-auth: re-authenticating live connections with {}", Describe.token(token));
        provider.publish(credentials(token));
    }

    /**
     * Starts a negotiation on the coordinator's thread unless one is running; never blocks.
     *
     * <p>The shared future is completed before it is forgotten, so a caller arriving meanwhile gets this
     * negotiation's outcome, not a second negotiation. It is bounded by {@link #negotiationTimeout()}: when the
     * task has not finished by then (a token source hanging on the coordinator's thread), the future fails with
     * a {@link TimeoutException} and is forgotten, and the next caller starts a fresh negotiation instead of
     * joining one that may never end. The stuck task is not interrupted (the source, or a probe, may not
     * survive it): it keeps the coordinator's thread until the source returns, and its outcome still counts in
     * the negotiator (and a changed token is still published) but reaches no waiter. Work queued meanwhile
     * (polls, at most one source read for NOAUTH, the fresh negotiation) runs after it; a queued negotiation
     * whose future timed out before it started is skipped. Every caller's wait stays bounded meanwhile.
     *
     * @return the shared future; package-private for tests
     */
    CompletableFuture<Negotiated<String>> negotiate(String where) {
        while (true) {
            CompletableFuture<Negotiated<String>> running = negotiation.get();
            if (running != null) {
                if (!running.isDone()) {
                    return running;
                }
                negotiation.compareAndSet(running, null);
                continue;
            }
            CompletableFuture<Negotiated<String>> mine = new CompletableFuture<>();
            if (!negotiation.compareAndSet(null, mine)) {
                continue;
            }
            // forgotten only once completed (outcome, failure, timeout or close)
            mine.orTimeout(negotiationTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
                negotiation.compareAndSet(mine, null);
                if (failure instanceof TimeoutException) {
                    log.warn("redis-auth: token negotiation ({}) did not finish within {}; the token source {} may hang."
                            + " The next negotiation starts afresh once the coordinator's thread is free", where,
                            negotiationTimeout, negotiator.sourceDescription());
                }
            });
            submit(() -> {
                if (mine.isDone()) {
                    log.debug("redis-auth: skipping a negotiation ({}) that timed out before it started", where);
                    return null;
                }
                return runNegotiation(where);
            }).whenComplete((result, failure) -> {
                if (failure == null) {
                    mine.complete(result);
                } else {
                    if (!(failure instanceof TokensRejectedException) && !mine.isDone()) {
                        if (DROPPED_CONNECTION.equals(where)) {
                            log.debug("redis-auth: token negotiation ({}) failed: {}", where, failure.toString());
                        } else {
                            log.warn("redis-auth: token negotiation ({}) failed: {}", where, failure.toString());
                        }
                    }
                    mine.completeExceptionally(failure);
                }
            });
            return mine;
        }
    }

    private Negotiated<String> runNegotiation(String where) {
        log.debug("redis-auth: negotiating a token with {} ({})", endpoint, where);
        Negotiated<String> result = negotiator.negotiate(endpoint, attempt);
        if (result.changed()) {
            publish(result.token());
        }
        return result;
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
            throw negotiationTimedOut();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw negotiationTimedOut(); // the shared negotiation's own bound
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new RedisConnectionException("redis-auth: token negotiation failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("redis-auth: interrupted while waiting for a token negotiation", e);
        }
    }

    private RedisConnectionException negotiationTimedOut() {
        return new RedisConnectionException("redis-auth: token negotiation with " + endpoint
                + " did not finish within " + negotiationTimeout + " (" + MAX_ATTEMPTS_PER_NEGOTIATION
                + " probes of at most probeTimeout on each endpoint, plus " + sourceAllowance
                + " for the token source " + negotiator.sourceDescription() + ")");
    }

    private void requireOpen() {
        if (closed.get()) {
            throw closedException();
        }
    }

    private static RedisConnectionException closedException() {
        return new RedisConnectionException("redis-auth: the client was closed");
    }

    private void pollQuietly() {
        try {
            poll(false);
        } catch (RuntimeException e) {
            log.warn("redis-auth: polling {} failed: {}", negotiator.sourceDescription(), e.getMessage());
        }
    }

    /** @param refresh true: bypass the source's cache; false: the cached fetch */
    private void poll(boolean refresh) {
        requireOpen();
        negotiator.adoptPreferred(endpoint, attempt, refresh)
                .filter(Negotiated::changed)
                .ifPresent(adopted -> publish(adopted.token()));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(Disposable::dispose);
        executor.shutdownNow();
        RedisConnectionException closing = closedException();
        CompletableFuture<Negotiated<String>> running = negotiation.getAndSet(null);
        if (running != null) {
            running.completeExceptionally(closing);
        }
        for (CompletableFuture<?> future : List.copyOf(pending)) {
            future.completeExceptionally(closing);
        }
        provider.complete();
        prober.close();
    }

    /**
     * The offers handshakes got while one fresh connect ran. When they all carried the same token (or all
     * none), the connect's outcome is that token's: every handshake of the connect used it.
     */
    private static final class OfferWindow {
        private Offer first;
        private boolean mixed;

        synchronized void saw(Offer offer) {
            if (first == null) {
                first = offer; // the earliest stamp: a rejection recorded after it wins over this success
            } else if (!Objects.equals(first.token(), offer.token())) {
                mixed = true;
            }
        }

        /** @return the offer whose outcome the connect's is; empty when none was made or they differ */
        synchronized Optional<Offer> unambiguous() {
            return mixed ? Optional.empty() : Optional.ofNullable(first);
        }
    }
}
