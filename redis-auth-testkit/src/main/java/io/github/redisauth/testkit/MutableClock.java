package io.github.redisauth.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that a test moves by hand, for code with refresh windows and demotions.
 * Starts at {@code 2026-01-01T00:00:00Z}, zone UTC. Thread-safe: {@link #advance} is visible
 * to every thread at once.
 */
public final class MutableClock extends Clock {

    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * Moves the clock forward (or back, with a negative duration).
     *
     * @param duration how far
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        now = now.plus(duration);
    }

    /** @return UTC */
    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** @return this clock: the zone is ignored */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** @return the instant the test has set */
    @Override
    public Instant instant() {
        return now;
    }
}
