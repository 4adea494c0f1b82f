package io.github.redisauth.jedis.internal;

import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Jedis;

/**
 * Pool factory for {@code JedisPool}: each {@link Jedis} wraps a connection opened by
 * {@link AuthenticatingConnectionFactory}; borrowed instances are validated as its connections are (a
 * {@code PING} only for one idle at least {@code validateAfterIdle} or suspected dead).
 * Thread-safe.
 */
public final class AuthenticatingJedisFactory implements PooledObjectFactory<Jedis> {

    private final AuthenticatingConnectionFactory connections;

    /**
     * @param connections opens authenticated connections and decides which borrowed ones need a {@code PING}
     */
    public AuthenticatingJedisFactory(AuthenticatingConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public PooledObject<Jedis> makeObject() {
        return new DefaultPooledObject<>(new Jedis(connections.open()));
    }

    @Override
    public boolean validateObject(PooledObject<Jedis> pooled) {
        return connections.isUsable(pooled, pooled.getObject().getConnection());
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
