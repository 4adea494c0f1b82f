package io.github.redisauth.jedis;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.TokensRejectedException;
import java.time.Duration;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opt-in retry for commands the caller knows are idempotent: a command whose
 * connection died under it (server restart, {@code CLIENT KILL}, network) is sent again on another
 * connection. Off by default ({@link JedisAuthConfig#DEFAULT_IDEMPOTENT_RETRY}); when off,
 * {@link #call(Supplier)} runs the command exactly once.
 *
 * <p>Only wrap commands that may safely run twice ({@code GET}, {@code SET k v}, {@code DEL}, ...);
 * never {@code INCR}, {@code LPUSH} and the like. Retried: {@link JedisConnectionException}, other
 * non-reply {@link JedisException}s (pool exhausted, cluster attempts used up), authentication
 * replies ({@code NOAUTH}, {@code WRONGPASS}, which mean the command did not run) and
 * {@code LOADING}/{@code TRYAGAIN}/{@code CLUSTERDOWN}. Other error replies are not retried, and
 * neither is core's {@link TokensRejectedException}, also where a Jedis pool wrapped it
 * ({@code JedisException("Could not get a resource from the pool")} with it in the cause chain): the
 * server rejected every candidate, also after a refresh, and each retry would only repeat that round
 * of connections (or fail at once while the negotiator remembers the rejected set).
 *
 * <p>A plain bounded loop (at most {@code maxAttempts} runs, {@code wait} between two), so that a Jedis
 * user needs no retry library on the class path.
 *
 * <p>Thread-safe.
 */
public final class IdempotentRetry {

    private final boolean enabled;
    private final int maxAttempts;
    private final Duration wait;

    IdempotentRetry(boolean enabled, int maxAttempts, Duration wait) {
        this.enabled = enabled;
        this.maxAttempts = maxAttempts;
        this.wait = wait;
    }

    /** @return true when commands are retried; false when they run once */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Runs an idempotent command, retrying it when enabled.
     *
     * @param idempotentCommand the command; may run more than once
     * @param <T> its result type
     * @return its result
     * @throws RuntimeException the last failure when every attempt failed, or the first failure
     *     that is not retryable
     */
    public <T> T call(Supplier<T> idempotentCommand) {
        if (!enabled) {
            return idempotentCommand.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return idempotentCommand.get();
            } catch (RuntimeException failure) {
                if (attempt >= maxAttempts || !isRetryable(failure)) {
                    throw failure;
                }
                if (!pause()) {
                    throw failure;
                }
            }
        }
    }

    /** @return false when interrupted (the interrupt is kept for the caller) */
    private boolean pause() {
        if (wait.isZero()) {
            return true;
        }
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs an idempotent command without a result, retrying it when enabled.
     *
     * @param idempotentCommand the command; may run more than once
     * @throws RuntimeException as {@link #call(Supplier)}
     */
    public void run(Runnable idempotentCommand) {
        call(() -> {
            idempotentCommand.run();
            return null;
        });
    }

    /**
     * @param failure a command's failure
     * @return true when an idempotent command that failed so may be sent again
     */
    public static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TokensRejectedException) {
                return false;
            }
        }
        if (failure instanceof JedisConnectionException) {
            return true;
        }
        if (failure instanceof JedisDataException) {
            String message = String.valueOf(failure.getMessage());
            return ReplyClassifier.classify(failure) != AuthReply.OTHER || message.startsWith("LOADING")
                    || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN");
        }
        return failure instanceof JedisException;
    }

    @Override
    public String toString() {
        return "IdempotentRetry[enabled=" + enabled + ", maxAttempts=" + maxAttempts + ", wait=" + wait + "]";
    }
}
