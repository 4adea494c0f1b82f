package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.jedis.IdempotentRetry;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.testkit.Workload;
import redis.clients.jedis.UnifiedJedis;

/**
 * The watch workload through redis-auth-jedis (pooled client or cluster, on every Jedis line): the
 * testkit's {@link Workload} with SET then GET of the thread's own key, through the configuration's
 * idempotent retry (on: the workload's SET/GET of its own keys is idempotent).
 */
public final class JedisWatchedClient implements WatchedClient {

    /**
     * Keys {@code redis-auth:watch:0}, {@code :1}, ...: as before, and apart from the Lettuce workload's
     * ({@link WatchPace#keyPrefix()}), which runs beside this one in {@code redis-auth demo}.
     */
    private static final String KEY_PREFIX = "redis-auth:watch";

    private final UnifiedJedis client;
    private final Workload workload;
    private final JedisAuthConfig config;
    private final int threads;
    private final RejectionTally rejections;

    private JedisWatchedClient(UnifiedJedis client, Workload workload, JedisAuthConfig config, int threads,
            RejectionTally rejections) {
        this.client = client;
        this.workload = workload;
        this.rejections = rejections;
        this.config = config;
        this.threads = threads;
    }

    /**
     * Connects and starts the workload.
     *
     * @param config the client configuration (its idempotent retry should be on)
     * @param cluster whether the endpoint is a cluster configuration endpoint
     * @param pace threads and pause
     * @return the running client
     */
    public static JedisWatchedClient start(JedisAuthConfig config, boolean cluster, WatchPace pace) {
        UnifiedJedis client = cluster ? config.createPooledClusterClient() : config.createPooledClient();
        try {
            IdempotentRetry retry = config.idempotentRetry();
            RejectionTally rejections = new RejectionTally();
            Workload workload = Workload.builder((key, value) -> retry.run(() -> {
                        client.set(key, value);
                        Workload.expectValue(key, value, client.get(key));
                    }))
                    .threads(pace.threads())
                    .pause(pace.pause())
                    .keyPrefix(KEY_PREFIX)
                    .authFailure(rejections)
                    .start();
            return new JedisWatchedClient(client, workload, config, pace.threads(), rejections);
        } catch (RuntimeException e) {
            client.close();
            throw e;
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
     * Ops are SET + GET pairs, as the watch has always counted them for Jedis. Reconnects: connections
     * opened beyond one per thread; a connection is opened with a token (authentications) or without
     * AUTH, and an open connection authenticated in place after {@code NOAUTH} (counted among the
     * authentications too) is not a new one.
     */
    private WatchSample toSample(Workload.Counts counts) {
        AuthStatistics auth = config.statistics();
        long opened = auth.authentications() + auth.connectionsWithoutAuth() - auth.reauthentications();
        return new WatchSample(counts.ops(), counts.failures(), counts.authFailures(), Math.max(0, opened - threads),
                auth.fallbacks(), auth.tokenInUse(),
                rejections.lastFailure(counts), rejections.everyTokenRejected());
    }

    @Override
    public void close() {
        workload.close();
        client.close();
    }
}
