package io.github.redisauth.jedis;

import io.github.redisauth.AuthToken;
import java.util.List;
import redis.clients.jedis.exceptions.JedisAccessControlException;

/**
 * The server rejected every candidate token, also after one forced refresh of the token source.
 * The message names the endpoint, the token source and the labels and fingerprints tried, never a
 * token value; the cause is the server's last rejection.
 *
 * <p>It extends {@link JedisAccessControlException}, so Jedis pools pass it to the caller unchanged.
 */
public class TokensRejectedException extends JedisAccessControlException {

    private static final long serialVersionUID = 1L;

    /**
     * @param endpoint the server, {@code host:port}
     * @param source the token source's description
     * @param tried the tokens tried, in order (labels and fingerprints are used)
     * @param lastRejection the server's last rejection; may be null
     */
    public TokensRejectedException(String endpoint, String source, List<AuthToken> tried, Throwable lastRejection) {
        super("Redis at " + endpoint + " rejected every AUTH token from " + source + ", also after one refresh; tried "
                + describe(tried) + ". Check that the token source holds the token the server was set to.",
                lastRejection);
    }

    /**
     * @param endpoint the server, {@code host:port}
     * @param source the token source's description
     * @param tried the tokens tried, in order (labels and fingerprints are used)
     * @param lastRejection the server's last rejection; may be null
     * @param note appended to the message, e.g. when the next attempt is made; never a token value
     */
    public TokensRejectedException(String endpoint, String source, List<AuthToken> tried, Throwable lastRejection,
            String note) {
        super("Redis at " + endpoint + " rejected every AUTH token from " + source + ", also after one refresh; tried "
                + describe(tried) + "; " + note + ". Check that the token source holds the token the server was set to.",
                lastRejection);
    }

    private static String describe(List<AuthToken> tried) {
        StringBuilder text = new StringBuilder("[");
        for (AuthToken token : tried) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(token.label()).append('#').append(token.fingerprint());
        }
        return text.append(']').toString();
    }
}
