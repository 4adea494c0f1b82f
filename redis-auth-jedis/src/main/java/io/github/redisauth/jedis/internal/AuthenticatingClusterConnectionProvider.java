package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.TokenNegotiator;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Cluster connection provider whose node connections authenticate through the shared
 * {@link TokenNegotiator}. Jedis offers no factory hook for node pools, so a node connection's
 * handshake sends the negotiator's {@linkplain TokenNegotiator#offer() offer} (through a
 * {@link RotatingCredentialsProvider}) and every borrow is wrapped: the outcome of a connection
 * opened with the offer is reported ({@link TokenNegotiator#accepted}/{@link TokenNegotiator#failed});
 * when it failed with an authentication answer, the borrow is repeated under
 * {@link TokenNegotiator#negotiate}, forcing each candidate (or no AUTH) in turn. Thread-safe.
 */
public final class AuthenticatingClusterConnectionProvider extends ClusterConnectionProvider {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingClusterConnectionProvider.class);

    private final TokenNegotiator negotiator;
    private final RotatingCredentialsProvider credentials;
    private final String label;

    private AuthenticatingClusterConnectionProvider(Set<HostAndPort> nodes, JedisClientConfig config,
            GenericObjectPoolConfig<Connection> poolConfig, Duration topologyRefreshPeriod,
            TokenNegotiator negotiator, RotatingCredentialsProvider credentials) {
        super(nodes, config, poolConfig, topologyRefreshPeriod);
        this.negotiator = negotiator;
        this.credentials = credentials;
        this.label = label(nodes);
    }

    /**
     * Negotiates with one seed node first (so the winner, or "no password", is known before Jedis reads the
     * slot map with the offered credential), then builds the provider.
     *
     * @param nodes seed nodes
     * @param configs derived Jedis configurations
     * @param poolConfig per-node pool settings; validation on borrow ({@code testOnBorrow}) is required:
     *     it is the {@code PING} that confirms a node connection opened without AUTH
     * @param topologyRefreshPeriod Jedis's periodic topology refresh, or null for none
     * @param negotiator the shared negotiation engine
     * @return the provider
     * @throws io.github.redisauth.TokensRejectedException when a seed node rejects every candidate
     * @throws RuntimeException the last seed node's failure when none could be reached
     */
    public static AuthenticatingClusterConnectionProvider create(Set<HostAndPort> nodes, ClientConfigs configs,
            GenericObjectPoolConfig<Connection> poolConfig, Duration topologyRefreshPeriod,
            TokenNegotiator negotiator) {
        probe(nodes, configs, negotiator);
        RotatingCredentialsProvider credentials = new RotatingCredentialsProvider(negotiator);
        JedisClientConfig config = configs.connectionWithCredentials(credentials);
        return new AuthenticatingClusterConnectionProvider(nodes, config, poolConfig, topologyRefreshPeriod,
                negotiator, credentials);
    }

    private static void probe(Set<HostAndPort> nodes, ClientConfigs configs, TokenNegotiator negotiator) {
        RuntimeException last = null;
        for (HostAndPort node : nodes) {
            try {
                Connection probe = negotiator.negotiate(node.toString(), token -> AuthenticatingConnectionFactory
                        .attempt(token, configs, config -> new Connection(node, config))).result();
                probe.close();
                return;
            } catch (RuntimeException failure) {
                if (ReplyClassifier.classify(failure) == AuthReply.REJECTED) {
                    throw failure;
                }
                last = failure;
                log.debug("redis-auth: seed node {} unreachable for the token negotiation: {}", node, failure.getMessage());
            }
        }
        if (last != null) {
            throw last;
        }
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return borrow(() -> super.getConnection(args));
    }

    @Override
    public Connection getConnection(HostAndPort node) {
        return borrow(() -> super.getConnection(node));
    }

    @Override
    public Connection getConnection() {
        return borrow(super::getConnection);
    }

    @Override
    public Connection getConnectionFromSlot(int slot) {
        return borrow(() -> super.getConnectionFromSlot(slot));
    }

    @Override
    public Connection getReplicaConnection(CommandArguments args) {
        return borrow(() -> super.getReplicaConnection(args));
    }

    @Override
    public Connection getReplicaConnectionFromSlot(int slot) {
        return borrow(() -> super.getReplicaConnectionFromSlot(slot));
    }

    private Connection borrow(Supplier<Connection> pool) {
        return borrow(pool, negotiator, credentials, label);
    }

    /**
     * One borrow. A connection opened with the negotiator's offer reports its outcome. When it failed with an
     * authentication answer, or a connection opened without AUTH failed at all, the borrow is repeated under
     * {@link TokenNegotiator#negotiate}, each attempt forcing one token (or no AUTH, which the node pool's
     * {@code PING} validation confirms).
     *
     * <p>The node pools validate every borrow with {@code PING} and swallow its answer: a connection opened
     * without AUTH that fails is reported as the server asking for a token ({@code NOAUTH} is what a node
     * with a password answers such a {@code PING}). Should the node still have no password, the next
     * negotiation confirms that again.
     *
     * @param pool borrows from a node pool
     * @param negotiator the shared negotiation engine
     * @param credentials the node connections' credentials provider
     * @param label what the borrow is from, for logs and messages
     * @return the connection
     */
    static Connection borrow(Supplier<Connection> pool, TokenNegotiator negotiator,
            RotatingCredentialsProvider credentials, String label) {
        // Jedis's ClusterConnectionProvider calls its own overridable methods (getConnection(CommandArguments)
        // calls getConnectionFromSlot, which may call getConnection(), ...), so a borrow can nest others on
        // this thread. The per-thread state belongs to the outermost borrow: a nested one only borrows, or it
        // would reset a forced attempt's token, report the outcome twice and start a negotiation of its own.
        RotatingCredentialsProvider.Borrow state = credentials.current();
        if (state.depth > 0) {
            return pool.get();
        }
        state.depth++;
        try {
            return outermostBorrow(pool, negotiator, credentials, label);
        } finally {
            state.depth--;
        }
    }

    private static Connection outermostBorrow(Supplier<Connection> pool, TokenNegotiator negotiator,
            RotatingCredentialsProvider credentials, String label) {
        RotatingCredentialsProvider.Borrow attempt = credentials.begin();
        JedisException failure;
        try {
            Connection connection = pool.get();
            if (attempt.offer != null) {
                negotiator.accepted(attempt.offer);
            }
            return connection;
        } catch (JedisException e) {
            failure = e;
        }
        TokenNegotiator.Offer offer = attempt.offer;
        AuthReply reply = offer == null ? ReplyClassifier.classify(failure) : negotiator.failed(offer, failure);
        if (reply == AuthReply.OTHER && offer != null && offer.token() == null) {
            negotiator.serverAskedForToken("a connection to " + label + " opened without AUTH failed its PING");
            reply = AuthReply.AUTH_REQUIRED;
        }
        if (reply == AuthReply.OTHER) {
            throw failure;
        }
        log.debug("redis-auth: opening a connection to {} failed ({}); negotiating", label, reply);
        try {
            return negotiator.negotiate(label, token -> forcedBorrow(pool, credentials, token)).result();
        } catch (HandedBack idle) {
            return idle.connection;
        }
    }

    /**
     * One negotiation attempt: a borrow whose new connection sends {@code token}. The pool may hand back an
     * idle connection instead (another thread returned one meanwhile): then the token was never sent, and
     * {@link HandedBack} carries the connection out of the negotiation, so that nothing is learnt from it.
     */
    private static Connection forcedBorrow(Supplier<Connection> pool, RotatingCredentialsProvider credentials,
            AuthToken token) {
        RotatingCredentialsProvider.Borrow forced = credentials.force(token);
        try {
            Connection connection = pool.get();
            if (!forced.opened) {
                throw new HandedBack(connection);
            }
            return connection;
        } finally {
            credentials.begin();
        }
    }

    private static String label(Set<HostAndPort> nodes) {
        return "cluster " + String.join(",", nodes.stream().map(HostAndPort::toString).toList());
    }

    /** Not a failure: an idle connection handed back by the pool during a negotiation. */
    private static final class HandedBack extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Connection connection;

        HandedBack(Connection connection) {
            super(null, null, false, false);
            this.connection = connection;
        }
    }
}
