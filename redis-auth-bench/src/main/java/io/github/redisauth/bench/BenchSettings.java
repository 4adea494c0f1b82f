package io.github.redisauth.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much each benchmark measures.
 *
 * @param name {@code quick}, {@code full} or {@code smoke}
 * @param connectWarmup connect pairs thrown away
 * @param connectSamples connect pairs measured
 * @param lifecyclePhase how long each phase of the rotation lifecycle runs under load
 * @param lifecycleThreads workload threads per client
 * @param reconnectKills connection kills measured per client
 * @param concurrentConnects connections opened at once on a cold Secrets Manager cache
 * @param verifierWarmup verifier/redis-cli pairs thrown away
 * @param verifierSamples verifier/redis-cli pairs measured
 * @param jmh whether the JMH connect benchmark and the diagnostic comparisons (stderr only) run too
 * @param steadyWarmup steady-state latency pairs (SET + GET, ours and stock) thrown away
 * @param steadySamples steady-state latency pairs measured
 * @param throughputRounds steady-state throughput windows per side, shape and thread count
 * @param throughputWindowMillis length of one throughput window (after 200 ms of warm-up)
 * @param memoryConnections idle connections opened per side to measure heap per connection
 * @param memoryRounds heap measurements per side and shape (the median is reported)
 * @param scaleSizes connection counts of the scale section
 */
record BenchSettings(String name, int connectWarmup, int connectSamples, Duration lifecyclePhase,
        int lifecycleThreads, int reconnectKills, int concurrentConnects, int verifierWarmup,
        int verifierSamples, boolean jmh, int steadyWarmup, int steadySamples, int throughputRounds,
        long throughputWindowMillis, int memoryConnections, int memoryRounds, List<Integer> scaleSizes) {

    /** @return these settings with other scale sizes */
    BenchSettings withScaleSizes(List<Integer> sizes) {
        return new BenchSettings(name, connectWarmup, connectSamples, lifecyclePhase, lifecycleThreads, reconnectKills,
                concurrentConnects, verifierWarmup, verifierSamples, jmh, steadyWarmup, steadySamples, throughputRounds,
                throughputWindowMillis, memoryConnections, memoryRounds, List.copyOf(sizes));
    }

    static final BenchSettings QUICK = new BenchSettings("quick", 50, 500, Duration.ofSeconds(4), 4, 100, 1000, 5, 50, false,
            1000, 5000, 2, 1000, 300, 2, List.of(100, 1000));
    static final BenchSettings FULL = new BenchSettings("full", 300, 3000, Duration.ofSeconds(15), 4, 500, 1000, 20, 300, true,
            5000, 20000, 4, 2000, 500, 4, List.of(100, 1000, 10000));
    static final BenchSettings SMOKE = new BenchSettings("smoke", 2, 6, Duration.ofMillis(300), 2, 3, 20, 1, 3, false,
            20, 50, 1, 100, 20, 1, List.of(10));
}
