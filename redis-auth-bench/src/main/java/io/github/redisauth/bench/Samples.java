package io.github.redisauth.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations in nanoseconds collected by one measurement, with order statistics in milliseconds. */
public final class Samples {

    private final List<Long> nanos = new ArrayList<>();

    /** @param durationNanos one sample */
    public synchronized void add(long durationNanos) {
        nanos.add(durationNanos);
    }

    /** @return how many samples */
    public synchronized int size() {
        return nanos.size();
    }

    /** @return the median in milliseconds; NaN without samples */
    public double medianMs() {
        return percentileMs(50);
    }

    /**
     * Nearest-rank percentile.
     *
     * @param percentile 0 to 100
     * @return the percentile in milliseconds; NaN without samples
     */
    public synchronized double percentileMs(double percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    /** {@code n=100 p50=1.234ms p90=… p99=… max=…} */
    @Override
    public String toString() {
        return String.format("n=%d p50=%.3fms p90=%.3fms p99=%.3fms max=%.3fms",
                size(), percentileMs(50), percentileMs(90), percentileMs(99), percentileMs(100));
    }
}
