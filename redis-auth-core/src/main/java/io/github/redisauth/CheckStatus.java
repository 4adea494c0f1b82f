package io.github.redisauth;

/** The outcome of one verifier check. */
public enum CheckStatus {
    /** The check passed. */
    PASS,
    /** The check found a problem: the verification fails. */
    FAIL,
    /** The check passed with a caveat (e.g. a certificate expiring soon); the verification still passes. */
    WARN,
    /** The check did not run, usually because an earlier check failed; the detail says why. */
    SKIP
}
