package io.github.redisauth;

/**
 * The checks a {@link Verifier} runs, in report order. The {@linkplain #id() ids} are a contract:
 * JSON output, JUnit reports and documentation use them, and they never change.
 */
public enum CheckId {
    /**
     * Every supplied token follows ElastiCache's AUTH token rules ({@link AuthToken#violations()}):
     * WARN names each broken {@link TokenRule} and the token's label and fingerprint; SKIP without tokens.
     * Runs first: it needs no network.
     */
    TOKEN_RULES("token-rules"),
    /** The port accepts a TCP connection within the timeout. */
    TCP_CONNECT("tcp-connect"),
    /** The TLS handshake completes and the peer chain is trusted. */
    TLS_HANDSHAKE("tls-handshake"),
    /** The leaf certificate matches the host name (or the SNI name, when given). */
    TLS_HOSTNAME("tls-hostname"),
    /** The leaf certificate is not expired (WARN when fewer than the warning period remain). */
    TLS_CERTIFICATE_EXPIRY("tls-certificate-expiry"),
    /** {@code PING} without AUTH is refused with {@code NOAUTH}. */
    AUTH_REQUIRED("auth-required"),
    /** One per supplied token: the token is accepted or rejected as the expectation demands. */
    AUTH_TOKEN("auth-token"),
    /** A random token is rejected. */
    WRONG_TOKEN_REJECTED("wrong-token-rejected"),
    /** {@code PING} after AUTH answers {@code PONG}. */
    PING("ping"),
    /** {@code INFO server} gives {@code redis_version}. */
    SERVER_VERSION("server-version");

    private final String id;

    CheckId(String id) {
        this.id = id;
    }

    /** @return the stable id, e.g. {@code tls-hostname} */
    public String id() {
        return id;
    }

    /** @return {@link #id()} */
    @Override
    public String toString() {
        return id;
    }
}
