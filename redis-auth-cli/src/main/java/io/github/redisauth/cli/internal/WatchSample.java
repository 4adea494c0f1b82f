package io.github.redisauth.cli.internal;

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
 */
public record WatchSample(long ops, long failures, long authFailures, long reconnects, long fallbacks, String tokenInUse,
        String lastFailure) {

    /** Before the first sample. */
    public static final WatchSample NONE = new WatchSample(0, 0, 0, 0, 0, "none yet", "");
}
