package io.github.redisauth.testkit;

/** The AUTH token state of an {@link AuthGateway}, named after ElastiCache's token operations. */
public enum GatewayState {
    /** No token: every client is served without AUTH; AUTH gets the dialect's "no password is set" error. */
    NO_TOKEN,
    /**
     * After {@code rotate}: one or two tokens are accepted. Right after the first rotate from
     * {@link #NO_TOKEN}, clients that send no AUTH are still served; after a {@link #SET}, AUTH
     * stays required.
     */
    ROTATING,
    /** After {@code set}: exactly one token is accepted and AUTH is required. */
    SET
}
