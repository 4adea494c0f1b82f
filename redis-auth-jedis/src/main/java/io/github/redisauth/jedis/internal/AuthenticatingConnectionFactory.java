package io.github.redisauth.jedis.internal;

import java.time.Duration;
import java.time.Instant;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Pool factory for {@code RedisClient}: every new connection goes through the
 * {@link TokenAuthenticator}; every borrowed connection is validated with {@code PING}, so a
 * connection broken by a restart or a kill, or answering NOAUTH, is replaced, never handed out.
 * A connection opened for the very borrow that validates it (first borrow, less than
 * {@link #JUST_OPENED} old) has just authenticated: it gets only the local socket check, sparing a
 * round trip on every new connection. Thread-safe.
 */
public final class AuthenticatingConnectionFactory implements PooledObjectFactory<Connection> {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingConnectionFactory.class);

    /** How young a never-borrowed connection must be to skip the {@code PING} on its first borrow. */
    static final Duration JUST_OPENED = Duration.ofSeconds(1);

    private final HostAndPort endpoint;
    private final ClientConfigs configs;
    private final TokenAuthenticator authenticator;

    /**
     * @param endpoint the server
     * @param configs the derived Jedis configurations
     * @param authenticator the token loop
     */
    public AuthenticatingConnectionFactory(HostAndPort endpoint, ClientConfigs configs, TokenAuthenticator authenticator) {
        this.endpoint = endpoint;
        this.configs = configs;
        this.authenticator = authenticator;
    }

    /**
     * Opens one authenticated connection outside any pool.
     *
     * @return the connection; the caller closes it
     */
    public Connection open() {
        return authenticator.connect(endpoint.toString(),
                token -> new AuthenticatedConnection(endpoint, configs.connection(token), authenticator));
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
