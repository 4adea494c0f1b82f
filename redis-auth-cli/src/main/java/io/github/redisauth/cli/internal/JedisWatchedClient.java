package io.github.redisauth.cli.internal;

import io.github.redisauth.jedis.AuthStats;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.jedis.JedisWorkload;
import redis.clients.jedis.UnifiedJedis;

/**
 * The watch workload through redis-auth-jedis (pooled {@code RedisClient} or cluster), with the
 * idempotent retry on: the workload's SET/GET of its own keys is idempotent.
 */
public final class JedisWatchedClient implements WatchedClient {

    private final UnifiedJedis client;
    private final JedisWorkload workload;
    private final AuthStats stats;
    private final int threads;

    private JedisWatchedClient(UnifiedJedis client, JedisWorkload workload, AuthStats stats, int threads) {
        this.client = client;
        this.workload = workload;
        this.stats = stats;
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
        UnifiedJedis client = cluster ? config.createClusterClient() : config.createRedisClient();
        try {
            JedisWorkload workload = JedisWorkload.start("watch", pace.threads(), pace.pause(), config.idempotentRetry(),
                    JedisWorkload.setThenGet(client));
            return new JedisWatchedClient(client, workload, config.stats(), pace.threads());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public WatchSample sample() {
        JedisWorkload.Counters counters = workload.counters();
        AuthStats.Snapshot auth = stats.snapshot();
        return new WatchSample(counters.operations(), counters.failures(), counters.authFailures(),
                Math.max(0, auth.connectionsOpened() - threads), auth.fallbacks(), auth.tokenInUse(), counters.lastFailure());
    }

    @Override
    public WatchSample stop() {
        workload.close();
        return sample();
    }

    @Override
    public void close() {
        workload.close();
        client.close();
    }
}
