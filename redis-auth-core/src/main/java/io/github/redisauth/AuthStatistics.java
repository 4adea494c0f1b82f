package io.github.redisauth;

/**
 * A snapshot of what a rotation-safe client (Lettuce or Jedis) did about authentication since it was
 * created, for dashboards, health checks and the {@code redis-auth watch} command. Immutable.
 *
 * @param attempts tokens (or "no AUTH") tried by the negotiation: a Lettuce probe connection or a Jedis
 *     connection attempt each count one
 * @param authentications attempts the server accepted with a token
 * @param connectionsWithoutAuth attempts that went without AUTH because the server has no password
 * @param fallbacks times a candidate other than the first one tried was accepted, or the token in use
 *     changed (also from "no password" to a token)
 * @param rejections times the server rejected a token (connect, reconnect, re-authentication, probe)
 * @param refreshes forced token-source refreshes after every candidate was rejected
 * @param authRequired times the server answered {@code NOAUTH} (a password appeared while connections had none)
 * @param reauthentications times open connections were re-authenticated (Lettuce: live connections told to
 *     send {@code AUTH} with a new token; Jedis: a connection that answered {@code NOAUTH} authenticated in place)
 * @param reconnectAttempts automatic reconnect attempts (Lettuce; always 0 for Jedis, which has none)
 * @param reconnectFailures reconnect attempts that failed, for any reason (Lettuce; 0 for Jedis)
 * @param tokenInUse {@code LABEL#FINGERPRINT} of the token last accepted, {@link #NO_PASSWORD} or
 *     {@link #NO_TOKEN_YET}; never a token value
 */
public record AuthStatistics(long attempts, long authentications, long connectionsWithoutAuth, long fallbacks,
        long rejections, long refreshes, long authRequired, long reauthentications, long reconnectAttempts,
        long reconnectFailures, String tokenInUse) {

    /** {@link #tokenInUse()} before the first authentication. */
    public static final String NO_TOKEN_YET = "none yet";
    /** {@link #tokenInUse()} while the server has no password and connections send no AUTH. */
    public static final String NO_PASSWORD = "none (server has no password)";
}
