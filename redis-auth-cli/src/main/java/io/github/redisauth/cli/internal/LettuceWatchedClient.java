package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthStatistics;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.lettuce.RedisAuthClusterClient;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The watch workload through redis-auth-lettuce (standalone or cluster): the testkit's {@link Workload}
 * with SET then GET of the thread's own key, each command waited for at most the command timeout.
 * While every token is rejected it keeps running and counts failures, like the Jedis one.
 */
public final class LettuceWatchedClient implements WatchedClient {

    /** Commands per workload operation (SET and GET): the watch counts Lettuce ops as commands. */
    private static final int COMMANDS_PER_OPERATION = 2;

    private final AutoCloseable client;
    private final LazyConnection connection;
    private final Workload workload;
    private final Supplier<AuthStatistics> statistics;
    private final RejectionTally rejections = new RejectionTally();

    private LettuceWatchedClient(AutoCloseable client, LazyConnection connection, WatchPace pace,
            Supplier<AuthStatistics> statistics) {
        this.client = client;
        this.connection = connection;
        this.statistics = statistics;
        this.workload = workload(connection, pace);
    }

    /**
     * Connects and starts the workload. When the connect fails because the server rejects every token (or
     * asks for one), the workload still runs: each operation tries to connect again and counts as an
     * authentication failure until one succeeds, as with Jedis, whose pool connects per borrow. Any other
     * connect failure (unreachable, TLS) ends the watch at once.
     *
     * @param config the client configuration
     * @param cluster whether the endpoint is a cluster configuration endpoint
     * @param pace threads, pause and command timeout
     * @return the running client
     */
    public static LettuceWatchedClient start(LettuceAuthConfig config, boolean cluster, WatchPace pace) {
        if (cluster) {
            RedisAuthClusterClient client = RedisAuthClusterClient.create(config);
            return start(client, client::statistics, pace, () -> {
                var connection = client.connect();
                return new Opened(connection, connection.async());
            });
        }
        RedisAuthClient client = RedisAuthClient.create(config);
        return start(client, client::statistics, pace, () -> {
            var connection = client.connect();
            return new Opened(connection, connection.async());
        });
    }

    private static LettuceWatchedClient start(AutoCloseable client, Supplier<AuthStatistics> statistics, WatchPace pace,
            Supplier<Opened> open) {
        try {
            LazyConnection connection = new LazyConnection(open);
            try {
                connection.commands();
            } catch (RuntimeException e) {
                if (ReplyClassifier.classify(e) == AuthReply.OTHER) {
                    throw e;
                }
            }
            return new LettuceWatchedClient(client, connection, pace, statistics);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /** A connection and its string commands, standalone or cluster. */
    private record Opened(AutoCloseable connection, RedisStringAsyncCommands<String, String> commands) {
    }

    /** The connection, opened by the first operation that finds it missing; each failed connect is that operation's failure. */
    private static final class LazyConnection {
        private final Supplier<Opened> open;
        private Opened opened;
        private boolean closed;

        LazyConnection(Supplier<Opened> open) {
            this.open = open;
        }

        synchronized RedisStringAsyncCommands<String, String> commands() {
            if (closed) {
                throw new IllegalStateException("the watch is stopping");
            }
            if (opened == null) {
                opened = open.get();
            }
            return opened.commands();
        }

        synchronized void close() {
            closed = true;
            if (opened != null) {
                closeQuietly(opened.connection());
            }
        }
    }

    private Workload workload(LazyConnection connection, WatchPace pace) {
        Duration timeout = pace.commandTimeout();
        return Workload.builder((key, value) -> {
                    RedisStringAsyncCommands<String, String> commands = connection.commands();
                    await(commands.set(key, value), timeout);
                    Workload.expectValue(key, value, await(commands.get(key), timeout));
                })
                .threads(pace.threads())
                .pause(pace.pause())
                .keyPrefix(WatchPace.keyPrefix())
                .authFailure(rejections)
                .start();
    }

    /**
     * Waits for one command.
     *
     * @throws Exception the command's own failure (unwrapped, so the last failure names it), or a
     *     {@link TimeoutException} "timeout after ..." when it took longer than {@code timeout}
     */
    private static <T> T await(RedisFuture<T> future, Duration timeout) throws Exception {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception failure) {
                throw failure;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("timeout after " + timeout);
        }
    }

    @Override
    public WatchSample sample() {
        return toSample(workload.counts());
    }

    @Override
    public WatchSample stop() {
        return toSample(workload.stop());
    }

    /**
     * Ops are commands, as the watch has always counted them for Lettuce: a workload operation is a SET
     * and a GET. Reconnects: Lettuce's automatic reconnects that succeeded.
     */
    private WatchSample toSample(Workload.Counts counts) {
        AuthStatistics now = statistics.get();
        return new WatchSample(COMMANDS_PER_OPERATION * counts.ops(), counts.failures(), counts.authFailures(),
                now.reconnectAttempts() - now.reconnectFailures(), now.fallbacks(), now.tokenInUse(),
                rejections.lastFailure(counts), rejections.everyTokenRejected());
    }

    @Override
    public void close() {
        workload.close();
        connection.close();
        closeQuietly(client);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Shutting down: nothing left to report to.
        }
    }
}
