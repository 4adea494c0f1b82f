package io.github.redisauth.bench;

import java.time.Duration;

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
 */
record BenchSettings(String name, int connectWarmup, int connectSamples, Duration lifecyclePhase,
        int lifecycleThreads, int reconnectKills, int concurrentConnects, int verifierWarmup,
        int verifierSamples, boolean jmh) {

    static final BenchSettings QUICK = new BenchSettings("quick", 50, 500, Duration.ofSeconds(4), 4, 100, 1000, 5, 50, false);
    static final BenchSettings FULL = new BenchSettings("full", 300, 3000, Duration.ofSeconds(15), 4, 500, 1000, 20, 300, true);
    static final BenchSettings SMOKE = new BenchSettings("smoke", 2, 6, Duration.ofMillis(300), 2, 3, 20, 1, 3, false);
}
