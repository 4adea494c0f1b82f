package io.github.redisauth.lettuce;

import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokenSource;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a rotation-safe Lettuce client needs: the endpoints, the TLS settings, the token source,
 * and optionally the caller's own Lettuce {@link ClientResources} and {@link ClientOptions}.
 *
 * <p>Create with {@link #builder()}; {@link Builder#build()} validates the combination. Hand the result to
 * {@link RedisAuthClient#create(LettuceAuthConfig)} (standalone, primary + reader endpoints) or
 * {@link RedisAuthClusterClient#create(LettuceAuthConfig)} (cluster mode enabled).
 *
 * <p><b>What the library sets on the caller's options</b> (everything else is kept as given):
 * {@code protocolVersion} ({@link #DEFAULT_PROTOCOL_VERSION} unless {@link Builder#protocolVersion}
 * says otherwise), {@code reauthenticateBehavior(ON_NEW_CREDENTIALS)}, and {@code sslOptions} when
 * {@link Builder#sslOptions} is given. On every endpoint URI it sets the credentials provider, the
 * TLS flag ({@link #tls()}) and the verify mode ({@link #verifyPeer()}); a password or username already
 * on a URI is replaced.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows a token.
 */
public final class LettuceAuthConfig {

    /** TLS is on unless turned off: {@code true}. */
    public static final boolean DEFAULT_TLS = true;
    /** Certificate chain and host name are both verified: {@link SslVerifyMode#FULL}. */
    public static final SslVerifyMode DEFAULT_VERIFY_PEER = SslVerifyMode.FULL;
    /** A token is never sent over plaintext unless allowed: {@code false}. */
    public static final boolean DEFAULT_ALLOW_PLAINTEXT_TOKEN = false;
    /**
     * RESP2: the handshake is a plain one-argument {@code AUTH}, which Redis 2.8 to 7.x all accept;
     * no {@code HELLO}, so no fallback guessing and no lettuce#2592 ({@code HELLO AUTH} answered
     * {@code NOAUTH} on Redis 6.0.x).
     */
    public static final ProtocolVersion DEFAULT_PROTOCOL_VERSION = ProtocolVersion.RESP2;
    /** How often the token source is asked for a new current token: 30 seconds. */
    public static final Duration DEFAULT_SOURCE_POLL_INTERVAL = Duration.ofSeconds(30);
    /** How long one token probe (connect, TLS, AUTH) may take: 10 seconds. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final List<RedisURI> endpoints;
    private final TokenSource tokenSource;
    private final boolean tls;
    private final SslVerifyMode verifyPeer;
    private final SslOptions sslOptions;
    private final boolean allowPlaintextToken;
    private final ProtocolVersion protocolVersion;
    private final ClientResources clientResources;
    private final ClientOptions clientOptions;
    private final ClusterClientOptions clusterClientOptions;
    private final Duration sourcePollInterval;
    private final Duration probeTimeout;
    private final Duration demotionPeriod;
    private final Duration rejectedRetryInterval;

    private LettuceAuthConfig(Builder b) {
        this.endpoints = List.copyOf(b.endpoints);
        this.tokenSource = b.tokenSource;
        this.tls = b.tls;
        this.verifyPeer = b.verifyPeer;
        this.sslOptions = b.sslOptions;
        this.allowPlaintextToken = b.allowPlaintextToken;
        this.protocolVersion = b.protocolVersion;
        this.clientResources = b.clientResources;
        this.clientOptions = b.clientOptions;
        this.clusterClientOptions = b.clusterClientOptions;
        this.sourcePollInterval = b.sourcePollInterval;
        this.probeTimeout = b.probeTimeout;
        this.demotionPeriod = b.demotionPeriod;
        this.rejectedRetryInterval = b.rejectedRetryInterval;
    }

    /** @return a builder holding the defaults and no endpoint or token source */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoints.addAll(endpoints);
        b.tokenSource = tokenSource;
        b.tls = tls;
        b.verifyPeer = verifyPeer;
        b.sslOptions = sslOptions;
        b.allowPlaintextToken = allowPlaintextToken;
        b.protocolVersion = protocolVersion;
        b.clientResources = clientResources;
        b.clientOptions = clientOptions;
        b.clusterClientOptions = clusterClientOptions;
        b.sourcePollInterval = sourcePollInterval;
        b.probeTimeout = probeTimeout;
        b.demotionPeriod = demotionPeriod;
        b.rejectedRetryInterval = rejectedRetryInterval;
        return b;
    }

    /**
     * The endpoints as given (without credentials). Standalone: the first is the server;
     * primary + reader: the first is the primary endpoint, the others reader endpoints;
     * cluster: seed nodes.
     *
     * @return at least one endpoint; unmodifiable
     */
    public List<RedisURI> endpoints() {
        return endpoints;
    }

    /** @return where tokens come from; the clients never close it */
    public TokenSource tokenSource() {
        return tokenSource;
    }

    /** @return whether connections use TLS; default {@link #DEFAULT_TLS} */
    public boolean tls() {
        return tls;
    }

    /** @return the TLS peer verification; default {@link #DEFAULT_VERIFY_PEER} */
    public SslVerifyMode verifyPeer() {
        return verifyPeer;
    }

    /** @return the TLS options to set on the client options, or empty to keep the caller's (JDK trust by default) */
    public Optional<SslOptions> sslOptions() {
        return Optional.ofNullable(sslOptions);
    }

    /** @return whether a token may be sent without TLS; default {@link #DEFAULT_ALLOW_PLAINTEXT_TOKEN} */
    public boolean allowPlaintextToken() {
        return allowPlaintextToken;
    }

    /** @return the protocol the clients speak; default {@link #DEFAULT_PROTOCOL_VERSION} */
    public ProtocolVersion protocolVersion() {
        return protocolVersion;
    }

    /** @return the caller's resources (then the caller shuts them down), or empty: each client creates and owns its own */
    public Optional<ClientResources> clientResources() {
        return Optional.ofNullable(clientResources);
    }

    /** @return the caller's standalone client options, or empty for Lettuce's defaults */
    public Optional<ClientOptions> clientOptions() {
        return Optional.ofNullable(clientOptions);
    }

    /** @return the caller's cluster client options, or empty for Lettuce's defaults */
    public Optional<ClusterClientOptions> clusterClientOptions() {
        return Optional.ofNullable(clusterClientOptions);
    }

    /** @return how often the source is polled for a new current token; zero: never (call {@code refreshTokens()}) */
    public Duration sourcePollInterval() {
        return sourcePollInterval;
    }

    /** @return how long one token probe may take; default {@link #DEFAULT_PROBE_TIMEOUT} */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** @return how long a rejected token is tried last; default {@link TokenNegotiator#DEFAULT_DEMOTION_PERIOD} */
    public Duration demotionPeriod() {
        return demotionPeriod;
    }

    /**
     * @return after every token of a set was rejected, how long connects and reconnects that get the same set
     *     fail at once; default {@link TokenNegotiator#DEFAULT_REJECTED_RETRY_INTERVAL}
     */
    public Duration rejectedRetryInterval() {
        return rejectedRetryInterval;
    }

    @Override
    public String toString() {
        return "LettuceAuthConfig[endpoints=" + endpoints.stream().map(u -> u.getHost() + ":" + u.getPort()).toList()
                + ", tokenSource=" + tokenSource.description() + ", tls=" + tls + ", verifyPeer=" + verifyPeer
                + ", allowPlaintextToken=" + allowPlaintextToken + ", protocolVersion=" + protocolVersion
                + ", sourcePollInterval=" + sourcePollInterval + ", probeTimeout=" + probeTimeout
                + ", demotionPeriod=" + demotionPeriod + ", rejectedRetryInterval=" + rejectedRetryInterval + "]";
    }

    /**
     * Collects settings for a {@link LettuceAuthConfig}. Not thread-safe. Setters reject null with a
     * {@link NullPointerException}; {@link #build()} checks the combination.
     */
    public static final class Builder {
        private final List<RedisURI> endpoints = new ArrayList<>();
        private TokenSource tokenSource;
        private boolean tls = DEFAULT_TLS;
        private SslVerifyMode verifyPeer = DEFAULT_VERIFY_PEER;
        private SslOptions sslOptions;
        private boolean allowPlaintextToken = DEFAULT_ALLOW_PLAINTEXT_TOKEN;
        private ProtocolVersion protocolVersion = DEFAULT_PROTOCOL_VERSION;
        private ClientResources clientResources;
        private ClientOptions clientOptions;
        private ClusterClientOptions clusterClientOptions;
        private Duration sourcePollInterval = DEFAULT_SOURCE_POLL_INTERVAL;
        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
        private Duration demotionPeriod = TokenNegotiator.DEFAULT_DEMOTION_PERIOD;
        private Duration rejectedRetryInterval = TokenNegotiator.DEFAULT_REJECTED_RETRY_INTERVAL;

        private Builder() {
        }

        /**
         * Adds an endpoint by host name and port. Use the DNS name the certificate is issued for
         * (e.g. the ElastiCache primary endpoint), so that host name verification succeeds.
         *
         * @param host the host name; not blank
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder endpoint(String host, int port) {
            Objects.requireNonNull(host, "host");
            this.endpoints.add(RedisURI.builder().withHost(host).withPort(port).build());
            return this;
        }

        /**
         * Adds an endpoint with full Lettuce settings (timeout, database, client name). Its credentials,
         * TLS flag and verify mode are replaced by this configuration's (see {@link LettuceAuthConfig}).
         * The URI is copied; later changes to it have no effect.
         *
         * @param endpoint the endpoint
         * @return this builder
         */
        public Builder endpoint(RedisURI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            this.endpoints.add(RedisURI.builder(endpoint).build());
            return this;
        }

        /**
         * @param tokenSource where tokens come from; required. The clients never close it.
         * @return this builder
         */
        public Builder tokenSource(TokenSource tokenSource) {
            this.tokenSource = Objects.requireNonNull(tokenSource, "tokenSource");
            return this;
        }

        /**
         * @param tls whether to use TLS; default {@link #DEFAULT_TLS}. Off needs {@link #allowPlaintextToken(boolean)}.
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * @param verifyPeer TLS peer verification; default {@link #DEFAULT_VERIFY_PEER}. {@code CA} checks the
         *     chain only (needed for cluster nodes announced by IP when the certificate has no IP entries);
         *     {@code NONE} is refused by {@link #build()}.
         * @return this builder
         */
        public Builder verifyPeer(SslVerifyMode verifyPeer) {
            this.verifyPeer = Objects.requireNonNull(verifyPeer, "verifyPeer");
            return this;
        }

        /**
         * @param sslOptions trust store, key store, protocols; replaces the {@code sslOptions} of the client
         *     options. Default: keep the client options' own (JDK trust store).
         * @return this builder
         */
        public Builder sslOptions(SslOptions sslOptions) {
            this.sslOptions = Objects.requireNonNull(sslOptions, "sslOptions");
            return this;
        }

        /**
         * @param allow whether a token may travel over a plaintext connection; default
         *     {@link #DEFAULT_ALLOW_PLAINTEXT_TOKEN}. Only for local development.
         * @return this builder
         */
        public Builder allowPlaintextToken(boolean allow) {
            this.allowPlaintextToken = allow;
            return this;
        }

        /**
         * @param protocolVersion the protocol; default {@link #DEFAULT_PROTOCOL_VERSION}. RESP3 fails on
         *     Redis &lt; 6.
         * @return this builder
         */
        public Builder protocolVersion(ProtocolVersion protocolVersion) {
            this.protocolVersion = Objects.requireNonNull(protocolVersion, "protocolVersion");
            return this;
        }

        /**
         * @param clientResources shared Lettuce resources (event loops, reconnect delay, event bus);
         *     the caller shuts them down. Default: each client creates its own and shuts it down on close.
         * @return this builder
         */
        public Builder clientResources(ClientResources clientResources) {
            this.clientResources = Objects.requireNonNull(clientResources, "clientResources");
            return this;
        }

        /**
         * @param clientOptions the caller's options for {@link RedisAuthClient}; the settings listed on
         *     {@link LettuceAuthConfig} are overridden. Default: Lettuce's defaults. {@code autoReconnect(false)}
         *     and {@code suspendReconnectOnProtocolFailure(true)} are refused by {@link #build()}.
         * @return this builder
         */
        public Builder clientOptions(ClientOptions clientOptions) {
            this.clientOptions = Objects.requireNonNull(clientOptions, "clientOptions");
            return this;
        }

        /**
         * @param clusterClientOptions the caller's options for {@link RedisAuthClusterClient}; the settings
         *     listed on {@link LettuceAuthConfig} are overridden. Default: Lettuce's defaults. {@code autoReconnect(false)}
         *     and {@code suspendReconnectOnProtocolFailure(true)} are refused by {@link #build()}.
         * @return this builder
         */
        public Builder clusterClientOptions(ClusterClientOptions clusterClientOptions) {
            this.clusterClientOptions = Objects.requireNonNull(clusterClientOptions, "clusterClientOptions");
            return this;
        }

        /**
         * @param interval how often to ask the source for a new current token and, when it has one the
         *     server accepts, re-authenticate live connections with it; default
         *     {@link #DEFAULT_SOURCE_POLL_INTERVAL}; {@link Duration#ZERO} turns polling off
         * @return this builder
         */
        public Builder sourcePollInterval(Duration interval) {
            this.sourcePollInterval = Objects.requireNonNull(interval, "sourcePollInterval");
            return this;
        }

        /**
         * @param timeout how long one probe (connect, TLS, AUTH with one candidate) may take; default
         *     {@link #DEFAULT_PROBE_TIMEOUT}
         * @return this builder
         */
        public Builder probeTimeout(Duration timeout) {
            this.probeTimeout = Objects.requireNonNull(timeout, "probeTimeout");
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
         *     long connects and reconnects that get the same set from the source fail at once with
         *     {@link io.github.redisauth.TokensRejectedException} instead of trying them again (no connection
         *     storm against a server that refuses them all); a source that returns a different set is tried at
         *     once. Default {@link TokenNegotiator#DEFAULT_REJECTED_RETRY_INTERVAL} (5 seconds); zero (always
         *     try again) or positive ({@link #build()} checks)
         * @return this builder
         */
        public Builder rejectedRetryInterval(Duration interval) {
            this.rejectedRetryInterval = Objects.requireNonNull(interval, "rejectedRetryInterval");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the setting, its value and the rule broken, when: no endpoint;
         *     no token source; {@code tls=false} without {@code allowPlaintextToken(true)};
         *     {@code verifyPeer=NONE} with TLS on; a negative poll interval or rejected-set retry interval; a
         *     probe timeout or demotion period that is not positive; an endpoint that asks for TLS while {@code tls=false}; client options
         *     (standalone or cluster) with {@code autoReconnect=false} or {@code suspendReconnectOnProtocolFailure=true}
         */
        public LettuceAuthConfig build() {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints=[] (none given): at least one is required;"
                        + " add one with endpoint(host, port)");
            }
            if (tokenSource == null) {
                throw new IllegalArgumentException("tokenSource=null (not set): a token source is required"
                        + " (TokenSources.fixed/environment/file, or a Secrets Manager source)");
            }
            if (!tls && !allowPlaintextToken) {
                throw new IllegalArgumentException("tls=false with allowPlaintextToken=false: a token would be sent in"
                        + " plaintext; turn TLS on, or call allowPlaintextToken(true) (local development only)");
            }
            if (tls && verifyPeer == SslVerifyMode.NONE) {
                throw new IllegalArgumentException("verifyPeer=NONE: the token would go to any server that answers TLS;"
                        + " use FULL (default) or CA");
            }
            if (sourcePollInterval.isNegative()) {
                throw new IllegalArgumentException("sourcePollInterval=" + sourcePollInterval
                        + ": must be zero (off) or positive");
            }
            if (probeTimeout.isNegative() || probeTimeout.isZero()) {
                throw new IllegalArgumentException("probeTimeout=" + probeTimeout + ": must be positive");
            }
            if (demotionPeriod.isNegative() || demotionPeriod.isZero()) {
                throw new IllegalArgumentException("demotionPeriod=" + demotionPeriod + ": must be positive");
            }
            if (rejectedRetryInterval.isNegative()) {
                throw new IllegalArgumentException("rejectedRetryInterval=" + rejectedRetryInterval
                        + ": must be zero (always try again) or positive");
            }
            if (clientOptions != null) {
                requireReconnecting("clientOptions", clientOptions);
            }
            if (clusterClientOptions != null) {
                requireReconnecting("clusterClientOptions", clusterClientOptions);
            }
            for (RedisURI endpoint : endpoints) {
                if (endpoint.isSsl() && !tls) {
                    throw new IllegalArgumentException("endpoint " + endpoint.getHost() + ":" + endpoint.getPort()
                            + " has ssl=true while tls=false: the two settings must agree");
                }
            }
            return new LettuceAuthConfig(this);
        }

        /**
         * A connection that stops reconnecting after one failed handshake never recovers from a rotation:
         * during {@code SET} one reconnect may be answered {@code WRONGPASS} before the new token wins
         * (lettuce#3086). Refused rather than silently replaced.
         */
        private static void requireReconnecting(String setting, ClientOptions options) {
            if (!options.isAutoReconnect()) {
                throw new IllegalArgumentException(setting + ".autoReconnect=false: connections must reconnect"
                        + " by themselves to ride through a token rotation; keep autoReconnect(true) (Lettuce's default)");
            }
            if (options.isSuspendReconnectOnProtocolFailure()) {
                throw new IllegalArgumentException(setting + ".suspendReconnectOnProtocolFailure=true: one rejected token"
                        + " during a rotation would stop reconnecting for good (lettuce#3086);"
                        + " keep suspendReconnectOnProtocolFailure(false) (Lettuce's default)");
            }
        }
    }
}
