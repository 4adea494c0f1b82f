package io.github.redisauth.lettuce;

import io.lettuce.core.RedisConnectionException;
import java.util.List;

/**
 * Every candidate token was rejected, also after one forced refresh of the token source. The message
 * names the endpoint, the source and each token tried as {@code LABEL#FINGERPRINT}; never a value.
 */
public final class TokensRejectedException extends RedisConnectionException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> tried;

    /**
     * @param endpoint the endpoint that rejected them, {@code host:port}
     * @param source the token source description
     * @param tried {@code LABEL#FINGERPRINT} of every token tried, in order
     */
    public TokensRejectedException(String endpoint, String source, List<String> tried) {
        super("Redis at " + endpoint + " rejected every AUTH token from " + source
                + ", also after one refresh of the source; tried " + String.join(", ", tried));
        this.tried = List.copyOf(tried);
    }

    /** @return {@code LABEL#FINGERPRINT} of every token tried, in order; never a value */
    public List<String> tried() {
        return tried;
    }
}
