package io.github.redisauth.bench;

import java.util.function.LongSupplier;

/**
 * Times two operations in alternation (A B, B A, A B, ...), so that load from other processes on
 * the machine falls on both alike. Each operation returns its own duration in nanoseconds.
 */
final class InterleavedTimer {

    private InterleavedTimer() {
    }

    /**
     * @param warmup pairs run first and thrown away
     * @param pairs pairs measured
     * @param ours our operation
     * @param stock the stock operation
     * @return the samples
     */
    static Comparison run(int warmup, int pairs, LongSupplier ours, LongSupplier stock) {
        for (int i = 0; i < warmup; i++) {
            ours.getAsLong();
            stock.getAsLong();
        }
        Samples oursSamples = new Samples();
        Samples stockSamples = new Samples();
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                oursSamples.add(ours.getAsLong());
                stockSamples.add(stock.getAsLong());
            } else {
                stockSamples.add(stock.getAsLong());
                oursSamples.add(ours.getAsLong());
            }
        }
        return new Comparison(oursSamples, stockSamples);
    }
}
