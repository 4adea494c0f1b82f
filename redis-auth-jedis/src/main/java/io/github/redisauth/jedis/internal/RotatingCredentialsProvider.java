package io.github.redisauth.jedis.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenNegotiator;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.RedisCredentialsProvider;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The credentials provider of cluster node connections, which Jedis opens itself (a node connection's
 * handshake can send one credential only). By default it hands out the negotiator's
 * {@linkplain TokenNegotiator#offer() offer} and remembers it, so that
 * {@link AuthenticatingClusterConnectionProvider} can report the outcome; while that provider runs a
 * negotiation it forces one token (or none) for the connections the current thread opens. Every
 * connection Jedis opens asks on the opening thread, so the state is per thread. Thread-safe.
 */
final class RotatingCredentialsProvider implements RedisCredentialsProvider {

    private static final RedisCredentials NO_AUTH = new DefaultRedisCredentials((String) null, (char[]) null);

    /** What one borrow on the current thread offered, and whether a connection asked for it. */
    static final class Borrow {
        boolean forced;
        AuthToken forcedToken;
        /** The last default offer handed out during this borrow; null when none was. */
        TokenNegotiator.Offer offer;
        /** Whether a connection was opened (asked for credentials) during this borrow. */
        boolean opened;
        /**
         * How many borrows the current thread is inside: Jedis's cluster provider calls its own overridden
         * methods, so borrows nest; only the outermost one (depth 0 on entry) manages this state. Not reset by
         * {@link #begin()}.
         */
        int depth;
    }

    private final TokenNegotiator negotiator;
    private final ThreadLocal<Borrow> borrows = ThreadLocal.withInitial(Borrow::new);

    RotatingCredentialsProvider(TokenNegotiator negotiator) {
        this.negotiator = negotiator;
    }

    /** @return the current thread's borrow, as it is */
    Borrow current() {
        return borrows.get();
    }

    /** @return the current thread's borrow, reset: connections get the negotiator's offer */
    Borrow begin() {
        Borrow borrow = borrows.get();
        borrow.forced = false;
        borrow.forcedToken = null;
        borrow.offer = null;
        borrow.opened = false;
        return borrow;
    }

    /**
     * @param token the token connections opened by the current thread send from now on, or null for no AUTH
     * @return the current thread's borrow, reset and forced
     */
    Borrow force(AuthToken token) {
        Borrow borrow = begin();
        borrow.forced = true;
        borrow.forcedToken = token;
        return borrow;
    }

    /**
     * Called by Jedis after the socket is open. A failure of the token source is turned into a
     * {@link JedisConnectionException}: Jedis closes the half-open connection only on a
     * {@link JedisException}, and the cluster provider handles only those.
     */
    @Override
    public RedisCredentials get() {
        Borrow borrow = borrows.get();
        AuthToken token;
        if (borrow.forced) {
            token = borrow.forcedToken;
        } else {
            TokenNegotiator.Offer offer;
            try {
                offer = negotiator.offer();
            } catch (JedisException failure) {
                throw failure;
            } catch (RuntimeException failure) {
                throw new JedisConnectionException("No AUTH token for a cluster node connection: the token source "
                        + negotiator.sourceDescription() + " failed: " + failure.getMessage(), failure);
            }
            borrow.offer = offer;
            token = offer.token();
        }
        borrow.opened = true;
        return token == null ? NO_AUTH : new DefaultRedisCredentials((String) null, token.value());
    }
}
