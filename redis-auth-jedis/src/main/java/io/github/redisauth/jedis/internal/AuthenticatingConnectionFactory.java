package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenNegotiator;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Pool factory for the standalone clients: every new connection is negotiated by the shared
 * {@link TokenNegotiator} (one fresh connection per token tried); every borrowed connection is validated
 * with {@code PING}, so a connection broken by a restart or a kill, or answering NOAUTH, is replaced,
 * never handed out. A connection opened for the very borrow that validates it (first borrow, less than
 * {@link #JUST_OPENED} old) has just authenticated: it gets only the local socket check, sparing a
 * round trip on every new connection. Thread-safe.
 */
public final class AuthenticatingConnectionFactory implements PooledObjectFactory<Connection> {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingConnectionFactory.class);

    /** How young a never-borrowed connection must be to skip the {@code PING} on its first borrow. */
    static final Duration JUST_OPENED = Duration.ofSeconds(1);

    private final HostAndPort endpoint;
    private final ClientConfigs configs;
    private final TokenNegotiator negotiator;

    /**
     * @param endpoint the server
     * @param configs the derived Jedis configurations
     * @param negotiator the shared negotiation engine
     */
    public AuthenticatingConnectionFactory(HostAndPort endpoint, ClientConfigs configs, TokenNegotiator negotiator) {
        this.endpoint = endpoint;
        this.configs = configs;
        this.negotiator = negotiator;
    }

    /**
     * Opens one authenticated connection outside any pool.
     *
     * @return the connection; the caller closes it
     * @throws io.github.redisauth.TokensRejectedException when the server rejects every candidate
     * @throws RuntimeException the client's own failure (connection refused, timeout, ...)
     */
    public Connection open() {
        String where = endpoint.toString();
        return negotiator.negotiate(where, token -> attempt(token, configs,
                config -> new AuthenticatedConnection(endpoint, config, negotiator))).result();
    }

    /**
     * One negotiation attempt on a fresh connection: with a token, the Jedis handshake sends {@code AUTH};
     * without, the connection must serve a {@code PING}, since a server without a password is believed only
     * when it serves. The connection is closed on any failure.
     *
     * @param token the token, or null for no AUTH
     * @param configs the derived configurations
     * @param open opens a connection with a configuration (the handshake runs in it)
     * @param <C> the connection type
     * @return the open connection
     */
    static <C extends Connection> C attempt(AuthToken token, ClientConfigs configs, Function<JedisClientConfig, C> open) {
        C connection = open.apply(configs.connection(token));
        if (token != null) {
            return connection;
        }
        try {
            connection.ping();
            return connection;
        } catch (RuntimeException refused) {
            try {
                connection.close();
            } catch (RuntimeException closing) {
                refused.addSuppressed(closing);
            }
            throw refused;
        }
    }

    @Override
    public PooledObject<Connection> makeObject() {
        return new DefaultPooledObject<>(open());
    }

    @Override
    public boolean validateObject(PooledObject<Connection> pooled) {
        return isUsable(pooled, pooled.getObject(), endpoint);
    }

    @Override
    public void destroyObject(PooledObject<Connection> pooled) {
        pooled.getObject().disconnect();
    }

    @Override
    public void activateObject(PooledObject<Connection> pooled) {
        // Nothing: validation on borrow does the checking.
    }

    @Override
    public void passivateObject(PooledObject<Connection> pooled) {
        // Nothing to reset.
    }

    static boolean isUsable(PooledObject<?> pooled, Connection connection, HostAndPort endpoint) {
        if (!connection.isConnected() || connection.isBroken()) {
            return false;
        }
        if (justOpened(pooled)) {
            return true;
        }
        try {
            return connection.ping();
        } catch (JedisException failure) {
            log.debug("Dropping a pooled connection to {}: {}", endpoint, failure.getMessage());
            return false;
        }
    }

    private static boolean justOpened(PooledObject<?> pooled) {
        return pooled.getBorrowedCount() <= 1
                && Duration.between(pooled.getCreateInstant(), Instant.now()).compareTo(JUST_OPENED) < 0;
    }
}
