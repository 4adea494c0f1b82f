package io.github.redisauth.cli.internal;

import java.time.Duration;

/**
 * The pace of the watch workload: worker threads, the pause each takes after a SET + GET round,
 * and how long one command may take.
 *
 * @param threads worker threads
 * @param pause pause after each round
 * @param commandTimeout bound on one command
 */
public record WatchPace(int threads, Duration pause, Duration commandTimeout) {

    /** Most worker threads the watch uses. */
    public static final int MAX_THREADS = 4;

    /**
     * At most {@code rate} commands a second: each thread sends SET and GET, then pauses.
     *
     * @param rate commands per second, at least 1
     * @param commandTimeout how long one command may take
     * @return the pace
     */
    public static WatchPace forRate(int rate, Duration commandTimeout) {
        int threads = Math.min(MAX_THREADS, Math.max(1, rate / 2));
        return new WatchPace(threads, Duration.ofMillis(Math.max(0, 2000L * threads / rate)), commandTimeout);
    }

    /** @return the key prefix of this process's workload: its keys never collide with another watch's */
    static String keyPrefix() {
        return "redis-auth:watch:" + ProcessHandle.current().pid();
    }
}
