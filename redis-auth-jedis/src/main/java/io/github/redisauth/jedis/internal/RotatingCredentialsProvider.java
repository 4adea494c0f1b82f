package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthToken;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.RedisCredentialsProvider;

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

    @Override
    public RedisCredentials get() {
        Offer offer = offers.get();
        AuthToken token;
        if (offer.forced) {
            token = offer.token;
        } else {
            token = serverHasNoPassword ? null : authenticator.preferredToken();
        }
        offer.offered = token;
        offer.used = true;
        return token == null ? NO_AUTH : new DefaultRedisCredentials((String) null, token.value());
    }
}
