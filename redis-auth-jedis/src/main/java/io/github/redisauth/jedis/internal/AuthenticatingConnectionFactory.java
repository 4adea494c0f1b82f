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
 * {@link TokenNegotiator} (one fresh connection per token tried). A borrowed connection gets the local
 * socket check; only one that sat in the pool at least {@code validateAfterIdle}, or was in the pool when
 * another of its connections was found dead, must also answer a {@code PING} ({@link BorrowValidation}), so
 * hot connections cost no round trip. A connection answering {@code NOAUTH} authenticates in place on the
 * command itself ({@link AuthenticatedConnection}). A connection opened for the very borrow that validates
 * it (first borrow, less than {@link #JUST_OPENED} old) has just authenticated and is never PINGed. Thread-safe.
 */
public final class AuthenticatingConnectionFactory implements PooledObjectFactory<Connection> {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingConnectionFactory.class);

    /** How young a never-borrowed connection must be to skip the {@code PING} on its first borrow. */
    static final Duration JUST_OPENED = Duration.ofSeconds(1);

    private final HostAndPort endpoint;
    private final ClientConfigs configs;
    private final TokenNegotiator negotiator;
    private final BorrowValidation validation;

    /**
     * @param endpoint the server
     * @param configs the derived Jedis configurations
     * @param negotiator the shared negotiation engine
     * @param validateAfterIdle how long a connection may sit in the pool and still be handed out without a
     *     {@code PING}; zero = a {@code PING} on every borrow
     */
    public AuthenticatingConnectionFactory(HostAndPort endpoint, ClientConfigs configs, TokenNegotiator negotiator,
            Duration validateAfterIdle) {
        this.endpoint = endpoint;
        this.configs = configs;
        this.negotiator = negotiator;
        this.validation = new BorrowValidation(validateAfterIdle);
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
                config -> new AuthenticatedConnection(endpoint, config, negotiator, validation))).result();
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
        return isUsable(pooled, pooled.getObject());
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

    /**
     * @param pooled the pooled object (its idle time)
     * @param connection its connection
     * @return whether it may be handed out (on borrow) or kept (by the idle evictor)
     */
    boolean isUsable(PooledObject<?> pooled, Connection connection) {
        if (!connection.isConnected() || connection.isBroken()) {
            return false;
        }
        if (justOpened(pooled) || !validation.needsPing(pooled)) {
            return true;
        }
        try {
            if (connection.ping()) {
                return true;
            }
        } catch (JedisException failure) {
            log.debug("Dropping a pooled connection to {}: {}", endpoint, failure.getMessage());
        }
        validation.connectionLost();
        return false;
    }

    private static boolean justOpened(PooledObject<?> pooled) {
        return pooled.getBorrowedCount() <= 1
                && Duration.between(pooled.getCreateInstant(), Instant.now()).compareTo(JUST_OPENED) < 0;
    }
}
