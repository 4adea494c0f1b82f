package io.github.redisauth.cli.internal;

import java.util.Locale;

/**
 * One line of {@code redis-auth watch} output: the counters at one moment, as text or as one JSON
 * object. Token labels and fingerprints only, never values. Immutable.
 *
 * @param type {@code progress} or {@code summary}
 * @param client the client library, e.g. {@code jedis}
 * @param elapsedMillis time since the workload started
 * @param operations operations that succeeded
 * @param failures operations that failed
 * @param authFailures failures caused by an authentication reply
 * @param reconnects connections opened beyond one per worker thread
 * @param fallbacks connections that authenticated with a token other than the first tried
 * @param rejections tokens rejected by the server
 * @param tokenInUse {@code label#fingerprint} of the token in use, or {@code none}
 */
public record WatchLine(String type, String client, long elapsedMillis, long operations, long failures, long authFailures,
        long reconnects, long fallbacks, long rejections, String tokenInUse) {

    /** @return e.g. {@code [   5.0s] jedis ops=1234 failures=0 authFailures=0 reconnects=4 fallbacks=1 rejections=1 token=AWSCURRENT#3f9a0c1e} */
    public String text() {
        return String.format(Locale.ROOT, "%s[%6.1fs] %s ops=%d failures=%d authFailures=%d reconnects=%d fallbacks=%d rejections=%d token=%s",
                type.equals("summary") ? "summary " : "", elapsedMillis / 1000.0, client, operations, failures, authFailures,
                reconnects, fallbacks, rejections, tokenInUse);
    }

    /** @return one JSON object on one line */
    public String json() {
        return "{\"type\":\"" + type + "\",\"client\":\"" + escape(client) + "\",\"elapsedMs\":" + elapsedMillis
                + ",\"ops\":" + operations + ",\"failures\":" + failures + ",\"authFailures\":" + authFailures
                + ",\"reconnects\":" + reconnects + ",\"fallbacks\":" + fallbacks + ",\"rejections\":" + rejections
                + ",\"tokenInUse\":\"" + escape(tokenInUse) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
