package io.github.redisauth.lettuce;

/**
 * A snapshot of what a rotation-safe client did about authentication since it was created, for
 * dashboards, health checks and the {@code redis-auth watch} command. Immutable.
 *
 * @param reconnectAttempts automatic reconnect attempts Lettuce made for this client's connections (other clients
 *     sharing the {@code ClientResources} are not counted)
 * @param reconnectFailures reconnect attempts of this client's connections that failed, for any reason
 * @param rejections times the server rejected a token (connect, reconnect, re-authentication, probe)
 * @param authRequired times the server answered {@code NOAUTH} (a password appeared while connections had none)
 * @param fallbacks times the token in use changed to another candidate (or from "no password" to a token)
 * @param probes token probes made (one probe = one short connection trying one candidate)
 * @param reauthentications times live connections were told to re-authenticate with a new token
 * @param tokenInUse {@code LABEL#FINGERPRINT} of the token in use, {@link #NO_PASSWORD} or {@link #NO_TOKEN_YET};
 *     never a token value
 */
public record AuthStatistics(long reconnectAttempts, long reconnectFailures, long rejections, long authRequired,
        long fallbacks, long probes, long reauthentications, String tokenInUse) {

    /** {@link #tokenInUse()} before the first connection. */
    public static final String NO_TOKEN_YET = "none yet";
    /** {@link #tokenInUse()} while the server has no password and connections send no AUTH. */
    public static final String NO_PASSWORD = "none (server has no password)";
}
