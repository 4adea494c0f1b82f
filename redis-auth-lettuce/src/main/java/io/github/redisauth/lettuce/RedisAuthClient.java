package io.github.redisauth.lettuce;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.lettuce.internal.AuthClientSupport;
import io.github.redisauth.lettuce.internal.AuthCoordinator;
import io.github.redisauth.lettuce.internal.LettuceSetup;
import io.github.redisauth.lettuce.internal.RotationAwareRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.Objects;

/**
 * A Lettuce {@link RedisClient} whose connections survive AUTH token rotation: standalone connections
 * to the first endpoint, and static primary + reader connections ({@link MasterReplica}) to all endpoints.
 *
 * <p>Fresh connects try the preferred token and fall back to the other candidates; reconnects,
 * re-authentication of live connections and "no password yet" servers are handled for every connection
 * made through this class or through {@link #redisUri()} / {@link #redisUris()} with {@link #redisClient()}.
 * Never call {@code AUTH} yourself: Lettuce would then replace the rotating credentials with static ones.
 *
 * <p>Thread-safe. Close it to close the Lettuce client (and its resources when it created them).
 */
public final class RedisAuthClient implements AutoCloseable {

    private final AuthClientSupport support;
    private final RedisClient client;
    private final AuthCoordinator coordinator;
    private final List<RedisURI> uris;
    private final ClientOptions options;
    private RedisClient pubSubClient;

    private RedisAuthClient(LettuceAuthConfig config) {
        this.options = LettuceSetup.clientOptions(config);
        this.support = new AuthClientSupport(config, options);
        this.coordinator = support.coordinator();
        this.uris = support.uris();
        this.client = new RotationAwareRedisClient(support.resources(), coordinator);
        this.client.setOptions(options);
        coordinator.watch(client);
    }

    /**
     * Creates the client; connects nothing yet.
     *
     * @param config the configuration
     * @return the client
     * @throws NullPointerException if {@code config} is null
     */
    public static RedisAuthClient create(LettuceAuthConfig config) {
        return new RedisAuthClient(Objects.requireNonNull(config, "config"));
    }

    /**
     * Connects to the first endpoint with String keys and values.
     *
     * @return a new connection; thread-safe, as every Lettuce connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when the server cannot be reached
     */
    public StatefulRedisConnection<String, String> connect() {
        return connect(StringCodec.UTF8);
    }

    /**
     * Connects to the first endpoint.
     *
     * @param codec the codec
     * @param <K> key type
     * @param <V> value type
     * @return a new connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when the server cannot be reached
     */
    public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
        Objects.requireNonNull(codec, "codec");
        return coordinator.connect(() -> client.connect(codec, uris.get(0)));
    }

    /**
     * Connects to the primary endpoint (the first) and the reader endpoints (the others) with a static
     * topology, as ElastiCache's primary and reader endpoint DNS names need; choose reads with
     * {@code setReadFrom(ReadFrom.REPLICA_PREFERRED)}.
     *
     * @param codec the codec
     * @param <K> key type
     * @param <V> value type
     * @return a new connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when no node can be reached
     */
    public <K, V> StatefulRedisMasterReplicaConnection<K, V> connectPrimaryAndReaders(RedisCodec<K, V> codec) {
        Objects.requireNonNull(codec, "codec");
        return coordinator.connect(() -> MasterReplica.connect(client, codec, uris));
    }

    /**
     * Connects a pub/sub connection to the first endpoint with String keys and values. It authenticates
     * and reconnects like the others, but is not re-authenticated while connected: Lettuce refuses
     * streaming re-authentication on RESP2 pub/sub connections. Its subscriptions are restored on reconnect.
     *
     * @return a new pub/sub connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when the server cannot be reached
     */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return connectPubSub(StringCodec.UTF8);
    }

    /**
     * Connects a pub/sub connection to the first endpoint, see {@link #connectPubSub()}.
     *
     * @param codec the codec
     * @param <K> key type
     * @param <V> value type
     * @return a new pub/sub connection
     * @throws TokensRejectedException when every token was rejected, also after one source refresh, or
     *     the same set was rejected less than {@link LettuceAuthConfig#rejectedRetryInterval()} ago
     * @throws io.lettuce.core.RedisConnectionException when the server cannot be reached
     */
    public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
        Objects.requireNonNull(codec, "codec");
        RedisClient pubSub = pubSubClient();
        return coordinator.connect(() -> pubSub.connectPubSub(codec, uris.get(0)));
    }

    private synchronized RedisClient pubSubClient() {
        if (pubSubClient == null) {
            pubSubClient = new RotationAwareRedisClient(support.resources(), coordinator);
            pubSubClient.setOptions(options.mutate()
                    .reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.DEFAULT).build());
            coordinator.watch(pubSubClient);
        }
        return pubSubClient;
    }

    /**
     * @return the underlying Lettuce client, with the library's options, for other connect variants. Its
     *     options ask for re-authentication of live connections, which Lettuce refuses on RESP2 pub/sub
     *     connections: use {@link #connectPubSub()} for those.
     */
    public RedisClient redisClient() {
        return client;
    }

    /** @return the first endpoint's URI carrying the rotating credentials; use it with {@link #redisClient()} */
    public RedisURI redisUri() {
        return uris.get(0);
    }

    /** @return every endpoint's URI carrying the rotating credentials; unmodifiable */
    public List<RedisURI> redisUris() {
        return uris;
    }

    /** @return the configuration this client was created with */
    public LettuceAuthConfig config() {
        return support.config();
    }

    /**
     * Asks the token source now, bypassing its cache ({@link io.github.redisauth.TokenSource#refresh()}),
     * and, when its preferred token differs from the one in use and the server accepts it, re-authenticates
     * live connections with it. The configured poll ({@code sourcePollInterval}) uses the cached
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
        support.close(() -> {
            synchronized (this) {
                if (pubSubClient != null) {
                    AuthClientSupport.shutdown(pubSubClient);
                }
            }
            AuthClientSupport.shutdown(client);
        });
    }
}
