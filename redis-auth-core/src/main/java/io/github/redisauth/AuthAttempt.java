package io.github.redisauth;

/**
 * What a client adapter does for the {@link TokenNegotiator}: one attempt to authenticate with one
 * token, on a connection that has not authenticated yet (a fresh connection, a probe connection, or an
 * open connection the server has just refused with {@code NOAUTH}).
 *
 * <p>The attempt reports the server's answer by throwing: the negotiator classifies the exception with
 * {@link ReplyClassifier} (causes and suppressed exceptions included), so the adapter throws its
 * client's own exception unchanged.
 *
 * @param <C> what a successful attempt gives, e.g. the open connection
 */
@FunctionalInterface
public interface AuthAttempt<C> {

    /**
     * Authenticates with {@code token}, or proves that the server serves commands without AUTH.
     *
     * @param token the token to send with a one-argument {@code AUTH} (or {@code HELLO AUTH}); null means
     *     "no AUTH": then the attempt must run a command (e.g. {@code PING}) and fail with the server's
     *     answer when it is refused, since a server without a password is only believed when it serves
     * @return the result, e.g. the authenticated connection
     * @throws RuntimeException the client's exception when the server refused or the connection failed;
     *     the attempt cleans up what it opened
     */
    C attempt(AuthToken token);
}
