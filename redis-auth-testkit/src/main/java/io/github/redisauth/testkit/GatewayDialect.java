package io.github.redisauth.testkit;

/** Which Redis engine generation an {@link AuthGateway} impersonates in its AUTH replies. */
public enum GatewayDialect {
    /**
     * Redis 2.8 to 5.x: one-argument AUTH only, {@code -ERR invalid password},
     * {@code -ERR Client sent AUTH, but no password is set}, and HELLO is an unknown command.
     */
    PRE_6,
    /**
     * Redis 6 and later: {@code AUTH [user] password} and {@code HELLO n AUTH user password} for
     * the {@code default} user, {@code -WRONGPASS ...}. Needs a Redis 6+ backend (HELLO is
     * forwarded to it).
     */
    V6_PLUS
}
