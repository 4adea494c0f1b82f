package io.github.redisauth.jedis.internal;

import java.time.Duration;
import java.time.Instant;
import org.apache.commons.pool2.PooledObject;

/**
 * Decides, for one pool, which borrowed connections are worth a {@code PING}: those that sat in the pool
 * at least {@code validateAfterIdle}, and those returned before the pool last saw one of its connections
 * die (a kill or a restart usually takes every connection with it, so the others are checked before they
 * are handed out). A hot connection costs only the local socket check: no round trip. Thread-safe.
 */
final class BorrowValidation {

    private final Duration validateAfterIdle;
    private volatile Instant suspectBefore = Instant.MIN;

    /** @param validateAfterIdle how long a connection may sit in the pool and still be handed out unchecked */
    BorrowValidation(Duration validateAfterIdle) {
        this.validateAfterIdle = validateAfterIdle;
    }

    /** Every connection returned to the pool before now gets a {@code PING} on its next borrow. */
    void connectionLost() {
        suspectBefore = Instant.now();
    }

    /** @return whether {@code pooled} must answer a {@code PING} before it is handed out */
    boolean needsPing(PooledObject<?> pooled) {
        if (validateAfterIdle.isZero()) {
            return true;
        }
        Instant lastReturn = pooled.getLastReturnInstant();
        return !lastReturn.isAfter(suspectBefore)
                || Duration.between(lastReturn, Instant.now()).compareTo(validateAfterIdle) >= 0;
    }
}
