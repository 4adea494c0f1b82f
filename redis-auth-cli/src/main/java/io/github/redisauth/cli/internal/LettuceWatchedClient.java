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
 */
public final class LettuceWatchedClient implements WatchedClient {

    /** Commands per workload operation (SET and GET): the watch counts Lettuce ops as commands. */
    private static final int COMMANDS_PER_OPERATION = 2;

    private final AutoCloseable client;
    private final AutoCloseable connection;
    private final Workload workload;
    private final Supplier<AuthStatistics> statistics;

    private LettuceWatchedClient(AutoCloseable client, AutoCloseable connection, Workload workload,
            Supplier<AuthStatistics> statistics) {
        this.client = client;
        this.connection = connection;
        this.workload = workload;
        this.statistics = statistics;
    }

    /**
     * Connects and starts the workload.
     *
     * @param config the client configuration
     * @param cluster whether the endpoint is a cluster configuration endpoint
     * @param pace threads, pause and command timeout
     * @return the running client
     */
    public static LettuceWatchedClient start(LettuceAuthConfig config, boolean cluster, WatchPace pace) {
        if (cluster) {
            RedisAuthClusterClient client = RedisAuthClusterClient.create(config);
            return connect(client, client::statistics, pace, () -> {
                var connection = client.connect();
                return new Opened(connection, connection.async());
            });
        }
        RedisAuthClient client = RedisAuthClient.create(config);
        return connect(client, client::statistics, pace, () -> {
            var connection = client.connect();
            return new Opened(connection, connection.async());
        });
    }

    private static LettuceWatchedClient connect(AutoCloseable client, Supplier<AuthStatistics> statistics, WatchPace pace,
            Supplier<Opened> open) {
        try {
            Opened opened = open.get();
            return new LettuceWatchedClient(client, opened.connection(), workload(opened.commands(), pace), statistics);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /** A connection and its string commands, standalone or cluster. */
    private record Opened(AutoCloseable connection, RedisStringAsyncCommands<String, String> commands) {
    }

    private static Workload workload(RedisStringAsyncCommands<String, String> commands, WatchPace pace) {
        Duration timeout = pace.commandTimeout();
        return Workload.builder((key, value) -> {
                    await(commands.set(key, value), timeout);
                    Workload.expectValue(key, value, await(commands.get(key), timeout));
                })
                .threads(pace.threads())
                .pause(pace.pause())
                .keyPrefix(WatchPace.keyPrefix())
                .authFailure(failure -> ReplyClassifier.classify(failure) != AuthReply.OTHER)
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
                now.reconnectAttempts() - now.reconnectFailures(), now.fallbacks(), now.tokenInUse(), counts.lastFailure());
    }

    @Override
    public void close() {
        workload.close();
        closeQuietly(connection);
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
