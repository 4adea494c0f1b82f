package io.github.redisauth.cli.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.testkit.Workload;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The watch's auth-failure test for either client: counts the failures where the server rejected every
 * token and keeps the last one's description, so that both clients report them alike. Thread-safe.
 */
final class RejectionTally implements Predicate<Throwable> {

    private final LongAdder everyTokenRejected = new LongAdder();
    private final AtomicReference<String> lastRejection = new AtomicReference<>("");

    /** @return true when {@code failure} is an authentication failure (tallied when every token was rejected) */
    @Override
    public boolean test(Throwable failure) {
        String rejected = WatchSample.everyTokenRejected(failure);
        if (rejected != null) {
            lastRejection.set(rejected);
            everyTokenRejected.increment();
        }
        return ReplyClassifier.classify(failure) != AuthReply.OTHER;
    }

    /** @return failures so far because every token was rejected */
    long everyTokenRejected() {
        return everyTokenRejected.sum();
    }

    /** @return {@link WatchSample#lastFailure(Workload.Counts, long, String)} for these counts */
    String lastFailure(Workload.Counts counts) {
        return WatchSample.lastFailure(counts, everyTokenRejected.sum(), lastRejection.get());
    }
}
