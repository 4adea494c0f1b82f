package io.github.redisauth;

/**
 * A {@link TokenSource} could not produce tokens: a variable is unset, a file is unreadable, a
 * secret is missing or access was denied. The message names the source and the reason and
 * never contains a token value.
 */
public class TokenSourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do; never a token value
     */
    public TokenSourceException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do; never a token value
     * @param cause the underlying failure
     */
    public TokenSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
