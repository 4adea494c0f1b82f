package io.github.redisauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Verifier} found: the target, the server version, every check in
 * {@link CheckId} order, control verdicts and the overall result.
 *
 * <p>Immutable and thread-safe. Nothing in it (including {@link #toString()}) contains a token value.
 */
public final class VerificationReport {

    /** The key of the AWS Security Hub control ElastiCache.6 in {@link #controls()}. */
    public static final String ELASTICACHE_6 = "ElastiCache.6";

    private final String host;
    private final int port;
    private final boolean tls;
    private final String serverVersion;
    private final List<CheckResult> checks;
    private final Map<String, ControlVerdict> controls;

    /**
     * Creates a report.
     *
     * @param host the host checked
     * @param port the port checked
     * @param tls whether TLS was used
     * @param serverVersion the {@code redis_version} read, or null when unread
     * @param checks the results, in report order
     * @param controls control verdicts by control id, in order
     * @throws NullPointerException if host, checks or controls (or an element) is null
     */
    public VerificationReport(String host, int port, boolean tls, String serverVersion,
                              List<CheckResult> checks, Map<String, ControlVerdict> controls) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.tls = tls;
        this.serverVersion = serverVersion;
        this.checks = List.copyOf(checks);
        LinkedHashMap<String, ControlVerdict> copy = new LinkedHashMap<>();
        controls.forEach((key, value) -> copy.put(Objects.requireNonNull(key), Objects.requireNonNull(value)));
        this.controls = Collections.unmodifiableMap(copy);
    }

    /** @return the host name or address checked */
    public String host() {
        return host;
    }

    /** @return the port checked */
    public int port() {
        return port;
    }

    /** @return whether the connection used TLS */
    public boolean tls() {
        return tls;
    }

    /** @return the server's {@code redis_version}, or empty when it could not be read */
    public Optional<String> serverVersion() {
        return Optional.ofNullable(serverVersion);
    }

    /** @return every check result, in {@link CheckId} order ({@code auth-token} once per token); unmodifiable */
    public List<CheckResult> checks() {
        return checks;
    }

    /**
     * @param check a check id
     * @return the results of that check (several for {@code auth-token}, otherwise at most one)
     */
    public List<CheckResult> results(CheckId check) {
        return checks.stream().filter(result -> result.check() == check).toList();
    }

    /** @return control verdicts by control id (e.g. {@value #ELASTICACHE_6}), in order; unmodifiable */
    public Map<String, ControlVerdict> controls() {
        return controls;
    }

    /** @return {@link CheckStatus#FAIL} when any check failed, else {@link CheckStatus#PASS} */
    public CheckStatus result() {
        return passed() ? CheckStatus.PASS : CheckStatus.FAIL;
    }

    /** @return true when no check has status {@link CheckStatus#FAIL} (PASS, WARN and SKIP all pass) */
    public boolean passed() {
        return checks.stream().noneMatch(result -> result.status() == CheckStatus.FAIL);
    }

    /** @return a multi-line summary: target, one line per check, controls and the result */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("VerificationReport[")
                .append(host).append(':').append(port).append(tls ? " tls" : " plaintext")
                .append(", version=").append(serverVersion == null ? "unknown" : serverVersion).append(']');
        for (CheckResult check : checks) {
            text.append("\n  ").append(check);
        }
        controls.forEach((control, verdict) -> text.append("\n  ").append(control).append(": ").append(verdict));
        return text.append("\n  result: ").append(result()).toString();
    }
}
