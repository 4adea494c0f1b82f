package io.github.redisauth.lettuce.internal;

import io.github.redisauth.TokenNegotiator;
import io.lettuce.core.CommandListenerWriter;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.Endpoint;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.protocol.RedisCommand;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wraps a connection's channel writer so that a command answered {@code NOAUTH} is sent once more after
 * an {@code AUTH} with the current token, on the same connection and in that order. {@code NOAUTH} means
 * the server did not execute the command, so resending is safe, also for non-idempotent commands.
 *
 * <p>Order is kept: once a command is answered {@code NOAUTH}, the commands written before the {@code AUTH}
 * (also answered {@code NOAUTH}, the server runs them in order) are resent one after the other, and writes made
 * meanwhile are held until they are, so a pipeline runs in the order it was written.
 *
 * <p>Not inside a transaction: a command written between {@code MULTI} and {@code EXEC}/{@code DISCARD}
 * (both included) is never resent. An {@code AUTH} injected there would be queued by Redis &lt; 6 and shift
 * the results of {@code EXEC}; such a {@code NOAUTH} reaches the caller, and the next command outside the
 * transaction authenticates the connection again.
 *
 * <p>It also tells the {@link NoAuthRetry} the connection's Lettuce endpoint id when created and closed, so
 * that only this client's connection events are acted on.
 *
 * <p>Extends {@link CommandListenerWriter} (with no listeners) only because Lettuce unwraps that type
 * to reach the endpoint (e.g. for the endpoint id of re-authentication events, in every line from 6.6 to 7.x);
 * writes bypass the listener machinery and go straight to the delegate. The injected {@code AUTH} also
 * bypasses the client's command listeners below: they never see the token.
 */
final class NoAuthRetryingWriter extends CommandListenerWriter {

    private final NoAuthRetry retry;
    private final boolean resend;
    private final String endpointId;
    /** Between MULTI and EXEC/DISCARD on this connection; commands there are not resent. */
    private volatile boolean inTransaction;
    /** Taken by writers; the event loop only ever tries it (see {@link #answered}). */
    private final ReentrantLock lock = new ReentrantLock();
    /** Resendable commands written and not answered yet. */
    private final Set<RetryOnNoAuth<?, ?, ?>> unanswered = ConcurrentHashMap.newKeySet();
    /** True from a {@code NOAUTH} until every command written before it was answered. */
    private volatile boolean holding;
    private final AtomicBoolean releaseRequested = new AtomicBoolean();
    /** For tests: runs on the event loop right after a resend was written. */
    private volatile Runnable afterResend = () -> { };
    /** Writes made while holding, in order. Guarded by {@link #lock}. */
    @SuppressWarnings("rawtypes")
    private final List<RedisCommand> held = new ArrayList<>();

    /**
     * @param delegate the writer Lettuce built
     * @param endpoint what Lettuce passed with it: the connection's endpoint (its push handler), whose id its
     *     events carry
     * @param retry the coordinator
     * @param resend false: only report the endpoint id (pub/sub connections), never resend
     */
    NoAuthRetryingWriter(RedisChannelWriter delegate, PushHandler endpoint, NoAuthRetry retry, boolean resend) {
        super(delegate, List.of());
        this.retry = retry;
        this.resend = resend;
        // Lettuce 6.6 to 7.x pass the connection's DefaultEndpoint as its push handler; public API in every line
        this.endpointId = endpoint instanceof Endpoint e ? e.getId() : null;
        retry.connectionOpened(endpointId);
    }

    @Override
    public <K, V, T> RedisCommand<K, V, T> write(RedisCommand<K, V, T> command) {
        RedisCommand<K, V, T> wrapped = wrap(command);
        lock.lock();
        try {
            if (holding) {
                held.add(wrapped);
                return wrapped;
            }
            track(wrapped);
            // under the lock: a release of held writes cannot overtake this one
            return getDelegate().write(wrapped);
        } finally {
            unlockAndRelease();
        }
    }

    @Override
    public <K, V> Collection<RedisCommand<K, V, ?>> write(Collection<? extends RedisCommand<K, V, ?>> commands) {
        List<RedisCommand<K, V, ?>> wrapped = new ArrayList<>(commands.size());
        for (RedisCommand<K, V, ?> command : commands) {
            wrapped.add(wrap(command));
        }
        lock.lock();
        try {
            if (holding) {
                held.addAll(wrapped);
                return wrapped;
            }
            wrapped.forEach(this::track);
            return getDelegate().write(wrapped);
        } finally {
            unlockAndRelease();
        }
    }

    @Override
    public void close() {
        retry.connectionClosed(endpointId);
        releaseOnClose();
        super.close();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        retry.connectionClosed(endpointId);
        releaseOnClose();
        return super.closeAsync();
    }

    /**
     * For tests: {@code hook} runs on the event loop right after each resend was written, where a write by the
     * application would otherwise slip between the resends of one pipeline.
     */
    void afterResend(Runnable hook) {
        this.afterResend = hook;
    }

    private void track(RedisCommand<?, ?, ?> command) {
        if (command instanceof RetryOnNoAuth<?, ?, ?> retryable) {
            unanswered.add(retryable);
        }
    }

