package io.github.redisauth.internal;

import java.time.Duration;

/**
 * The overall deadline of one verification run: every step waits at most {@code min(timeout, time left)}.
 *
 * @param nanos the {@link System#nanoTime()} at which the run's time is up
 * @param total the whole allowance, for messages; null for no overall deadline
 */
record RunDeadline(long nanos, Duration total) {

    /** Far enough to never bind, near enough that {@code nanoTime} arithmetic cannot overflow. */
    private static final long NEVER_NANOS = Duration.ofDays(365).toNanos();

    /**
     * @param total the allowance, counted from now
     * @return the deadline
     */
    static RunDeadline after(Duration total) {
        return new RunDeadline(System.nanoTime() + total.toNanos(), total);
    }

    /** @return a deadline that never binds (only the per-step timeouts apply) */
    static RunDeadline none() {
        return new RunDeadline(System.nanoTime() + NEVER_NANOS, null);
    }

    /** @return nanoseconds left; 0 or less once passed */
    long left() {
        return nanos - System.nanoTime();
    }

    /** @return true once the deadline passed */
    boolean passed() {
        return left() <= 0;
    }

    /**
     * @param stepDeadline a step's own deadline ({@code nanoTime})
     * @return true when this run deadline comes first
     */
    boolean bindsBefore(long stepDeadline) {
        return total != null && nanos - stepDeadline < 0;
    }

    /** @return e.g. {@code the overall deadline of 9s (--deadline) passed} */
    String passedMessage() {
        return "the overall deadline of " + (total == null ? "the run" : Durations.format(total)) + " (--deadline) passed";
    }
}
