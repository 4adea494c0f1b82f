package io.github.redisauth;

/**
 * What a server's answer means for authentication, as decided by {@link ReplyClassifier}.
 */
public enum AuthReply {
    /**
     * The token was refused: {@code WRONGPASS ...} (Redis 6+) or {@code ERR invalid password}
     * (Redis 2.8 to 5.x). Try the next candidate.
     */
    REJECTED,
    /**
     * The server has no password: {@code ERR Client sent AUTH, but no password is set} (before 6)
     * or {@code ERR AUTH <password> called without any password configured for the default user...}
     * (6+). Proceed without AUTH; this is never proof that a token is wrong (ElastiCache has been
     * seen answering it briefly during a reconnect).
     */
    NO_PASSWORD_SET,
    /** The server wants a token first: {@code NOAUTH Authentication required.} */
    AUTH_REQUIRED,
    /** Anything else: not an authentication answer. */
    OTHER
}