    /**
     * A command was answered {@code NOAUTH} and is about to be resent. Every command written before the
     * {@code AUTH} that goes out now will be answered {@code NOAUTH} too and resent in turn, so writes made from
     * now on are held until those resends are out; otherwise such a write would run before the resends of
     * commands written earlier (a pipeline's order changed). Called on the event loop: never blocks.
     */
    private void hold() {
        holding = true;
    }

    /**
     * A resendable command got its first answer (resent after {@code NOAUTH}, completed, failed or cancelled).
     * Called on the event loop, possibly inside Lettuce's endpoint lock while a writer holds {@link #lock} and
     * waits for that endpoint lock: so this only ever tries {@link #lock}; a writer holding it releases on unlock.
     */
    private void answered(RetryOnNoAuth<?, ?, ?> command) {
        unanswered.remove(command);
        if (holding && unanswered.isEmpty()) {
            releaseRequested.set(true);
            tryRelease();
        }
    }

    private void unlockAndRelease() {
        lock.unlock();
        if (releaseRequested.get()) {
            tryRelease();
        }
    }

    private void tryRelease() {
        while (releaseRequested.get() && lock.tryLock()) {
            try {
                if (releaseRequested.getAndSet(false) && holding && unanswered.isEmpty()) {
                    writeHeld();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void releaseOnClose() {
        lock.lock();
        try {
            writeHeld(); // the endpoint fails them as it fails any write to a closed connection
        } finally {
            lock.unlock();
        }
    }

    /** With {@link #lock} held: stop holding and write what was held, in order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void writeHeld() {
        holding = false;
        if (held.isEmpty()) {
            return;
        }
        List<RedisCommand> pending = new ArrayList<>(held);
        held.clear();
        pending.forEach(this::track);
        getDelegate().write((Collection) pending);
    }

    private <K, V, T> RedisCommand<K, V, T> wrap(RedisCommand<K, V, T> command) {
        if (command.getType() == CommandType.MULTI) {
            inTransaction = true;
            if (command instanceof CompleteableCommand<?> completeable) {
                completeable.onComplete((ok, failure) -> {
                    if (failure != null) {
                        inTransaction = false; // no transaction was opened
                    }
                });
            }
            return command;
        }
        if (command.getType() == CommandType.EXEC || command.getType() == CommandType.DISCARD) {
            inTransaction = false;
            return command;
        }
        if (!resend || inTransaction || command.getType() == CommandType.AUTH || command instanceof RetryOnNoAuth) {
            return command;
        }
        return new RetryOnNoAuth<>(command);
    }

    private void authenticateAndResend(RetryOnNoAuth<?, ?, ?> command, TokenNegotiator.Offer offer) {
        // CommandArgs keeps the array and encodes it when the command is written: do not wipe it here
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(offer.token().value());
        AsyncCommand<String, String, String> auth = new AsyncCommand<>(
                new Command<>(CommandType.AUTH, new StatusOutput<>(StringCodec.UTF8), args));
        auth.whenComplete((ok, failure) -> retry.authAfterNoAuthCompleted(offer, failure));
        // same thread, one after the other: the AUTH still reaches the endpoint before the resent command
        pastCommandListeners().write(auth);
        getDelegate().write(command);
    }

    /**
     * The writer below every {@link CommandListenerWriter} (this one included): the users' command listeners
     * must not see the injected {@code AUTH}, whose arguments carry the token ({@code CommandArgs.toString()}
     * prints {@code char[]} arguments in Lettuce 6.6). What lies below (command expiry, the endpoint) still
     * applies to it.
     */
    private RedisChannelWriter pastCommandListeners() {
        RedisChannelWriter writer = getDelegate();
        while (writer instanceof CommandListenerWriter listenerWriter) {
            writer = listenerWriter.getDelegate();
        }
        return writer;
    }

    /**
     * The server's own refusal ({@code NOAUTH Authentication required.}, Redis 2.8 to 7.x). Only that text
     * counts: a script's {@code redis.error_reply('NOAUTH ...')} ran, and must not run twice.
     */
    static final String NOAUTH_REPLY = "NOAUTH Authentication required";

    /** Sends the command once more after {@code AUTH} when the first answer was {@code NOAUTH}. */
    private final class RetryOnNoAuth<K, V, T> extends CommandWrapper<K, V, T> {

        private volatile boolean resent;

        RetryOnNoAuth(RedisCommand<K, V, T> command) {
            super(command);
        }

        @Override
        public void complete() {
            CommandOutput<K, V, T> output = getOutput();
            if (!resent && output != null && output.hasError() && output.getError().startsWith(NOAUTH_REPLY)) {
                TokenNegotiator.Offer offer = retry.offerAfterNoAuth();
                if (offer != null && offer.token() != null) {
                    resent = true;
                    output.setError((String) null);
                    hold();
                    authenticateAndResend(this, offer);
                    answered(this);
                    afterResend.run();
                    return;
                }
            }
            try {
                super.complete();
            } finally {
                answered(this);
            }
        }

        @Override
        public boolean completeExceptionally(Throwable throwable) {
            try {
                return super.completeExceptionally(throwable);
            } finally {
                answered(this);
            }
        }

        @Override
        public void cancel() {
            try {
                super.cancel();
            } finally {
                answered(this);
            }
        }
    }
}
