package io.github.redisauth.lettuce.internal;

import io.github.redisauth.lettuce.AuthStatistics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Counters of one client's authentication life; thread-safe. */
public final class AuthCounters {

    final AtomicLong reconnectAttempts = new AtomicLong();
    final AtomicLong reconnectFailures = new AtomicLong();
    final AtomicLong rejections = new AtomicLong();
    final AtomicLong authRequired = new AtomicLong();
    final AtomicLong fallbacks = new AtomicLong();
    final AtomicLong probes = new AtomicLong();
    final AtomicLong reauthentications = new AtomicLong();
    final AtomicReference<String> tokenInUse = new AtomicReference<>(AuthStatistics.NO_TOKEN_YET);

    /** @return an immutable snapshot */
    public AuthStatistics snapshot() {
        return new AuthStatistics(reconnectAttempts.get(), reconnectFailures.get(), rejections.get(), authRequired.get(),
                fallbacks.get(), probes.get(), reauthentications.get(), tokenInUse.get());
    }
}
