package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthToken;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.RedisCredentialsProvider;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The credentials provider of cluster node connections, which Jedis creates itself. By default it
 * offers the preferred token; {@link AuthenticatingClusterConnectionProvider} forces one token (or
 * none) for the connections the current thread opens while it runs its fallback loop. Every
 * connection Jedis opens asks on the opening thread, so the state is per thread. Thread-safe.
 */
final class RotatingCredentialsProvider implements RedisCredentialsProvider {

    private static final RedisCredentials NO_AUTH = new DefaultRedisCredentials((String) null, (char[]) null);

    /** What the current thread forces and whether a connection used it. */
    static final class Offer {
        boolean forced;
        AuthToken token;
        AuthToken offered;
        boolean used;
    }

    private final TokenAuthenticator authenticator;
    private final ThreadLocal<Offer> offers = ThreadLocal.withInitial(Offer::new);
    private volatile boolean serverHasNoPassword;

    RotatingCredentialsProvider(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** @return the current thread's offer, reset */
    Offer begin() {
        Offer offer = offers.get();
        offer.forced = false;
        offer.token = null;
        offer.offered = null;
        offer.used = false;
        return offer;
    }

    void serverHasNoPassword(boolean noPassword) {
        this.serverHasNoPassword = noPassword;
    }

    boolean serverHasNoPassword() {
        return serverHasNoPassword;
    }

    /**
     * Called by Jedis after the socket is open. A failure of the token source is turned into a
     * {@link JedisConnectionException}: Jedis closes the half-open connection only on a
     * {@link JedisException}, and the cluster provider handles only those.
     */
    @Override
    public RedisCredentials get() {
        Offer offer = offers.get();
        AuthToken token;
        if (offer.forced) {
            token = offer.token;
        } else if (serverHasNoPassword) {
            token = null;
        } else {
            try {
                token = authenticator.preferredToken();
            } catch (JedisException failure) {
                throw failure;
            } catch (RuntimeException failure) {
                throw new JedisConnectionException("No AUTH token for a cluster node connection: the token source "
                        + authenticator.sourceDescription() + " failed: " + failure.getMessage(), failure);
            }
        }
        offer.offered = token;
        offer.used = true;
        return token == null ? NO_AUTH : new DefaultRedisCredentials((String) null, token.value());
    }
}
