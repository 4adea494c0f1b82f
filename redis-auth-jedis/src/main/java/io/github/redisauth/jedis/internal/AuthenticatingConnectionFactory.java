package io.github.redisauth.jedis.internal;

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
 * Thread-safe.
 */
public final class AuthenticatingConnectionFactory implements PooledObjectFactory<Connection> {

    private static final Logger log = LoggerFactory.getLogger(AuthenticatingConnectionFactory.class);

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
        return isUsable(pooled.getObject(), endpoint);
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

    static boolean isUsable(Connection connection, HostAndPort endpoint) {
        if (!connection.isConnected() || connection.isBroken()) {
            return false;
        }
        try {
            return connection.ping();
        } catch (JedisException failure) {
            log.debug("Dropping a pooled connection to {}: {}", endpoint, failure.getMessage());
            return false;
        }
    }
}
