package io.github.redisauth.jedis;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.jedis.internal.AuthenticatingClusterConnectionProvider;
import io.github.redisauth.jedis.internal.AuthenticatingConnectionFactory;
import io.github.redisauth.jedis.internal.AuthenticatingJedisFactory;
import io.github.redisauth.jedis.internal.ClientConfigs;
import io.github.redisauth.jedis.internal.JedisCapabilities;
import io.github.redisauth.jedis.internal.JedisClients;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * One immutable configuration for rotation-safe Jedis clients: the endpoint (or cluster seed nodes),
 * TLS, a {@link TokenSource}, and the user's own Jedis client and pool settings. It hands out ready
 * Jedis objects:
 *
 * <table>
 *   <caption>Client factories and the Jedis lines they work on</caption>
 *   <tr><th>method</th><th>returns</th><th>Jedis 6.x, 7.0, 7.1</th><th>Jedis 7.2+, 8.x</th></tr>
 *   <tr><td>{@link #createPooledClient()}</td><td>{@code UnifiedJedis}</td><td>a pooled {@code UnifiedJedis}</td>
 *       <td>a {@code RedisClient}</td></tr>
 *   <tr><td>{@link #createPooledClusterClient()}</td><td>{@code UnifiedJedis}</td><td>a {@code JedisCluster}</td>
 *       <td>a {@code RedisClusterClient}</td></tr>
 *   <tr><td>{@link #createJedisPool()}</td><td>{@code JedisPool}</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #createRedisClient()}</td><td>{@code RedisClient}</td>
 *       <td>{@link UnsupportedOperationException}</td><td>yes</td></tr>
 *   <tr><td>{@link #createClusterClient()}</td><td>{@code RedisClusterClient}</td>
 *       <td>{@link UnsupportedOperationException}</td><td>yes</td></tr>
 * </table>
 *
 * <p>Code that must run on every Jedis line (a library, a Spring Boot 3.5 and 4.x application) uses the
 * first three; the last two give Jedis 7.2+'s own types.
 *
 * <p>What those clients do: they are adapters of core's {@link TokenNegotiator}, which holds every rule.
 * A new connection sends the preferred token with a plain one-argument {@code AUTH} (no {@code HELLO}
 * unless {@link Builder#protocol(RedisProtocol)} asks for one, on every Jedis line); on rejection the
 * next candidate gets a fresh connection and the winner is remembered; when all are rejected the source
 * is refreshed once and tried once more, then {@link TokensRejectedException} (labels and fingerprints
 * only). Jedis pools wrap it: {@code JedisException("Could not get a resource from the pool")} has it as
 * cause. When the server has no password, connections go without AUTH once one has served a
 * {@code PING} without it (warned once), and authenticate again as soon as the server answers
 * {@code NOAUTH}, on the command itself, which is then re-run (a command refused with {@code NOAUTH} did not
 * run). Hot pooled connections are handed out without a round trip: on borrow ({@code testOnBorrow} is forced
 * on) a standalone connection gets the local socket check, and a {@code PING} only when it sat in the pool at
 * least {@link Builder#validateAfterIdle(Duration) validateAfterIdle} or was in the pool when another of the
 * pool's connections was found dead; a connection that fails is replaced. A command on a connection the server
 * killed while it was hot fails as in stock Jedis (it may have run, so it is never re-run silently): retry
 * idempotent commands with {@link #idempotentRetry()}.
 *
 * <p><b>One configuration is one shared negotiation state.</b> Besides settings, a configuration holds
 * one {@link TokenNegotiator}: the last winning token, demoted tokens, the last token set rejected in
 * full, "server has no password", and the {@link #statistics()} counters. Every client created from the
 * same instance (any factory, called any number of times) shares it: a winner found by one helps the
 * others, and the counters add up over all of them. For independent state and counters (e.g. two
 * different servers), build another configuration; {@link #toBuilder()}{@code .build()} gives one with
 * the same settings and fresh state.
 *
 * <p>The token source is called on every new connection: give a source that caches
 * ({@code TokenSources.cached(..)}); the negotiator logs a WARN for a source that calls a remote service
 * on every fetch ({@link TokenSource#remote()}).
 *
 * <p>The settings are immutable; the shared state is thread-safe. {@link Builder} is not thread-safe.
 */
@SuppressWarnings("deprecation") // JedisPool and JedisPoolConfig are deprecated in Jedis 8 but still widely used
public final class JedisAuthConfig {

    /** TLS on: {@value}. ElastiCache accepts AUTH tokens only over TLS. */
    public static final boolean DEFAULT_TLS = true;
    /** Server certificate must match the host name: {@value}. */
    public static final boolean DEFAULT_HOSTNAME_VERIFICATION = true;
    /** Tokens over a plaintext connection refused: {@value}. */
    public static final boolean DEFAULT_ALLOW_PLAINTEXT_TOKEN = false;
    /** Idempotent-command retry off: {@value}. */
    public static final boolean DEFAULT_IDEMPOTENT_RETRY = false;
    /** Attempts per idempotent command when the retry is on (first try included): {@value}. */
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 5;
    /** Wait between two attempts of an idempotent command: 200 ms. */
    public static final Duration DEFAULT_RETRY_WAIT = Duration.ofMillis(200);
    /** Cluster command attempts (redirections, reconnects): {@value}, Jedis's own default. */
    public static final int DEFAULT_CLUSTER_MAX_ATTEMPTS = 5;
    /**
     * A standalone pooled connection idle at least this long answers a {@code PING} before it is handed out:
     * 5 s. Hot connections (used more often) cost no round trip.
     */
    public static final Duration DEFAULT_VALIDATE_AFTER_IDLE = Duration.ofSeconds(5);

    private final HostAndPort endpoint;
    private final Set<HostAndPort> clusterNodes;
    private final TokenSource tokenSource;
    private final boolean tls;
    private final SSLContext sslContext;
    private final boolean hostnameVerification;
    private final boolean allowPlaintextToken;
    private final JedisClientConfig clientConfig;
    private final GenericObjectPoolConfig<Connection> poolConfig;
    private final GenericObjectPoolConfig<Jedis> jedisPoolConfig;
    private final RedisProtocol protocol;
    private final Duration demotionPeriod;
    private final Duration rejectedRetryInterval;
    private final boolean idempotentRetryEnabled;
    private final int retryMaxAttempts;
    private final Duration retryWait;
    private final int clusterMaxAttempts;
    private final Duration clusterTopologyRefreshPeriod;
    private final Duration validateAfterIdle;
    private final TokenNegotiator negotiator;
    private final ClientConfigs clientConfigs;
    private final IdempotentRetry idempotentRetry;

    private JedisAuthConfig(Builder builder, SSLContext resolvedSslContext) {
        this.endpoint = builder.endpoint;
        this.clusterNodes = Collections.unmodifiableSet(new LinkedHashSet<>(builder.clusterNodes));
        this.tokenSource = builder.tokenSource;
        this.tls = builder.tls;
        this.sslContext = builder.sslContext;
        this.hostnameVerification = builder.hostnameVerification;
        this.allowPlaintextToken = builder.allowPlaintextToken;
        this.clientConfig = builder.clientConfig;
        this.poolConfig = builder.poolConfig.clone();
        this.poolConfig.setTestOnBorrow(true);
        this.jedisPoolConfig = builder.jedisPoolConfig.clone();
        this.jedisPoolConfig.setTestOnBorrow(true);
        this.protocol = builder.protocol;
        this.demotionPeriod = builder.demotionPeriod;
        this.rejectedRetryInterval = builder.rejectedRetryInterval;
        this.idempotentRetryEnabled = builder.idempotentRetry;
        this.retryMaxAttempts = builder.retryMaxAttempts;
        this.retryWait = builder.retryWait;
        this.clusterMaxAttempts = builder.clusterMaxAttempts;
        this.clusterTopologyRefreshPeriod = builder.clusterTopologyRefreshPeriod;
        this.validateAfterIdle = builder.validateAfterIdle;
        this.negotiator = TokenNegotiator.builder(tokenSource)
                .demotionPeriod(demotionPeriod)
                .rejectedRetryInterval(rejectedRetryInterval)
                .build();
        this.clientConfigs = new ClientConfigs(clientConfig, tls, resolvedSslContext, hostnameVerification, protocol);
        this.idempotentRetry = new IdempotentRetry(idempotentRetryEnabled, retryMaxAttempts, retryWait);
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's settings. The built configuration does <b>not</b> share
     * this one's state: it starts with a fresh negotiator (no winner, nothing demoted, counters at zero),
     * and clients created from it do not share state with clients created from this one.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.endpoint = endpoint;
        builder.clusterNodes.addAll(clusterNodes);
        builder.tokenSource = tokenSource;
        builder.tls = tls;
        builder.sslContext = sslContext;
        builder.hostnameVerification = hostnameVerification;
        builder.allowPlaintextToken = allowPlaintextToken;
        builder.clientConfig = clientConfig;
        builder.poolConfig = poolConfig.clone();
        builder.jedisPoolConfig = jedisPoolConfig.clone();
        builder.protocol = protocol;
        builder.demotionPeriod = demotionPeriod;
        builder.rejectedRetryInterval = rejectedRetryInterval;
        builder.idempotentRetry = idempotentRetryEnabled;
        builder.retryMaxAttempts = retryMaxAttempts;
        builder.retryWait = retryWait;
        builder.clusterMaxAttempts = clusterMaxAttempts;
        builder.clusterTopologyRefreshPeriod = clusterTopologyRefreshPeriod;
        builder.validateAfterIdle = validateAfterIdle;
        return builder;
    }

    /**
     * A pooled, thread-safe client for the {@link Builder#endpoint endpoint}, on every Jedis line: a
     * {@code RedisClient} on Jedis 7.2 and later, else a {@code UnifiedJedis} over the same kind of pool
     * (Jedis 6.x to 7.1). The protocol is pinned (RESP2 unless {@link Builder#protocol} says otherwise),
     * so Jedis never connects at construction to probe it. The caller closes it (which closes the pool).
     *
     * @return a new client; connections open on first use
     * @throws IllegalStateException if no endpoint is set
     */
    public UnifiedJedis createPooledClient() {
        JedisClients.requirePooled();
        return JedisClients.pooled(pooledProvider(), clientConfigs);
    }

    /**
     * Jedis's pooled {@code RedisClient} for the {@link Builder#endpoint endpoint}, its protocol pinned
     * as {@link #createPooledClient()}'s. Only on Jedis 7.2 and later, which have {@code RedisClient};
     * {@link #createPooledClient()} works on every line. The caller closes it.
     *
     * <p>Use it as {@code RedisClient client = config.createRedisClient();}. It is declared with a type
     * variable rather than as returning {@code RedisClient} so that this class names no type that Jedis 6.x
     * to 7.1 lack: frameworks that reflect on a configuration object (e.g. Spring looking for a destroy
     * method with {@code Class.getMethod}) would otherwise fail with {@code NoClassDefFoundError} there.
     *
     * @param <C> {@code redis.clients.jedis.RedisClient} (or a supertype, e.g. {@code UnifiedJedis})
     * @return a new {@code RedisClient}; connections open on first use
     * @throws UnsupportedOperationException on a Jedis line without {@code RedisClient} (6.x to 7.1), naming
     *     the Jedis version found and {@link #createPooledClient()}
     * @throws IllegalStateException if no endpoint is set
     */
    @SuppressWarnings("unchecked") // C is RedisClient or a supertype: see above
    public <C extends UnifiedJedis> C createRedisClient() {
        JedisClients.requireRedisClient();
        return (C) JedisClients.redisClient(pooledProvider(), clientConfigs);
    }

    /**
     * A {@link JedisPool} for the {@link Builder#endpoint endpoint}, for code written against the
     * classic API; on every Jedis line. The caller closes it.
     *
     * @return a new pool; connections open on first use
     * @throws IllegalStateException if no endpoint is set
     */
    public JedisPool createJedisPool() {
        requireEndpoint();
        return new JedisPool(jedisPoolConfig.clone(), new AuthenticatingJedisFactory(connectionFactory()));
    }

    /**
     * A cluster client for the {@link Builder#clusterNode cluster seed nodes}, on every Jedis line: a
     * {@code RedisClusterClient} on Jedis 7.2 and later, else a {@code JedisCluster} (Jedis 6.x to 7.1).
     * Before Jedis reads the slot map, one seed node negotiates a token (or confirms that there is no
     * password). The caller closes it.
     *
     * @return a new cluster client, connected
     * @throws IllegalStateException if no cluster node is set
     * @throws TokensRejectedException if a seed node rejects every token
     * @throws RuntimeException the client's own failure if no seed node can be reached
     */
    public UnifiedJedis createPooledClusterClient() {
        JedisClients.requirePooledCluster();
        return JedisClients.pooledCluster(clusterProvider(), clusterNodes, clientConfigs, clusterMaxAttempts);
    }

    /**
     * Jedis's {@code RedisClusterClient} for the {@link Builder#clusterNode cluster seed nodes}, as
     * {@link #createPooledClusterClient()}. Only on Jedis 7.2 and later; {@link #createPooledClusterClient()}
     * works on every line. The caller closes it.
     *
     * <p>Use it as {@code RedisClusterClient client = config.createClusterClient();}; the type variable is
     * there for the reason given at {@link #createRedisClient()}.
     *
     * @param <C> {@code redis.clients.jedis.RedisClusterClient} (or a supertype, e.g. {@code UnifiedJedis})
     * @return a new {@code RedisClusterClient}, connected
     * @throws UnsupportedOperationException on a Jedis line without {@code RedisClusterClient} (6.x to 7.1),
     *     naming the Jedis version found and {@link #createPooledClusterClient()}
     * @throws IllegalStateException if no cluster node is set
     * @throws TokensRejectedException if a seed node rejects every token
     * @throws RuntimeException the client's own failure if no seed node can be reached
     */
    @SuppressWarnings("unchecked") // C is RedisClusterClient or a supertype: see createRedisClient()
    public <C extends UnifiedJedis> C createClusterClient() {
        JedisClients.requireRedisClusterClient();
        return (C) JedisClients.redisClusterClient(clusterProvider(), clusterNodes, clientConfigs, clusterMaxAttempts);
    }

    /** @return the retry policy for idempotent commands; runs commands once when disabled */
    public IdempotentRetry idempotentRetry() {
        return idempotentRetry;
    }

    /**
     * What the clients created from this configuration did about authentication, added up over all of
     * them: attempts, authentications, fallbacks, rejections, refreshes, in-place re-authentications,
     * the token in use ({@code LABEL#FINGERPRINT}). The reconnect counters are always 0 (Jedis has no
     * automatic reconnect).
     *
     * @return a snapshot of the counters now
     */
    public AuthStatistics statistics() {
        return negotiator.statistics();
    }

    /** @return the Jedis version on the classpath, e.g. {@code 7.0.0} (or {@code unknown}) */
    public static String jedisVersion() {
        return JedisCapabilities.jedisVersion();
    }

    /** @return the standalone endpoint, if set */
    public Optional<HostAndPort> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** @return the cluster seed nodes; unmodifiable, possibly empty */
    public Set<HostAndPort> clusterNodes() {
        return clusterNodes;
    }

    /** @return the token source */
    public TokenSource tokenSource() {
        return tokenSource;
    }

    /** @return whether connections use TLS */
    public boolean tls() {
        return tls;
    }

    /** @return whether the server certificate must match the host name */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /** @return whether tokens may be sent over plaintext */
    public boolean allowPlaintextToken() {
        return allowPlaintextToken;
    }

    /** @return the protocol asked for, or empty for the server default (plain AUTH, RESP2) */
    public Optional<RedisProtocol> protocol() {
        return Optional.ofNullable(protocol);
    }

    /** @return how long a rejected token is tried last; default {@link TokenNegotiator#DEFAULT_DEMOTION_PERIOD} */
    public Duration demotionPeriod() {
        return demotionPeriod;
    }

    /**
     * @return after every token of a set was rejected, how long new connections that get the same set fail
     *     at once; default {@link TokenNegotiator#DEFAULT_REJECTED_RETRY_INTERVAL}
     */
    public Duration rejectedRetryInterval() {
        return rejectedRetryInterval;
    }

    /** @return how long a standalone pooled connection may sit idle and still be handed out without a {@code PING} */
    public Duration validateAfterIdle() {
        return validateAfterIdle;
    }

    /** @return whether idempotent commands are retried */
    public boolean idempotentRetryEnabled() {
        return idempotentRetryEnabled;
    }

    @Override
    public String toString() {
        return "JedisAuthConfig[endpoint=" + endpoint + ", clusterNodes=" + clusterNodes + ", tokenSource="
                + tokenSource.description() + ", tls=" + tls + ", hostnameVerification=" + hostnameVerification
                + ", allowPlaintextToken=" + allowPlaintextToken + ", protocol=" + (protocol == null ? "server default" : protocol)
                + ", demotionPeriod=" + demotionPeriod + ", rejectedRetryInterval=" + rejectedRetryInterval
                + ", idempotentRetry=" + idempotentRetryEnabled + ", validateAfterIdle=" + validateAfterIdle + "]";
    }

    private PooledConnectionProvider pooledProvider() {
        return new PooledConnectionProvider(connectionFactory(), poolConfig.clone());
    }

    private AuthenticatingClusterConnectionProvider clusterProvider() {
        if (clusterNodes.isEmpty()) {
            throw new IllegalStateException("clusterNodes is empty: call clusterNode(host, port) before creating a cluster client");
        }
        return AuthenticatingClusterConnectionProvider.create(clusterNodes, clientConfigs, poolConfig.clone(),
                clusterTopologyRefreshPeriod, negotiator);
    }

    private AuthenticatingConnectionFactory connectionFactory() {
        return new AuthenticatingConnectionFactory(requireEndpoint(), clientConfigs, negotiator, validateAfterIdle);
    }

    private HostAndPort requireEndpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("endpoint is not set: call endpoint(host, port) before creating a standalone client");
        }
        return endpoint;
    }

    /**
     * Builds a {@link JedisAuthConfig}. Not thread-safe. {@link #build()} validates the combination.
     */
    public static final class Builder {
        private HostAndPort endpoint;
        private final Set<HostAndPort> clusterNodes = new LinkedHashSet<>();
        private TokenSource tokenSource;
        private boolean tls = DEFAULT_TLS;
        private SSLContext sslContext;
        private boolean hostnameVerification = DEFAULT_HOSTNAME_VERIFICATION;
        private boolean allowPlaintextToken = DEFAULT_ALLOW_PLAINTEXT_TOKEN;
        private JedisClientConfig clientConfig = DefaultJedisClientConfig.builder().build();
        private GenericObjectPoolConfig<Connection> poolConfig = new ConnectionPoolConfig();
        private GenericObjectPoolConfig<Jedis> jedisPoolConfig = new JedisPoolConfig();
        private RedisProtocol protocol;
        private Duration demotionPeriod = TokenNegotiator.DEFAULT_DEMOTION_PERIOD;
        private Duration rejectedRetryInterval = TokenNegotiator.DEFAULT_REJECTED_RETRY_INTERVAL;
        private boolean idempotentRetry = DEFAULT_IDEMPOTENT_RETRY;
        private int retryMaxAttempts = DEFAULT_RETRY_MAX_ATTEMPTS;
        private Duration retryWait = DEFAULT_RETRY_WAIT;
        private int clusterMaxAttempts = DEFAULT_CLUSTER_MAX_ATTEMPTS;
        private Duration clusterTopologyRefreshPeriod;
        private Duration validateAfterIdle = DEFAULT_VALIDATE_AFTER_IDLE;

        private Builder() {
        }

        /**
         * @param host the server's DNS name (the ElastiCache primary endpoint); it must match the
         *     certificate when hostname verification is on
         * @param port the port, e.g. 6379
         * @return this builder
         */
        public Builder endpoint(String host, int port) {
            return endpoint(new HostAndPort(Objects.requireNonNull(host, "host"), port));
        }

        /**
         * @param endpoint the server for the standalone clients ({@link JedisAuthConfig#createPooledClient()},
         *     {@link JedisAuthConfig#createJedisPool()}, {@link JedisAuthConfig#createRedisClient()}); no default
         * @return this builder
         */
        public Builder endpoint(HostAndPort endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Adds a cluster seed node (the ElastiCache configuration endpoint, or node addresses).
         *
         * @param host the node's host
         * @param port its port
         * @return this builder
         */
        public Builder clusterNode(String host, int port) {
            clusterNodes.add(new HostAndPort(Objects.requireNonNull(host, "host"), port));
            return this;
        }

        /**
         * @param nodes cluster seed nodes, added to those already set
         * @return this builder
         */
        public Builder clusterNodes(Collection<HostAndPort> nodes) {
            nodes.forEach(node -> clusterNodes.add(Objects.requireNonNull(node, "node")));
            return this;
        }

        /**
         * @param tokenSource where AUTH tokens come from; required. Not closed by the clients.
         * @return this builder
         */
        public Builder tokenSource(TokenSource tokenSource) {
            this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
            return this;
        }

        /**
         * @param tls whether to use TLS; default {@value JedisAuthConfig#DEFAULT_TLS}. Turning it off
         *     also needs {@link #allowPlaintextToken(boolean) allowPlaintextToken(true)}.
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * @param sslContext the TLS context (trust material, client keys); default the JDK's
         *     {@link SSLContext#getDefault()}. Only with TLS on.
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * @param hostnameVerification whether the server certificate must match the host name
         *     (HTTPS rules); default {@value JedisAuthConfig#DEFAULT_HOSTNAME_VERIFICATION}. Turn off
         *     only for nodes reached by IP without IP entries in their certificate.
         * @return this builder
         */
        public Builder hostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
            return this;
        }

        /**
         * @param allowPlaintextToken whether tokens may cross a plaintext connection; default
         *     {@value JedisAuthConfig#DEFAULT_ALLOW_PLAINTEXT_TOKEN}. For local development only.
         * @return this builder
         */
        public Builder allowPlaintextToken(boolean allowPlaintextToken) {
            this.allowPlaintextToken = allowPlaintextToken;
            return this;
        }

        /**
         * Jedis's own client settings, kept as given: timeouts, client name, database,
         * {@code HostAndPortMapper}, {@code ClientSetInfoConfig}, ... Credentials and TLS must not be
         * set there (tokens come from the token source, TLS from {@link #tls}/{@link #sslContext}).
         *
         * @param clientConfig default {@code DefaultJedisClientConfig.builder().build()}
         * @return this builder
         */
        public Builder clientConfig(JedisClientConfig clientConfig) {
            this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
            return this;
        }

        /**
         * Jedis's connection pool settings for the pooled standalone client and each cluster node, copied;
         * {@code testOnBorrow} is always turned on in the copy (for the standalone client it costs a round
         * trip only as {@link #validateAfterIdle(Duration)} says).
         *
         * @param poolConfig default {@code new ConnectionPoolConfig()}
         * @return this builder
         */
        public Builder poolConfig(GenericObjectPoolConfig<Connection> poolConfig) {
            this.poolConfig = Objects.requireNonNull(poolConfig, "poolConfig").clone();
            return this;
        }

        /**
         * Pool settings for {@code JedisPool}, copied; {@code testOnBorrow} is always turned on in the copy (it
         * costs a round trip only as {@link #validateAfterIdle(Duration)} says).
         *
         * @param jedisPoolConfig default {@code new JedisPoolConfig()}
         * @return this builder
         */
        public Builder jedisPoolConfig(GenericObjectPoolConfig<Jedis> jedisPoolConfig) {
            this.jedisPoolConfig = Objects.requireNonNull(jedisPoolConfig, "jedisPoolConfig").clone();
            return this;
        }

        /**
         * The protocol to ask for with {@code HELLO}. Default none: plain one-argument {@code AUTH}
         * and RESP2 on every Jedis line (Jedis 8's own protocol auto-negotiation is switched off), which
         * works on Redis 2.8 to 7.x; the clients pin RESP2 so Jedis never probes. {@code RESP3} (or
         * {@code RESP2}) sends {@code HELLO}, which fails on Redis before 6: Jedis 6 and 7 send {@code AUTH}
         * then {@code HELLO}, Jedis 8 {@code HELLO 3 AUTH default <token>}.
         *
         * @param protocol the protocol, or null for the server default
         * @return this builder
         */
        public Builder protocol(RedisProtocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /**
         * @param period how long a token the server rejected is tried last, after the other candidates;
         *     default {@link TokenNegotiator#DEFAULT_DEMOTION_PERIOD} (5 minutes); positive ({@link #build()} checks)
         * @return this builder
         */
        public Builder demotionPeriod(Duration period) {
            this.demotionPeriod = Objects.requireNonNull(period, "demotionPeriod");
            return this;
        }

        /**
         * @param interval after every token of a set was rejected (also after one refresh of the source), how
         *     long new connections that get the same set from the source fail at once with
         *     {@link TokensRejectedException} instead of trying them again (no connection storm against a
         *     server that refuses them all); a source that returns a different set is tried at once. Default
         *     {@link TokenNegotiator#DEFAULT_REJECTED_RETRY_INTERVAL} (5 seconds); zero (always try again) or
         *     positive ({@link #build()} checks)
         * @return this builder
         */
        public Builder rejectedRetryInterval(Duration interval) {
            this.rejectedRetryInterval = Objects.requireNonNull(interval, "rejectedRetryInterval");
            return this;
        }

        /**
         * @param enabled whether {@link JedisAuthConfig#idempotentRetry()} retries; default
         *     {@value JedisAuthConfig#DEFAULT_IDEMPOTENT_RETRY}
         * @return this builder
         */
        public Builder idempotentRetry(boolean enabled) {
            this.idempotentRetry = enabled;
            return this;
        }

        /**
         * @param maxAttempts attempts per idempotent command, first included; default
         *     {@value JedisAuthConfig#DEFAULT_RETRY_MAX_ATTEMPTS}; at least 1
         * @return this builder
         */
        public Builder retryMaxAttempts(int maxAttempts) {
            this.retryMaxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param wait the pause between attempts; default {@link JedisAuthConfig#DEFAULT_RETRY_WAIT}; not negative
         * @return this builder
         */
        public Builder retryWait(Duration wait) {
            this.retryWait = Objects.requireNonNull(wait, "retryWait");
            return this;
        }

        /**
         * @param maxAttempts Jedis's cluster attempts per command; default
         *     {@value JedisAuthConfig#DEFAULT_CLUSTER_MAX_ATTEMPTS}; at least 1
         * @return this builder
         */
        public Builder clusterMaxAttempts(int maxAttempts) {
            this.clusterMaxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param period Jedis's periodic cluster topology refresh; default none (refresh on redirection only)
         * @return this builder
         */
        public Builder clusterTopologyRefreshPeriod(Duration period) {
            this.clusterTopologyRefreshPeriod = period;
            return this;
        }

        /**
         * How long a connection of a standalone pool ({@link JedisAuthConfig#createPooledClient()},
         * {@link JedisAuthConfig#createRedisClient()}, {@link JedisAuthConfig#createJedisPool()}) may sit in
         * the pool and still be handed out without a {@code PING}. A connection used more often than this
         * costs no round trip on borrow (Jedis's pooled clients borrow once per command); one idle longer, or
         * returned before another connection of the pool was found dead, answers a {@code PING} first and is
         * replaced when it fails, so connections that died while idle (a restart, a kill, an idle timeout of
         * the server or the network) are not handed out. A command on a connection killed while hot fails
         * as in stock Jedis: use {@link JedisAuthConfig#idempotentRetry()} for idempotent commands.
         * Cluster node pools keep Jedis's {@code PING} on every borrow.
         *
         * @param idle default {@link JedisAuthConfig#DEFAULT_VALIDATE_AFTER_IDLE} (5 s); zero = a {@code PING}
         *     on every borrow; not negative ({@link #build()} checks)
         * @return this builder
         */
        public Builder validateAfterIdle(Duration idle) {
            this.validateAfterIdle = Objects.requireNonNull(idle, "validateAfterIdle");
            return this;
        }

        /**
         * Validates the combination and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting, its value and the rule broken
         * @throws IllegalStateException if TLS is on, no SSLContext is given and the JDK has no default one
         */
        public JedisAuthConfig build() {
            ConfigValidation.validate(this);
            SSLContext resolved = sslContext;
            if (tls && resolved == null) {
                try {
                    resolved = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("tls=true and no sslContext given, but the JDK has no default SSLContext", e);
                }
            }
            return new JedisAuthConfig(this, resolved);
        }

        // Read by ConfigValidation.
        HostAndPort endpoint() { return endpoint; }
        Set<HostAndPort> clusterNodesSet() { return clusterNodes; }
        TokenSource tokenSourceValue() { return tokenSource; }
        boolean tlsValue() { return tls; }
        SSLContext sslContextValue() { return sslContext; }
        boolean allowPlaintextTokenValue() { return allowPlaintextToken; }
        JedisClientConfig clientConfigValue() { return clientConfig; }
        Duration demotionPeriodValue() { return demotionPeriod; }
        Duration rejectedRetryIntervalValue() { return rejectedRetryInterval; }
        int retryMaxAttemptsValue() { return retryMaxAttempts; }
        Duration retryWaitValue() { return retryWait; }
        int clusterMaxAttemptsValue() { return clusterMaxAttempts; }
        Duration clusterTopologyRefreshPeriodValue() { return clusterTopologyRefreshPeriod; }
        Duration validateAfterIdleValue() { return validateAfterIdle; }
    }

    static boolean hasPassword(JedisClientConfig config) {
        if (config.getPassword() != null || config.getUser() != null) {
            return true;
        }
        if (config.getCredentialsProvider() == null) {
            return false;
        }
        RedisCredentials credentials = config.getCredentialsProvider().get();
        return credentials != null && (credentials.getPassword() != null || credentials.getUser() != null);
    }
}
