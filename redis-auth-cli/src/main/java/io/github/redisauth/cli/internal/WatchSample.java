package io.github.redisauth.cli.internal;

import io.github.redisauth.TokensRejectedException;
import io.github.redisauth.testkit.Workload;

/**
 * The counters of a watched client at one moment, whatever the client library.
 *
 * @param ops commands completed (successful or not)
 * @param failures commands that failed
 * @param authFailures failures caused by authentication ({@code NOAUTH}, {@code WRONGPASS}, ...)
 * @param reconnects connections re-established
 * @param fallbacks times a token other than the preferred one was used
 * @param tokenInUse {@code LABEL#FINGERPRINT} of the token in use, or a description; never a value
 * @param lastFailure the last failure's message, or empty
 * @param everyTokenRejected failures because the server rejected every token the source holds
 */
public record WatchSample(long ops, long failures, long authFailures, long reconnects, long fallbacks, String tokenInUse,
        String lastFailure, long everyTokenRejected) {

    /** Before the first sample. */
    public static final WatchSample NONE = new WatchSample(0, 0, 0, 0, 0, "none yet", "", 0);

    /** Without {@code everyTokenRejected} (zero). */
    public WatchSample(long ops, long failures, long authFailures, long reconnects, long fallbacks, String tokenInUse,
            String lastFailure) {
        this(ops, failures, authFailures, reconnects, fallbacks, tokenInUse, lastFailure, 0);
    }

    /**
     * @param failure a failed workload operation
     * @return {@code TokensRejectedException: <its message>} when it failed because the server rejected every
     *     token ({@link TokensRejectedException} in its causes, whichever client library wrapped it, e.g. Jedis'
     *     "Could not get a resource from the pool"), so both clients report it alike; null otherwise
     */
    public static String everyTokenRejected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TokensRejectedException rejected) {
                return rejected.getClass().getSimpleName() + ": " + rejected.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * @param counts the workload's counters
     * @param rejections failures because every token was rejected
     * @param lastRejection {@link #everyTokenRejected(Throwable)} of the last such failure
     * @return the last failure's description: the rejection's own while every failure was one (the client
     *     library's wrapper says less), else the workload's
     */
    public static String lastFailure(Workload.Counts counts, long rejections, String lastRejection) {
        return rejections > 0 && rejections == counts.failures() ? lastRejection : counts.lastFailure();
    }
}
