package io.github.redisauth.cli.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code redis-auth watch} prints: a line per sample, a summary, or one JSON object
 * {@code {"client","ops","failures","authFailures","reconnects","fallbacks","tokenLabels":{LABEL#FP: samples}}}.
 * A line says "every token rejected" from a second in which commands failed because the server rejected every
 * token the source holds until a command succeeds again.
 * Token labels and fingerprints only, never values. Not thread-safe.
 */
public final class WatchReport {

    private final String client;
    private final Map<String, Integer> tokenLabels = new LinkedHashMap<>();
    private WatchSample counts = WatchSample.NONE;
    private WatchSample previous = counts;
    /** Every token rejected, and no command succeeded since. */
    private boolean rejecting;

    /** @param client the client library name, e.g. {@code lettuce} */
    public WatchReport(String client) {
        this.client = client;
    }

    /**
     * Records one sample.
     *
     * @param sample the client's counters now
     */
    public void sample(WatchSample sample) {
        this.previous = this.counts;
        this.counts = sample;
        if (sample.everyTokenRejected() > previous.everyTokenRejected()) {
            rejecting = true;
        } else if (sample.ops() > previous.ops()) {
            rejecting = false;
        }
        tokenLabels.merge(sample.tokenInUse(), 1, Integer::sum);
    }

    /** @return failed commands so far */
    public long failures() {
        return counts.failures();
    }

    /** @return e.g. {@code ops=1200 (+100) failures=0 authFailures=0 reconnects=1 fallbacks=0 token=AWSCURRENT#3f9a0c1e} */
    public String line() {
        return "ops=" + counts.ops() + " (+" + (counts.ops() - previous.ops()) + ") " + totals()
                + " token=" + counts.tokenInUse()
                + (rejecting ? " every token rejected: " + counts.lastFailure()
                        : counts.failures() > previous.failures() ? " last failure: " + counts.lastFailure() : "");
    }

    /** @return the totals and the tokens used, for the end of a text run */
    public String summary() {
        return "client=" + client + " ops=" + counts.ops() + " " + totals() + " tokens=" + tokenLabels.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + " s)").collect(Collectors.joining(", "))
                + (counts.failures() == 0 ? " -> no failed command"
                        : counts.everyTokenRejected() > 0 && counts.everyTokenRejected() == counts.failures()
                                ? " -> FAILED commands, every token rejected: " + counts.lastFailure()
                                : " -> FAILED commands, last: " + counts.lastFailure());
    }

    /** @return one JSON object */
    public String json() {
        return "{\"client\":" + JsonReport.string(client) + ",\"ops\":" + counts.ops() + ",\"failures\":" + counts.failures()
                + ",\"authFailures\":" + counts.authFailures() + ",\"reconnects\":" + counts.reconnects()
                + ",\"fallbacks\":" + counts.fallbacks() + ",\"tokenLabels\":{"
                + tokenLabels.entrySet().stream().map(e -> JsonReport.string(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",")) + "}}";
    }

    private String totals() {
        return "failures=" + counts.failures() + " authFailures=" + counts.authFailures() + " reconnects=" + counts.reconnects()
                + " fallbacks=" + counts.fallbacks();
    }
}
