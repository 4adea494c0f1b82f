package io.github.redisauth;

/**
 * What a {@link Verifier} expects of the supplied tokens, mirroring ElastiCache's
 * {@code --auth-token-update-strategy}.
 */
public enum TokenExpectation {
    /** The first (preferred) token is accepted; the others are reported but not judged. The default. */
    ENFORCED,
    /** Every supplied token is accepted: the state during an ElastiCache {@code ROTATE}. */
    ROTATE,
    /** The first token is accepted and every other is rejected: the state after {@code SET}. */
    SET
}
