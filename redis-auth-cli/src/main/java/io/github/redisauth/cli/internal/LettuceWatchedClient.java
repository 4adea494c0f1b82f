package io.github.redisauth.cli.internal;

import io.github.redisauth.lettuce.AuthStatistics;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.lettuce.RedisAuthClusterClient;
import io.github.redisauth.lettuce.Workload;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.util.function.Supplier;

/** The watch workload through redis-auth-lettuce (standalone or cluster). */
public final class LettuceWatchedClient implements WatchedClient {

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
            return new LettuceWatchedClient(client, opened.connection(), workload(Workload.builder(opened.commands()), pace),
                    statistics);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /** A connection and its string commands, standalone or cluster. */
    private record Opened(AutoCloseable connection, RedisStringAsyncCommands<String, String> commands) {
    }

    private static Workload workload(Workload.Builder builder, WatchPace pace) {
        return builder.threads(pace.threads()).commandTimeout(pace.commandTimeout())
                .pauseBetweenCommands(pace.pause()).keyPrefix(WatchPace.keyPrefix()).start();
    }

    @Override
    public WatchSample sample() {
        return toSample(workload.counts());
    }

    @Override
    public WatchSample stop() {
        return toSample(workload.stop());
    }

    private WatchSample toSample(Workload.Counts counts) {
        AuthStatistics now = statistics.get();
        return new WatchSample(counts.ops(), counts.failures(), counts.authFailures(),
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
