package io.github.redisauth.cli.internal;

/**
 * A usage or configuration error the user can fix (bad URI, unreadable file, unset variable...):
 * the command prints the message on one line and exits with 2. Never contains a token value.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
