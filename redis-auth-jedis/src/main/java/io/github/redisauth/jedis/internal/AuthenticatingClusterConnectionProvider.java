package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
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
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Cluster connection provider whose node connections authenticate through the shared
 * {@link TokenAuthenticator}. Jedis offers no factory hook for node pools, so the token is chosen
 * by a {@link RotatingCredentialsProvider} and every borrow is wrapped: when opening a node
 * connection fails with a rejection (or "no password set"), the borrow is repeated under the
 * fallback loop, forcing each candidate in turn. Thread-safe.
 */
public final class AuthenticatingClusterConnectionProvider extends ClusterConnectionProvider {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingClusterConnectionProvider.class);

    private final TokenAuthenticator authenticator;
    private final RotatingCredentialsProvider credentials;

    private AuthenticatingClusterConnectionProvider(Set<HostAndPort> nodes, JedisClientConfig config,
            GenericObjectPoolConfig<Connection> poolConfig, Duration topologyRefreshPeriod,
            TokenAuthenticator authenticator, RotatingCredentialsProvider credentials) {
        super(nodes, config, poolConfig, topologyRefreshPeriod);
        this.authenticator = authenticator;
        this.credentials = credentials;
    }

    /**
     * Probes a seed node with the fallback loop (so the winner is known before Jedis reads the slot
     * map), then builds the provider.
     *
     * @param nodes seed nodes
     * @param configs derived Jedis configurations
     * @param poolConfig per-node pool settings (validation on borrow recommended)
     * @param topologyRefreshPeriod Jedis's periodic topology refresh, or null for none
     * @param authenticator the token loop
     * @return the provider
     */
    public static AuthenticatingClusterConnectionProvider create(Set<HostAndPort> nodes, ClientConfigs configs,
            GenericObjectPoolConfig<Connection> poolConfig, Duration topologyRefreshPeriod,
            TokenAuthenticator authenticator) {
        RotatingCredentialsProvider credentials = new RotatingCredentialsProvider(authenticator);
        probe(nodes, configs, authenticator, credentials);
        JedisClientConfig config = configs.connectionWithCredentials(credentials);
        return new AuthenticatingClusterConnectionProvider(nodes, config, poolConfig, topologyRefreshPeriod,
                authenticator, credentials);
    }

    private static void probe(Set<HostAndPort> nodes, ClientConfigs configs, TokenAuthenticator authenticator,
            RotatingCredentialsProvider credentials) {
        RuntimeException last = null;
        for (HostAndPort node : nodes) {
            try {
                boolean[] withoutAuth = new boolean[1];
                Connection probe = authenticator.connect(node.toString(), token -> {
                    withoutAuth[0] = token == null;
                    return new Connection(node, configs.connection(token));
                });
                boolean noPassword = false;
                try {
                    // One "no password is set" reply is not proof (ElastiCache sends it transiently):
                    // only a PING answered without AUTH is.
                    noPassword = withoutAuth[0] && probe.ping();
                } catch (JedisDataException askedForToken) {
                    log.debug("Seed node {} answered {} without AUTH; node connections send tokens",
                            node, askedForToken.getMessage());
                } finally {
                    probe.close();
                }
                credentials.serverHasNoPassword(noPassword);
                return;
            } catch (RuntimeException failure) {
                if (ReplyClassifier.classify(failure) == AuthReply.REJECTED) {
                    throw failure;
                }
                last = failure;
                log.debug("Seed node {} unreachable for the token probe: {}", node, failure.getMessage());
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
        return borrow(pool, authenticator, credentials);
    }

    /**
     * One borrow with the fallback loop. "Server has no password" (node connections opened without
     * AUTH) is switched on only by a connection this borrow actually opened without AUTH and that
     * then answered PING (the node pools validate every borrow with PING): one "no password is set"
     * reply, which ElastiCache sends transiently during reconnects, is never enough. It is switched
     * off by any failure of a connection opened without AUTH, by any authentication reply other than
     * "no password set", and whenever the fallback ends with a token.
     */
    static Connection borrow(Supplier<Connection> pool, TokenAuthenticator authenticator,
            RotatingCredentialsProvider credentials) {
        RotatingCredentialsProvider.Offer offer = credentials.begin();
        RuntimeException failure;
        try {
            Connection connection = pool.get();
            if (offer.used && offer.offered != null) {
                authenticator.state().recordSuccess(offer.offered);
                authenticator.stats().recordAuthenticated(offer.offered, false);
            } else if (offer.used) {
                authenticator.stats().recordWithoutAuth();
            }
            return connection;
        } catch (JedisException e) {
            failure = e;
        }
        AuthReply reply = ReplyClassifier.classify(failure);
        boolean sentNoAuth = offer.used && offer.offered == null;
        if (reply == AuthReply.OTHER && !sentNoAuth) {
            throw failure;
        }
        if (reply == AuthReply.REJECTED && offer.offered != null) {
            authenticator.state().recordRejection(offer.offered);
            authenticator.stats().recordRejection();
        }
        if (reply != AuthReply.NO_PASSWORD_SET) {
            // The server asks for a token (again), or a connection without AUTH failed: stop connecting without AUTH.
            credentials.serverHasNoPassword(false);
        }
        log.debug("Opening a cluster node connection failed ({}); running the token fallback", reply);
        boolean[] openedWithoutAuth = new boolean[1];
        Connection connection = authenticator.connectReporting("cluster", token -> {
            RotatingCredentialsProvider.Offer forced = credentials.begin();
            forced.forced = true;
            forced.token = token;
            try {
                Connection borrowed = pool.get();
                openedWithoutAuth[0] = forced.used && token == null;
                // The pool may hand back an idle connection without opening one: then the forced
                // token was never sent and must not be recorded as the winner.
                return new TokenAuthenticator.Outcome<>(borrowed, forced.used);
            } finally {
                forced.forced = false;
            }
        }, reply == AuthReply.REJECTED);
        credentials.serverHasNoPassword(openedWithoutAuth[0]);
        return connection;
    }
}
