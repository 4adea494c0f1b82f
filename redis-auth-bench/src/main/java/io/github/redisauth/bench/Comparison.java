package io.github.redisauth.bench;

/**
 * Ours against stock on one measure.
 *
 * @param ours our client's samples
 * @param stock the stock client's samples
 */
record Comparison(Samples ours, Samples stock) {

    /** @return median of ours / median of stock */
    double medianRatio() {
        return ours.medianMs() / stock.medianMs();
    }

    @Override
    public String toString() {
        return String.format("ours [%s] stock [%s] ratio of medians %.3f", ours, stock, medianRatio());
    }
}
