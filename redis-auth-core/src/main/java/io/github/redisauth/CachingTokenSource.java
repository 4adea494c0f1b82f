package io.github.redisauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches the token set of any {@link TokenSource} so that connections can call {@link #fetch()} freely.
 *
 * <ul>
 *   <li><b>Refresh interval</b>: a set is served for a random time between
 *       {@code refreshInterval × (1 − jitter)} and {@code refreshInterval} (default 5 minutes, jitter 0.1),
 *       so a rotation is seen within one interval while many processes do not call the store in step.</li>
 *   <li><b>Single flight</b>: when the cache is cold or expired, one caller reads the source and every
 *       concurrent caller waits for that result, at most {@code maxWait}.</li>
 *   <li><b>Stale on error</b>: when the source fails and a good set is known, that set keeps being served
 *       (the source is tried again after {@code retryAfterError}); a WARN is logged once per outage and an
 *       INFO when the source recovers. With no good set yet, the failure is thrown.</li>
 *   <li><b>Forced refresh</b>: {@link #refresh()} reads the source again (call it when every candidate was
 *       rejected), at most once per {@code minForcedRefreshInterval} (default 10 s); within that window it
 *       answers like {@link #fetch()}.</li>
 *   <li><b>Background refresh</b> (off by default): a daemon thread re-reads the source after about 80% of
 *       each interval, so callers rarely wait. It runs on wall-clock time, not the injected {@link Clock}.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} stops the background thread and closes the wrapped source.
 */
public final class CachingTokenSource implements TokenSource {

    /** Default time a fetched set is served before the source is read again. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);
    /** Default fraction by which the refresh interval is randomly shortened. */
    public static final double DEFAULT_JITTER = 0.1;
    /** Default minimum time between two forced refreshes. */
    public static final Duration DEFAULT_MIN_FORCED_REFRESH_INTERVAL = Duration.ofSeconds(10);
    /** Default time a stale set is served after a failed read before the source is tried again. */
    public static final Duration DEFAULT_RETRY_AFTER_ERROR = Duration.ofSeconds(10);
    /** Default longest wait for a read in progress in another thread. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(CachingTokenSource.class);
    private static final double BACKGROUND_FRACTION = 0.8;

    private final TokenSource source;
    private final Duration refreshInterval;
    private final double jitter;
    private final Duration minForcedRefreshInterval;
    private final Duration retryAfterError;
    private final Duration maxWait;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object lock = new Object();
    private volatile Cached cached;
    private CompletableFuture<TokenSet> inFlight;
    private boolean inFlightForced;
    private Instant lastForcedRefresh;
    private Instant outageSince;

    private CachingTokenSource(Builder builder) {
        this.source = builder.source;
        this.refreshInterval = builder.refreshInterval;
        this.jitter = builder.jitter;
        this.minForcedRefreshInterval = builder.minForcedRefreshInterval;
        this.retryAfterError = builder.retryAfterError;
        this.maxWait = builder.maxWait;
        this.clock = builder.clock;
        this.scheduler = builder.backgroundRefresh ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-auth-token-refresh");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (scheduler != null) {
            scheduleBackgroundRefresh();
        }
    }

    /**
     * @param source the source to cache; closed by {@link #close()}
     * @return a builder with every other setting at its default
     */
    public static Builder builder(TokenSource source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /**
     * The cached set, reading the source first when the cache is cold or expired (one read for all
     * concurrent callers).
     *
     * @return the candidates
     * @throws TokenSourceException when the source fails and no good set is known, when the read in
     *     progress takes longer than {@code maxWait} and no good set is known, or when closed
     */
    @Override
    public TokenSet fetch() {
        ensureOpen();
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt)) {
            return current.tokens;
        }
        return load(false, null);
    }

    /**
     * Reads the source again, unless a forced refresh happened less than {@code minForcedRefreshInterval}
     * ago: then answers like {@link #fetch()} (joining a read in progress, if any). A forced refresh joins
     * only a forced read in progress; a plain read in progress may have started before the token
     * changed, so the refresh waits for it (within {@code maxWait}) and then reads the source itself.
     * When that wait times out, the refresh answers like {@link #fetch()} and does not use up the
     * allowance.
     *
     * @return the candidates
     * @throws TokenSourceException as {@link #fetch()}
     */
    @Override
    public TokenSet refresh() {
        ensureOpen();
        Allowance allowance = null;
        synchronized (lock) {
            Instant now = clock.instant();
            if (lastForcedRefresh == null || !now.isBefore(lastForcedRefresh.plus(minForcedRefreshInterval))) {
                allowance = new Allowance(lastForcedRefresh, now);
                lastForcedRefresh = now;
            }
        }
        return load(allowance != null, allowance);
    }

    /** @return {@code cached:} and the wrapped source's description */
    @Override
    public String description() {
        return "cached:" + source.description();
    }

    /** Stops background refresh and closes the wrapped source; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            source.close();
        }
    }

    /** @return {@code CachingTokenSource[description]} */
    @Override
    public String toString() {
        return "CachingTokenSource[" + description() + "]";
    }

    private TokenSet load(boolean force, Allowance allowance) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            CompletableFuture<TokenSet> future;
            CompletableFuture<TokenSet> earlierPlainRead = null;
            boolean leader = false;
            synchronized (lock) {
                if (inFlight != null && (!force || inFlightForced)) {
                    future = inFlight;
                } else if (inFlight != null) {
                    future = null;
                    earlierPlainRead = inFlight;
                } else {
                    Cached current = cached;
                    if (!force && current != null && clock.instant().isBefore(current.refreshAt)) {
                        return current.tokens;
                    }
                    future = new CompletableFuture<>();
                    inFlight = future;
                    inFlightForced = force;
                    leader = true;
                }
            }
            if (future == null) {
                // That read may have started before the token changed: its answer is not a refresh.
                if (!awaitQuietly(earlierPlainRead, deadline - System.nanoTime())) {
                    giveBack(allowance);
                    return await(earlierPlainRead, 0);
                }
                continue;
            }
            if (leader) {
                readSource(future, force);
            }
            return await(future, Math.max(0, deadline - System.nanoTime()));
        }
    }

    /** @return true when the read completed (either way), false when it was still running at the deadline */
    private static boolean awaitQuietly(CompletableFuture<TokenSet> future, long timeoutNanos) {
        try {
            future.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void giveBack(Allowance allowance) {
        if (allowance == null) {
            return;
        }
        synchronized (lock) {
            if (allowance.granted().equals(lastForcedRefresh)) {
                lastForcedRefresh = allowance.previous();
            }
        }
    }

    private void readSource(CompletableFuture<TokenSet> future, boolean force) {
        try {
            TokenSet tokens = force ? source.refresh() : source.fetch();
            succeeded(tokens);
            future.complete(tokens);
        } catch (RuntimeException e) {
            TokenSet stale = failed(e);
            if (stale != null) {
                future.complete(stale);
            } else {
                future.completeExceptionally(e instanceof TokenSourceException ? e
                        : new TokenSourceException(source.description() + " failed: " + e, e));
            }
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            if (!future.isDone()) {
                future.completeExceptionally(new TokenSourceException(source.description() + " failed without an exception"));
            }
        }
    }

    private void succeeded(TokenSet tokens) {
        Instant now = clock.instant();
        synchronized (lock) {
            cached = new Cached(tokens, now.plus(jittered(refreshInterval)));
            if (outageSince != null) {
                LOG.info("{} recovered after {}; now serving {}", source.description(),
                        Duration.between(outageSince, now), tokens);
                outageSince = null;
            }
        }
    }

    /** @return the stale set to serve, or null when none is known */
    private TokenSet failed(RuntimeException failure) {
        Instant now = clock.instant();
        synchronized (lock) {
            Cached current = cached;
            if (current == null) {
                LOG.debug("{} failed and no token set is known yet", source.description(), failure);
                return null;
            }
            cached = new Cached(current.tokens, now.plus(retryAfterError));
            if (outageSince == null) {
                outageSince = now;
                LOG.warn("{} failed; serving the last good token set {} until it recovers (retrying every {}): {}",
                        source.description(), current.tokens, retryAfterError, failure.getMessage());
            } else {
                LOG.debug("{} still failing", source.description(), failure);
            }
            return current.tokens;
        }
    }

    private TokenSet await(CompletableFuture<TokenSet> future, long timeoutNanos) {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Cached current = cached;
            if (current != null) {
                return current.tokens;
            }
            throw new TokenSourceException(description() + ": no answer from " + source.description() + " within " + maxWait);
        } catch (ExecutionException e) {
            throw new TokenSourceException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenSourceException(description() + ": interrupted while waiting for " + source.description(), e);
        }
    }

    private void scheduleBackgroundRefresh() {
        long delayMillis = Math.max(1, (long) (jittered(refreshInterval).toMillis() * BACKGROUND_FRACTION));
        try {
            scheduler.schedule(this::refreshInBackground, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private void refreshInBackground() {
        try {
            load(true, null);
        } catch (RuntimeException e) {
            LOG.debug("{}: background refresh failed", description(), e);
        } finally {
            if (!closed.get()) {
                scheduleBackgroundRefresh();
            }
        }
    }

    private Duration jittered(Duration interval) {
        double factor = 1.0 - jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (interval.toNanos() * factor));
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new TokenSourceException(description() + " is closed");
        }
    }

    private record Cached(TokenSet tokens, Instant refreshAt) {
    }

    /** A forced refresh granted at {@code granted}; {@code previous} is restored if it never reads. */
    private record Allowance(Instant previous, Instant granted) {
    }

    /**
     * Settings for a {@link CachingTokenSource}. Not thread-safe; {@link #build()} copies the settings.
     */
    public static final class Builder {
        private final TokenSource source;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private double jitter = DEFAULT_JITTER;
        private Duration minForcedRefreshInterval = DEFAULT_MIN_FORCED_REFRESH_INTERVAL;
        private Duration retryAfterError = DEFAULT_RETRY_AFTER_ERROR;
        private Duration maxWait = DEFAULT_MAX_WAIT;
        private boolean backgroundRefresh;
        private Clock clock = Clock.systemUTC();

        private Builder(TokenSource source) {
            this.source = source;
        }

        /**
         * @param refreshInterval longest time a set is served; default {@link #DEFAULT_REFRESH_INTERVAL};
         *     between 1 ms and 24 hours
         * @return this
         */
        public Builder refreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
            return this;
        }

        /**
         * @param jitter the interval is shortened by a random fraction up to this; default
         *     {@value #DEFAULT_JITTER}; 0 to 0.5
         * @return this
         */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * @param minForcedRefreshInterval at most one forced refresh per this; default
         *     {@link #DEFAULT_MIN_FORCED_REFRESH_INTERVAL}; zero or positive (zero: no limit)
         * @return this
         */
        public Builder minForcedRefreshInterval(Duration minForcedRefreshInterval) {
            this.minForcedRefreshInterval = minForcedRefreshInterval;
            return this;
        }

        /**
         * @param retryAfterError after a failed read, the stale set is served this long before the
         *     source is tried again; default {@link #DEFAULT_RETRY_AFTER_ERROR}; positive
         * @return this
         */
        public Builder retryAfterError(Duration retryAfterError) {
            this.retryAfterError = retryAfterError;
            return this;
        }

        /**
         * @param maxWait longest wait for a read made by another thread; then the stale set is
         *     served, or a {@link TokenSourceException} thrown; default {@link #DEFAULT_MAX_WAIT}; positive
         * @return this
         */
        public Builder maxWait(Duration maxWait) {
            this.maxWait = maxWait;
            return this;
        }

        /**
         * @param backgroundRefresh true to re-read the source on a daemon thread ahead of expiry;
         *     default false
         * @return this
         */
        public Builder backgroundRefresh(boolean backgroundRefresh) {
            this.backgroundRefresh = backgroundRefresh;
            return this;
        }

        /**
         * @param clock the clock deciding expiry and rate limits; default {@link Clock#systemUTC()}
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @return the caching source
         * @throws IllegalArgumentException when a setting is out of range; the message names the
         *     setting, the value and the rule
         */
        public CachingTokenSource build() {
            requireBetween("refreshInterval", refreshInterval, Duration.ofMillis(1), Duration.ofHours(24));
            if (!(jitter >= 0.0 && jitter <= 0.5)) {
                throw invalid("jitter", jitter, "must be between 0 and 0.5");
            }
            requireBetween("minForcedRefreshInterval", minForcedRefreshInterval, Duration.ZERO, Duration.ofHours(24));
            requireBetween("retryAfterError", retryAfterError, Duration.ofMillis(1), Duration.ofHours(24));
            requireBetween("maxWait", maxWait, Duration.ofMillis(1), Duration.ofHours(1));
            if (clock == null) {
                throw invalid("clock", null, "is required");
            }
            return new CachingTokenSource(this);
        }

        private static void requireBetween(String setting, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw invalid(setting, value, "must be between " + min + " and " + max);
            }
        }

        private static IllegalArgumentException invalid(String setting, Object value, String rule) {
            return new IllegalArgumentException("CachingTokenSource " + setting + " = " + value + ": " + rule);
        }
    }
}
