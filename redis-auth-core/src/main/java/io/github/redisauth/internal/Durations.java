package io.github.redisauth.internal;

import java.time.Duration;

/** Formats durations the way users type them: {@code 3s}, {@code 500ms}, {@code 2m}. Stateless. */
public final class Durations {

    private Durations() {
    }

    /**
     * @param duration a duration
     * @return e.g. {@code 3s}, {@code 1500ms}, {@code 2m}, {@code 1h}
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
