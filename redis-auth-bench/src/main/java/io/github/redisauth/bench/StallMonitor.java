package io.github.redisauth.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the operation counters of running loads every 10 ms and keeps, per load, the longest
 * stretch in which none of its operations succeeded. Failed-command counts hide a client that
 * simply hangs (stock Lettuce waits for its command timeout while it cannot reconnect); this does not.
 */
final class StallMonitor implements AutoCloseable {

    private static final long POLL_MILLIS = 10;

    private final List<RunningLoad> loads;
    private final long[] lastCount;
    private final long[] lastChangeNanos;
    private final long[] longestNanos;
    private final Thread thread;
    private volatile boolean running = true;

    StallMonitor(List<RunningLoad> loads) {
        this.loads = List.copyOf(loads);
        int n = this.loads.size();
        lastCount = new long[n];
        lastChangeNanos = new long[n];
        longestNanos = new long[n];
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            lastCount[i] = this.loads.get(i).operations();
            lastChangeNanos[i] = now;
        }
        thread = new Thread(this::poll, "bench-stall-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            sample();
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        for (int i = 0; i < loads.size(); i++) {
            long count = loads.get(i).operations();
            if (count != lastCount[i]) {
                lastCount[i] = count;
                lastChangeNanos[i] = now;
            }
            longestNanos[i] = Math.max(longestNanos[i], now - lastChangeNanos[i]);
        }
    }

    /** @return per load name, the longest stretch without a successful operation, in milliseconds */
    synchronized Map<String, Long> longestStallsMillis() {
        Map<String, Long> stalls = new LinkedHashMap<>();
        for (int i = 0; i < loads.size(); i++) {
            stalls.put(loads.get(i).name(), longestNanos[i] / 1_000_000);
        }
        return stalls;
    }

    /** Stops watching; the figures stay readable. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
