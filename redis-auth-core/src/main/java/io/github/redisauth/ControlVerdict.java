package io.github.redisauth;

/**
 * A verdict on an AWS Security Hub control, as far as the data plane shows it. For
 * {@code ElastiCache.6} ("replication groups of earlier versions should have Redis OSS AUTH enabled").
 */
public enum ControlVerdict {
    /** Redis is older than 6.0 and AUTH is enforced. */
    PASS,
    /** Redis is older than 6.0 and AUTH is not enforced. */
    FAIL,
    /** Redis is 6.0 or newer: the control does not apply. */
    NOT_APPLICABLE,
    /** The server version or the AUTH state could not be read. */
    UNKNOWN
}
