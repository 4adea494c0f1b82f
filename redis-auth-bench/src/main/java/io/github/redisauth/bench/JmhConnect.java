package io.github.redisauth.bench;

import io.github.redisauth.bench.jmh.JedisConnectBenchmark;
import java.io.PrintStream;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH connect benchmarks in one fork (JMH output on stderr) and prints the ratio of the
 * ours/stock medians: a cross-check of the interleaved harness figure, not part of the JSON.
 */
final class JmhConnect {

    private JmhConnect() {
    }

    static void run() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(JedisConnectBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(3))
                .shouldFailOnError(true)
                .build();
        PrintStream stdout = System.out;
        Collection<RunResult> results;
        System.setOut(System.err); // JMH prints to stdout; the JSON line must be the only thing there
        try {
            results = new Runner(options).run();
        } finally {
            System.setOut(stdout);
        }
        double ours = Double.NaN;
        double stock = Double.NaN;
        for (RunResult result : results) {
            String client = result.getParams().getParam("client");
            double score = result.getPrimaryResult().getStatistics().getPercentile(50);
            if ("ours".equals(client)) {
                ours = score;
            } else {
                stock = score;
            }
        }
        Console.say("jmh connect jedis (SampleTime, median ms/op; ours and stock run one after the other, not interleaved):"
                + " ours %.3f stock %.3f ratio %.3f", ours, stock, ours / stock);
    }
}
