package io.github.redisauth;

import io.github.redisauth.internal.VerificationRun;
import java.util.Objects;

/**
 * Checks a Redis endpoint the way an operator does after remediating AWS Security Hub
 * ElastiCache.6 ({@code redis-cli --tls} then {@code AUTH token}), and more: TCP, the TLS handshake,
 * trust, host name and expiry of the certificate, that AUTH is enforced, that each supplied token
 * is accepted or rejected as the {@link TokenExpectation} says, that a random token is rejected,
 * PING and the server version. See {@link CheckId} for the checks and their order.
 *
 * <p>Every network step (connect, TLS handshake, each reply) is bounded by
 * {@link VerifierSettings#timeout()}, the whole run by {@link VerifierSettings#deadline()}; each reply
 * by size, array length and nesting depth (checked while decoding, before allocating). Server text in
 * details has control characters replaced and is cut to 200 characters (its length said). Tokens are sent only after the TLS checks passed (when TLS is on),
 * with the one-argument {@code AUTH token} (Redis 2.8 and 6+), each on a fresh connection.
 * No token value appears in the report, in logs or in exceptions.
 *
 * <p>Stateless and thread-safe: each call uses its own connections and one event loop thread.
 */
public final class Verifier {

    private Verifier() {
    }

    /**
     * Runs every check against the endpoint of {@code settings}. Network problems, hostile replies and
     * even an unexpected failure inside a check are results (that check's FAIL, later ones SKIP), never
     * exceptions.
     *
     * @param settings what to check
     * @return the report
     * @throws NullPointerException if settings is null
     * @throws TokenSourceException when the token source cannot produce tokens
     * @throws IllegalArgumentException when the fetched tokens do not fit the expectation, or the
     *     CA file holds no usable certificate
     */
    public static VerificationReport verify(VerifierSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new VerificationRun(settings).run();
    }
}
