package io.github.redisauth.testkit;

import io.github.redisauth.testkit.internal.GatewayServer;
import io.github.redisauth.testkit.internal.NettySupport;
import io.github.redisauth.testkit.internal.TokenConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ElastiCache's managed AUTH token, on a laptop: a TLS endpoint on loopback in front of a real
 * Redis without a password, answering AUTH (and HELLO's AUTH) itself with ElastiCache's
 * semantics and forwarding every other command to the backend, one backend connection per
 * client connection, replies relayed byte for byte and in command order (pipelining works).
 *
 * <pre>{@code
 * try (AuthGateway gw = AuthGateway.builder().backendVersion(RedisVersion.V2_8).start()) {
 *     gw.rotate(token);   // token accepted, clients without AUTH still served
 *     gw.set(token);      // only the token; PING without AUTH -> -NOAUTH Authentication required.
 *     gw.rotate(token2);  // both accepted
 *     gw.set(token2);     // only token2
 * }
 * }</pre>
 *
 * <p>States ({@link #state()}): {@link GatewayState#NO_TOKEN} → {@link #rotate(String)} →
 * {@link GatewayState#ROTATING} → {@link #set(String)} → {@link GatewayState#SET}; at most two
 * tokens are accepted, a further rotate drops the oldest; {@link #delete()} goes back to no token.
 * Only the first rotate from no token leaves AUTH optional; a rotate after a set keeps AUTH
 * required. Changes apply to the next command of every connection. Replies are those of the
 * {@link GatewayDialect}; see {@code docs/gateway.md} for the full table.
 *
 * <p>Tokens never appear in logs, {@link #toString()} or exception messages.
 *
 * <p>Thread-safe: every method may be called from any thread; state changes are serialized.
 */
public final class AuthGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuthGateway.class);
    private static final String HOST = "localhost";

    private final GatewayServer server;
    private final RedisServer backend;
    private final boolean ownsBackend;
    private final boolean tls;
    private final GatewayDialect dialect;
    private final ExistingConnections defaultOnSet;
    private boolean closed;

    private AuthGateway(Builder b, RedisServer backend, boolean ownsBackend, GatewayDialect dialect) {
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.tls = b.tls;
        this.dialect = dialect;
        this.defaultOnSet = b.existingConnections;
        ServerCertificate cert = b.certificate != null ? b.certificate : TestCertificates.shared().server();
        this.server = new GatewayServer(tls ? NettySupport.serverSslContext(cert.chain(), cert.privateKey()) : null,
                dialect, backend.port(), backend.version().major() < 6);
    }

    /**
     * A builder. Defaults: a Redis 2.8 backend started by the gateway, dialect matching the
     * backend ({@link GatewayDialect#PRE_6} for 2.8), TLS on with
     * {@code TestCertificates.shared().server()}, {@link ExistingConnections#KEEP}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return always {@code "localhost"} (the test server certificate matches it)} */
    public String host() {
        return HOST;
    }

    /** {@return the gateway's port on loopback} */
    public int port() {
        return server.port();
    }

    /** {@return whether clients must use TLS} */
    public boolean tls() {
        return tls;
    }

    /** {@return {@code rediss://localhost:port} (or {@code redis://} without TLS); never a token} */
    public URI uri() {
        return URI.create((tls ? "rediss" : "redis") + "://" + HOST + ":" + port());
    }

    /** {@return the reply dialect} */
    public GatewayDialect dialect() {
        return dialect;
    }

    /** {@return the backend Redis (plaintext, no password); started and owned by the gateway unless one was given} */
    public RedisServer backend() {
        return backend;
    }

    /** {@return the token state} */
    public GatewayState state() {
        return server.tokens().state();
    }

    /** {@return how many tokens AUTH accepts now: 0, 1 or 2} */
    public int acceptedTokenCount() {
        return server.tokens().tokenCount();
    }

    /** {@return whether clients must authenticate before other commands (SET, or ROTATING after a SET)} */
    public boolean authRequired() {
        return server.tokens().authRequired();
    }

    /** {@return the number of client connections open now} */
    public int connectionCount() {
        return server.connectionCount();
    }

    /**
     * ElastiCache {@code --auth-token-update-strategy ROTATE}: the token is accepted from the next
     * command on, in addition to the newest one already accepted; with two already accepted the
     * oldest is dropped. From {@link GatewayState#NO_TOKEN}, clients without AUTH stay served.
     * Open connections are kept, including ones authenticated with a dropped token.
     *
     * @param token 16-128 characters: letters, digits and {@code ! & # $ ^ < > -}
     * @throws IllegalArgumentException when the token breaks those rules (message names the rule, not the token)
     * @throws IllegalStateException when the gateway is closed
     */
    public synchronized void rotate(String token) {
        requireOpen();
        server.tokens(server.tokens().rotate(token));
        LOG.info("AUTH gateway on {}:{} rotated: {}", HOST, port(), server.tokens());
    }

    /**
     * ElastiCache {@code --auth-token-update-strategy SET}, with the builder's
     * {@link ExistingConnections} policy (default {@link ExistingConnections#KEEP}).
     *
     * @param token the token of the last {@link #rotate(String)}
     * @throws IllegalStateException when not {@link GatewayState#ROTATING}, when the token is not
     *         the last rotated one (ElastiCache: "must be the same value as the last AUTH token
     *         rotated"), or when closed
     * @throws IllegalArgumentException when the token breaks the token rules
     */
    public void set(String token) {
        set(token, defaultOnSet);
    }

    /**
     * ElastiCache SET: from the next command on, only this token is accepted and AUTH is required.
     *
     * @param token the token of the last {@link #rotate(String)}
     * @param existing {@link ExistingConnections#KEEP}: open connections stay (authenticated ones
     *        keep being served, others get NOAUTH); {@link ExistingConnections#DROP}: every client
     *        connection is closed
     * @throws IllegalStateException when not {@link GatewayState#ROTATING}, when the token is not
     *         the last rotated one, or when closed
     * @throws IllegalArgumentException when the token breaks the token rules
     */
    public synchronized void set(String token, ExistingConnections existing) {
        Objects.requireNonNull(existing, "existing");
        requireOpen();
        server.tokens(server.tokens().set(token));
        if (existing == ExistingConnections.DROP) {
            server.closeClients();
        }
        LOG.info("AUTH gateway on {}:{} set: {}, existing connections {}", HOST, port(), server.tokens(),
                existing == ExistingConnections.DROP ? "dropped" : "kept");
    }

    /**
     * Back to {@link GatewayState#NO_TOKEN}: every client is served without AUTH, and AUTH gets
     * the dialect's "no password is set" error. A later rotate behaves like the first one.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized void delete() {
        requireOpen();
        server.tokens(TokenConfig.NONE);
        LOG.info("AUTH gateway on {}:{} deleted its tokens", HOST, port());
    }

    /**
     * Closes every client connection (and its backend connection); clients see EOF. New
     * connections are accepted right away.
     *
     * @throws IllegalStateException when closed
     */
    public synchronized void killClients() {
        requireOpen();
        server.closeClients();
        LOG.info("AUTH gateway on {}:{} closed its client connections", HOST, port());
    }

    /**
     * Simulates a node restart: closes every client connection now, then for {@code refuseFor}
     * closes each new connection right after accepting it (clients see a reset or EOF, also
     * during the TLS handshake); afterwards connections are accepted again. Returns at once,
     * without waiting for {@code refuseFor}. Token state and backend data are kept.
     *
     * @param refuseFor how long to refuse; zero only drops the connections
     * @throws IllegalArgumentException when negative
     * @throws IllegalStateException when closed
     */
    public synchronized void restart(Duration refuseFor) {
        Objects.requireNonNull(refuseFor, "refuseFor");
        if (refuseFor.isNegative()) {
            throw new IllegalArgumentException("refuseFor must not be negative");
        }
        requireOpen();
        server.refuseFor(refuseFor);
        LOG.info("AUTH gateway on {}:{} restarted: refusing connections for {} ms", HOST, port(),
                refuseFor.toMillis());
    }

    /** Stops listening, closes every connection, and stops the backend if the gateway started it. Idempotent; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        if (ownsBackend) {
            backend.close();
        }
    }

    /** {@code AuthGateway[PRE_6, TLS localhost:1234 -> RedisServer[...], SET with 1 token, AUTH required]}; never tokens. */
    @Override
    public String toString() {
        return "AuthGateway[" + dialect + ", " + (tls ? "TLS " : "plain ") + HOST + ":" + port() + " -> " + backend
                + ", " + server.tokens() + (closed ? ", closed" : "") + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    /** Configures and starts an {@link AuthGateway}. Not thread-safe. */
    public static final class Builder {
        private RedisVersion backendVersion = RedisVersion.V2_8;
        private RedisServer backend;
        private GatewayDialect dialect;
        private boolean tls = true;
        private ServerCertificate certificate;
        private ExistingConnections existingConnections = ExistingConnections.KEEP;

        private Builder() {
        }

        /**
         * The version of the backend the gateway starts (default {@link RedisVersion#V2_8});
         * plaintext, no password. Ignored when {@link #backend(RedisServer)} is given.
         *
         * @param version the version
         * @return this builder
         */
        public Builder backendVersion(RedisVersion version) {
            this.backendVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Use this running server instead of starting one; the gateway does not stop it.
         *
         * @param server a plaintext server whose default user needs no password
         * @return this builder
         * @throws IllegalArgumentException when it serves TLS
         */
        public Builder backend(RedisServer server) {
            Objects.requireNonNull(server, "server");
            if (server.tls()) {
                throw new IllegalArgumentException("the gateway's backend must be plaintext: " + server);
            }
            this.backend = server;
            return this;
        }

        /**
         * The reply dialect (default: {@link GatewayDialect#PRE_6} for a 2.8 backend,
         * {@link GatewayDialect#V6_PLUS} for 6.2 and 7).
         *
         * @param dialect the dialect; {@link GatewayDialect#V6_PLUS} needs a Redis 6+ backend
         * @return this builder
         */
        public Builder dialect(GatewayDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * Serve TLS (default true).
         *
         * @param tls whether to serve TLS
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * The certificate to serve (default {@code TestCertificates.shared().server()}); implies TLS.
         *
         * @param certificate the certificate
         * @return this builder
         */
        public Builder certificate(ServerCertificate certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            this.tls = true;
            return this;
        }

        /**
         * What {@link AuthGateway#set(String)} does to open connections (default {@link ExistingConnections#KEEP}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder existingConnections(ExistingConnections policy) {
            this.existingConnections = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Starts the backend (unless given) and the gateway, in state {@link GatewayState#NO_TOKEN}.
         *
         * @return the running gateway; the caller closes it
         * @throws IllegalArgumentException when {@link GatewayDialect#V6_PLUS} is asked with a pre-6 backend
         * @throws IllegalStateException when the backend version is unavailable here, or it or the gateway does not start
         */
        public AuthGateway start() {
            RedisVersion version = backend != null ? backend.version() : backendVersion;
            GatewayDialect d = dialect != null ? dialect
                    : version.major() < 6 ? GatewayDialect.PRE_6 : GatewayDialect.V6_PLUS;
            if (d == GatewayDialect.V6_PLUS && version.major() < 6) {
                throw new IllegalArgumentException("dialect V6_PLUS needs a Redis 6+ backend (HELLO is forwarded "
                        + "to it); the backend is Redis " + version.label());
            }
            boolean owns = backend == null;
            RedisServer server = owns ? RedisServer.builder(version).name("gateway-backend-" + version.major()).start()
                    : backend;
            try {
                AuthGateway gw = new AuthGateway(this, server, owns, d);
                LOG.info("started AUTH gateway ({}, {}) on {}:{} in front of {}", d, tls ? "TLS" : "plaintext", HOST,
                        gw.port(), server);
                return gw;
            } catch (RuntimeException e) {
                if (owns) {
                    server.close();
                }
                throw e;
            }
        }
    }
}
