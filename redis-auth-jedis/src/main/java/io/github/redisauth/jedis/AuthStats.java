package io.github.redisauth.jedis;

import io.github.redisauth.AuthToken;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the authentication layer did, for dashboards and the {@code watch} command:
 * connections opened, fallbacks to a non-preferred token, rejections, forced refreshes, connections
 * opened without AUTH, NOAUTH recoveries, and the token in use (label and fingerprint only).
 *
 * <p>One instance belongs to a {@link JedisAuthConfig} and is shared by every client created from it.
 * The {@code record...} methods are called by the library; applications only read.
 *
 * <p>Thread-safe; reads are not atomic across counters (use {@link #snapshot()} for a consistent-enough view).
 */
public final class AuthStats {

    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder rejections = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder connectionsWithoutAuth = new LongAdder();
    private final LongAdder reauthentications = new LongAdder();
    private final AtomicReference<String> tokenInUse = new AtomicReference<>("none");

    /** Creates counters that all start at zero. */
    public AuthStats() {
    }

    /**
     * Records a connection that authenticated with {@code token}.
     *
     * @param token the token the server accepted
     * @param fallback true when it was not the first candidate tried
     */
    public void recordAuthenticated(AuthToken token, boolean fallback) {
        connectionsOpened.increment();
        if (fallback) {
            fallbacks.increment();
        }
        tokenInUse.set(token.label() + "#" + token.fingerprint());
    }

    /** Records a connection opened without AUTH because the server has no password. */
    public void recordWithoutAuth() {
        connectionsOpened.increment();
        connectionsWithoutAuth.increment();
        tokenInUse.set("none (server has no password)");
    }

    /** Records one token rejected by the server. */
    public void recordRejection() {
        rejections.increment();
    }

    /** Records one forced {@link io.github.redisauth.TokenSource#refresh()}. */
    public void recordRefresh() {
        refreshes.increment();
    }

    /**
     * Records an open connection that answered NOAUTH and was authenticated in place.
     *
     * @param token the token the server accepted
     */
    public void recordReauthentication(AuthToken token) {
        reauthentications.increment();
        tokenInUse.set(token.label() + "#" + token.fingerprint());
    }

    /** @return a copy of the counters now */
    public Snapshot snapshot() {
        return new Snapshot(connectionsOpened.sum(), fallbacks.sum(), rejections.sum(), refreshes.sum(),
                connectionsWithoutAuth.sum(), reauthentications.sum(), tokenInUse.get());
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    /**
     * The counters at one moment.
     *
     * @param connectionsOpened connections the library opened (first connects and reconnects)
     * @param fallbacks connections that authenticated with a token other than the first tried
     * @param rejections tokens the server rejected
     * @param refreshes forced token-source refreshes after every candidate was rejected
     * @param connectionsWithoutAuth connections opened without AUTH (server had no password)
     * @param reauthentications open connections that answered NOAUTH and were authenticated in place
     * @param tokenInUse {@code label#fingerprint} of the token that last authenticated, never its value
     */
    public record Snapshot(long connectionsOpened, long fallbacks, long rejections, long refreshes,
            long connectionsWithoutAuth, long reauthentications, String tokenInUse) {
    }
}
