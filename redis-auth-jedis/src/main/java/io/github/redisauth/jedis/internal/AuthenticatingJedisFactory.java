package io.github.redisauth.jedis.internal;

import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Pool factory for {@code JedisPool}: each {@link Jedis} wraps a connection opened by
 * {@link AuthenticatingConnectionFactory}; borrowed instances are validated as its connections are.
 * Thread-safe.
 */
public final class AuthenticatingJedisFactory implements PooledObjectFactory<Jedis> {

    private final HostAndPort endpoint;
    private final AuthenticatingConnectionFactory connections;

    /**
     * @param endpoint the server
     * @param connections opens authenticated connections
     */
    public AuthenticatingJedisFactory(HostAndPort endpoint, AuthenticatingConnectionFactory connections) {
        this.endpoint = endpoint;
        this.connections = connections;
    }

    @Override
    public PooledObject<Jedis> makeObject() {
        return new DefaultPooledObject<>(new Jedis(connections.open()));
    }

    @Override
    public boolean validateObject(PooledObject<Jedis> pooled) {
        return AuthenticatingConnectionFactory.isUsable(pooled, pooled.getObject().getConnection(), endpoint);
    }

    @Override
    public void destroyObject(PooledObject<Jedis> pooled) {
        pooled.getObject().disconnect();
    }

    @Override
    public void activateObject(PooledObject<Jedis> pooled) {
        // Nothing: validation on borrow does the checking.
    }

    @Override
    public void passivateObject(PooledObject<Jedis> pooled) {
        // Nothing to reset; JedisPool resets transaction state on return.
    }
}
