package io.github.redisauth.jedis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.junit.jupiter.api.Test;

/** Which borrowed connections must answer a PING: idle ones and suspected ones, never hot ones. */
class BorrowValidationTest {

    private static PooledObject<Object> returnedNow() {
        PooledObject<Object> pooled = new DefaultPooledObject<>(new Object());
        pooled.allocate();
        pooled.deallocate();
        return pooled;
    }

    @Test
    void aHotConnectionNeedsNoPing() {
        BorrowValidation validation = new BorrowValidation(Duration.ofSeconds(5));
        assertThat(validation.needsPing(returnedNow())).as("returned just now, nothing lost since").isFalse();
    }

    @Test
    void aConnectionIdleLongerThanTheThresholdNeedsAPing() throws InterruptedException {
        BorrowValidation validation = new BorrowValidation(Duration.ofMillis(20));
        PooledObject<Object> pooled = returnedNow();
        Thread.sleep(40);
        assertThat(validation.needsPing(pooled)).as("idle 40 ms with validateAfterIdle 20 ms").isTrue();
    }

    @Test
    void zeroMeansAPingOnEveryBorrow() {
        assertThat(new BorrowValidation(Duration.ZERO).needsPing(returnedNow())).as("validateAfterIdle=0").isTrue();
    }

    @Test
    void connectionsInThePoolWhenOneWasLostNeedAPingLaterOnesDoNot() throws InterruptedException {
        BorrowValidation validation = new BorrowValidation(Duration.ofSeconds(5));
        PooledObject<Object> before = returnedNow();
        Thread.sleep(2);
        validation.connectionLost();
        Thread.sleep(2);
        PooledObject<Object> after = returnedNow();
        assertThat(validation.needsPing(before)).as("returned before a connection was found dead").isTrue();
        assertThat(validation.needsPing(after)).as("returned after").isFalse();
    }
}
