package io.github.redisauth.testkit;

/** What {@link AuthGateway#set(String)} does to client connections that are already open. */
public enum ExistingConnections {
    /**
     * Keep them (default, like Redis OSS when its password changes): connections that already
     * authenticated keep being served, even with a token that is no longer accepted; connections
     * that never authenticated get {@code -NOAUTH} on their next command.
     */
    KEEP,
    /** Close every client connection (and its backend connection); clients must reconnect and authenticate. */
    DROP
}
