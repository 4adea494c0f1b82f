package io.github.redisauth;

import java.util.List;

/**
 * The server rejected every candidate token, also after one forced refresh of the token source. The
 * message names the endpoint, the token source and each token tried as {@code LABEL#FINGERPRINT}, never
 * a value; the cause is the server's last rejection (when there was one in this attempt).
 *
 * <p>Thrown by both client modules: by Lettuce's {@code connect()} directly; by Jedis inside the
 * exception its pools throw ({@code JedisException("Could not get a resource from the pool")} has it as
 * cause) and directly by single connections.
 */
public class TokensRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final transient List<String> tried;

    /**
     * @param endpoint the endpoint that rejected them, {@code host:port}
     * @param source the token source's description
     * @param tried {@code LABEL#FINGERPRINT} of every token tried, in order
     * @param note appended to the message (e.g. when the next attempt is made), or null; never a token value
     * @param lastRejection the server's last rejection, or null
     */
    public TokensRejectedException(String endpoint, String source, List<String> tried, String note, Throwable lastRejection) {
        super("Redis at " + endpoint + " rejected every AUTH token from " + source
                + ", also after one refresh of the source; tried [" + String.join(", ", tried) + "]"
                + (note == null ? "" : "; " + note)
                + ". Check that the token source holds the token the server was set to.", lastRejection);
        this.endpoint = endpoint;
        this.tried = List.copyOf(tried);
    }

    /** @return {@code LABEL#FINGERPRINT} of every token tried, in order; never a value */
    public List<String> tried() {
        return tried;
    }

    /** @return the endpoint that rejected the tokens, {@code host:port} */
    public String endpoint() {
        return endpoint;
    }
}
