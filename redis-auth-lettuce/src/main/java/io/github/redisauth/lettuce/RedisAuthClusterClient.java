package io.github.redisauth.lettuce;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.lettuce.internal.AuthClientSupport;
import io.github.redisauth.lettuce.internal.AuthCoordinator;
import io.github.redisauth.lettuce.internal.LettuceSetup;
import io.github.redisauth.lettuce.internal.RotationAwareRedisClusterClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.List;
import java.util.Objects;

/**
 * A Lettuce {@link RedisClusterClient} (cluster mode enabled) whose connections survive AUTH token
 * rotation. The endpoints of the configuration are the seed nodes (e.g. the ElastiCache configuration
 * endpoint). Lettuce gives every node the seeds' credentials provider and TLS verify mode.
 *
 * <p><b>TLS verification of nodes:</b> nodes come from {@code CLUSTER NODES}, usually as IP addresses.
 * With {@code verifyPeer=FULL} (default) each node's certificate must then name that IP; when it names
 * only DNS names, use {@code verifyPeer(CA)}: the chain is still verified against the trust store for
 * every node, the host name is not (Lettuce cannot verify seeds fully and nodes by chain only, lettuce#2837).
 *
 * <p>Thread-safe. Never call {@code AUTH} yourself. Close it to close the Lettuce client.
 */
public final class RedisAuthClusterClient implements AutoCloseable {

    private final AuthClientSupport support;
    private final RedisClusterClient client;
    private final AuthCoordinator coordinator;
    private final List<RedisURI> uris;

    private RedisAuthClusterClient(LettuceAuthConfig config) {
        ClusterClientOptions options = LettuceSetup.clusterClientOptions(config);
        this.support = new AuthClientSupport(config, options);
        this.coordinator = support.coordinator();
        this.uris = support.uris();
        this.client = new RotationAwareRedisClusterClient(support.resources(), uris, coordinator);
        this.client.setOptions(options);
        coordinator.watch(client);
    }

    /**
     * Creates the client; connects nothing yet.
     *
     * @param config the configuration; its endpoints are the seed nodes
     * @return the client
     * @throws NullPointerException if {@code config} is null
     */
    public static RedisAuthClusterClient create(LettuceAuthConfig config) {
        return new RedisAuthClusterClient(Objects.requireNonNull(config, "config"));
    }

    /**
     * Connects to the cluster with String keys and values.
     *
     * @return a new connection; thread-safe
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when the cluster cannot be reached
     */
    public StatefulRedisClusterConnection<String, String> connect() {
        return connect(StringCodec.UTF8);
    }

    /**
     * Connects to the cluster.
     *
     * @param codec the codec
     * @param <K> key type
     * @param <V> value type
     * @return a new connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when the cluster cannot be reached
     */
    public <K, V> StatefulRedisClusterConnection<K, V> connect(RedisCodec<K, V> codec) {
        Objects.requireNonNull(codec, "codec");
        return coordinator.connect(() -> client.connect(codec));
    }

    /** @return the underlying Lettuce cluster client, with the library's options and seed URIs */
    public RedisClusterClient redisClusterClient() {
        return client;
    }

    /** @return the seed URIs carrying the rotating credentials; unmodifiable */
    public List<RedisURI> redisUris() {
        return uris;
    }

    /** @return the configuration this client was created with */
    public LettuceAuthConfig config() {
        return support.config();
    }

    /**
     * Asks the token source now, bypassing its cache ({@link io.github.redisauth.TokenSource#refresh()}),
     * and, when its preferred token differs from the one in use and the cluster accepts it, re-authenticates
     * live node connections with it. The configured poll ({@code sourcePollInterval}) uses the cached
     * {@code fetch()} instead.
     *
     * @throws io.github.redisauth.TokenSourceException when the source fails
     */
    public void refreshTokens() {
        coordinator.refreshTokens();
    }

    /**
     * @return what the client did about authentication so far: a snapshot of the counters of its
     *     {@link io.github.redisauth.TokenNegotiator}; {@code attempts} counts probe connections, one per
     *     candidate tried
     */
    public AuthStatistics statistics() {
        return coordinator.statistics();
    }

    /** Closes connections, the Lettuce client and, when this client created them, its resources. Idempotent. */
    @Override
    public void close() {
        support.close(() -> AuthClientSupport.shutdown(client));
    }
}
