package io.github.redisauth;

import io.github.redisauth.internal.FixedTokenSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@link Verifier} checks and how: target, TLS trust, tokens and expectation, timeout, clock.
 * Create with {@link #builder()}; {@link Builder#build()} validates combinations.
 *
 * <p>Trust, when TLS is on: the JDK's default trust store unless a {@linkplain Builder#caCertificate(Path)
 * CA file} is given; {@linkplain Builder#insecure(boolean) insecure} trusts every certificate and skips
 * the host name check (both are reported).
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows token labels and fingerprints only.
 */
public final class VerifierSettings {

    /** Default host: {@value}. */
    public static final String DEFAULT_HOST = "localhost";
    /** Default port: {@value}. */
    public static final int DEFAULT_PORT = 6379;
    /** TLS is on by default (ElastiCache accepts AUTH tokens only on TLS clusters). */
    public static final boolean DEFAULT_TLS = true;
    /** Default bound on each network step (connect, handshake, each reply): 3 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** The longest accepted timeout: 10 minutes. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Without an explicit {@linkplain Builder#deadline(Duration) deadline}, the whole run is bounded by
     * this many step timeouts: {@value}. A healthy endpoint needs a small fraction of one timeout for
     * the whole run; a server that answers each step just inside the timeout is stopped here.
     */
    public static final int DEFAULT_DEADLINE_TIMEOUTS = 3;
    /** The default overall deadline with the default timeout: 9 seconds ({@value #DEFAULT_DEADLINE_TIMEOUTS} &times; 3s). */
    public static final Duration DEFAULT_DEADLINE = DEFAULT_TIMEOUT.multipliedBy(DEFAULT_DEADLINE_TIMEOUTS);
    /** The longest accepted overall deadline: 1 hour. */
    public static final Duration MAX_DEADLINE = Duration.ofHours(1);
    /** A certificate with less than this left gets a WARN: 30 days. */
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);
    /** Default expectation: {@link TokenExpectation#ENFORCED}. */
    public static final TokenExpectation DEFAULT_EXPECTATION = TokenExpectation.ENFORCED;

    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String host;
    private final int port;
    private final boolean tls;
    private final Path caCertificate;
    private final boolean insecure;
    private final String sniName;
    private final TokenSource tokens;
    private final TokenExpectation expectation;
    private final Duration timeout;
    private final Duration deadline;
    private final Duration expiryWarning;
    private final Clock clock;

    private VerifierSettings(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.tls = builder.tls;
        this.caCertificate = builder.caCertificate;
        this.insecure = builder.insecure;
        this.sniName = builder.sniName;
        this.tokens = builder.tokens;
        this.expectation = builder.expectation;
        this.timeout = builder.timeout;
        this.deadline = builder.deadline;
        this.expiryWarning = builder.expiryWarning;
        this.clock = builder.clock;
    }

    /** @return a builder with every default: localhost:6379, TLS with the default trust store, no token */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.host = host;
        builder.port = port;
        builder.tls = tls;
        builder.caCertificate = caCertificate;
        builder.insecure = insecure;
        builder.sniName = sniName;
        builder.tokens = tokens;
        builder.expectation = expectation;
        builder.timeout = timeout;
        builder.deadline = deadline;
        builder.expiryWarning = expiryWarning;
        builder.clock = clock;
        return builder;
    }

    /** @return the host name or address to check */
    public String host() {
        return host;
    }

    /** @return the port */
    public int port() {
        return port;
    }

    /** @return whether to use TLS */
    public boolean tls() {
        return tls;
    }

    /** @return the PEM file of CA certificates to trust instead of the default trust store, or empty */
    public Optional<Path> caCertificate() {
        return Optional.ofNullable(caCertificate);
    }

    /** @return true when every certificate is trusted and the host name is not checked */
    public boolean insecure() {
        return insecure;
    }

    /** @return the SNI name to send and to verify the certificate against, or empty (then the host is used) */
    public Optional<String> sniName() {
        return Optional.ofNullable(sniName);
    }

    /** @return the name the certificate must match: the SNI name when given, else the host */
    public String expectedServerName() {
        return sniName != null ? sniName : host;
    }

    /** @return where the candidate tokens come from; fetched once per verification */
    public TokenSource tokens() {
        return tokens;
    }

    /** @return what the tokens are expected to do */
    public TokenExpectation expectation() {
        return expectation;
    }

    /** @return the bound on each network step */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @return the bound on the whole run: the {@linkplain Builder#deadline(Duration) deadline given}, else
     *     {@value #DEFAULT_DEADLINE_TIMEOUTS} &times; {@link #timeout()}. Each step waits at most
     *     {@code min(timeout, time left)}; checks not finished when it passes are FAIL or SKIP.
     */
    public Duration deadline() {
        return deadline != null ? deadline : timeout.multipliedBy(DEFAULT_DEADLINE_TIMEOUTS);
    }

    /** @return the remaining validity under which a certificate gets a WARN */
    public Duration expiryWarning() {
        return expiryWarning;
    }

    /** @return the clock certificate expiry is measured with */
    public Clock clock() {
        return clock;
    }

    /**
     * Checks that a fetched token set fits the expectation: {@link TokenExpectation#ROTATE} and
     * {@link TokenExpectation#SET} need at least two tokens.
     *
     * @param candidates the tokens fetched from {@link #tokens()}
     * @throws IllegalArgumentException naming the expectation, the count and the rule
     */
    public void checkTokenCount(TokenSet candidates) {
        if (expectation != TokenExpectation.ENFORCED && candidates.size() < 2) {
            throw new IllegalArgumentException("expectation=" + expectation + " needs at least 2 tokens, got "
                    + candidates.size() + ": " + (expectation == TokenExpectation.ROTATE
                    ? "ROTATE checks that every token (the new and the old) is accepted"
                    : "SET checks that the first (new) token is accepted and the others (old) are rejected")
                    + "; use ENFORCED to check a single token");
        }
    }

    /** @return the settings in words; tokens as labels and fingerprints */
    @Override
    public String toString() {
        return "VerifierSettings[" + host + ":" + port + ", tls=" + tls
                + (caCertificate != null ? ", caCertificate=" + caCertificate : "")
                + (insecure ? ", insecure" : "")
                + (sniName != null ? ", sni=" + sniName : "")
                + ", tokens=" + tokens.description() + ", expectation=" + expectation
                + ", timeout=" + timeout + ", deadline=" + deadline() + ", expiryWarning=" + expiryWarning + "]";
    }

    /**
     * Builds {@link VerifierSettings}. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private boolean tls = DEFAULT_TLS;
        private Path caCertificate;
        private boolean insecure;
        private String sniName;
        private TokenSource tokens = new FixedTokenSource(TokenSet.empty());
        private TokenExpectation expectation = DEFAULT_EXPECTATION;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration deadline;
        private Duration expiryWarning = DEFAULT_EXPIRY_WARNING;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param host host name or IP address; default {@value VerifierSettings#DEFAULT_HOST}
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port 1 to 65535; default {@value VerifierSettings#DEFAULT_PORT}
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param tls whether to connect with TLS; default true
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * @param caCertificate a PEM file of CA certificates to trust instead of the default trust
         *     store; null for the default
         * @return this builder
         */
        public Builder caCertificate(Path caCertificate) {
            this.caCertificate = caCertificate;
            return this;
        }

        /**
         * @param insecure true to trust every certificate and skip the host name check (reported
         *     in the results); default false
         * @return this builder
         */
        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /**
         * @param sniName the server name to send (SNI) and to check the certificate against; null
         *     to use the host
         * @return this builder
         */
        public Builder sniName(String sniName) {
            this.sniName = sniName;
            return this;
        }

        /**
         * @param tokens the candidates to check, most preferred first; default none
         * @return this builder
         */
        public Builder tokens(TokenSet tokens) {
            this.tokens = new FixedTokenSource(Objects.requireNonNull(tokens, "tokens"));
            return this;
        }

        /**
         * @param tokens where to fetch the candidates from (fetched once per verification)
         * @return this builder
         */
        public Builder tokens(TokenSource tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /**
         * @param expectation what the tokens must do; default {@link TokenExpectation#ENFORCED}
         * @return this builder
         */
        public Builder expectation(TokenExpectation expectation) {
            this.expectation = Objects.requireNonNull(expectation, "expectation");
            return this;
        }

        /**
         * @param timeout the bound on each network step (connect, handshake, each reply); default 3s
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param deadline the bound on the whole run (every check together), at least the timeout and at
         *     most {@link VerifierSettings#MAX_DEADLINE}; null (the default) for
         *     {@value VerifierSettings#DEFAULT_DEADLINE_TIMEOUTS} &times; the timeout
         * @return this builder
         */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * @param expiryWarning a certificate with less validity left gets a WARN; default 30 days
         * @return this builder
         */
        public Builder expiryWarning(Duration expiryWarning) {
            this.expiryWarning = Objects.requireNonNull(expiryWarning, "expiryWarning");
            return this;
        }

        /**
         * @param clock the clock for certificate expiry; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Validates and builds. A fixed token set is checked against the expectation here; a
         * {@link TokenSource} is checked when the verifier fetches it.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the setting, the bad value and the rule broken
         */
        public VerifierSettings build() {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host='" + host + "' is blank: give a host name or IP address");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port=" + port + " is out of range: a TCP port is 1 to 65535");
            }
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout=" + timeout + " is out of range: it must be more than 0 and at most "
                        + MAX_TIMEOUT);
            }
            if (deadline != null && (deadline.compareTo(timeout) < 0 || deadline.compareTo(MAX_DEADLINE) > 0)) {
                throw new IllegalArgumentException("deadline=" + deadline + " is out of range for timeout=" + timeout
                        + ": the overall deadline must be at least the timeout of one step and at most " + MAX_DEADLINE);
            }
            if (expiryWarning.isNegative()) {
                throw new IllegalArgumentException("expiryWarning=" + expiryWarning + " is negative: it must be 0 or more");
            }
            if (!tls) {
                requireTls("caCertificate", caCertificate);
                requireTls("insecure", insecure ? Boolean.TRUE : null);
                requireTls("sniName", sniName);
            }
            if (insecure && caCertificate != null) {
                throw new IllegalArgumentException("insecure=true cannot be combined with caCertificate=" + caCertificate
                        + ": insecure trusts every certificate, a CA file trusts only its CAs; choose one");
            }
            if (caCertificate != null && !(Files.isRegularFile(caCertificate) && Files.isReadable(caCertificate))) {
                throw new IllegalArgumentException("caCertificate=" + caCertificate + " is not a readable file: give a PEM file of CA certificates");
            }
            if (sniName != null && (IPV4.matcher(sniName).matches() || sniName.contains(":") || !DNS_NAME.matcher(sniName).matches())) {
                throw new IllegalArgumentException("sniName=" + sniName + " is not a DNS host name: SNI carries a name such as "
                        + "master.example.cache.amazonaws.com, never an IP address");
            }
            if (tokens instanceof FixedTokenSource fixed) {
                VerifierSettings settings = new VerifierSettings(this);
                settings.checkTokenCount(fixed.fetch());
                return settings;
            }
            return new VerifierSettings(this);
        }

        private void requireTls(String setting, Object value) {
            if (value != null) {
                throw new IllegalArgumentException(setting + "=" + value + " needs tls=true: it only applies to TLS connections");
            }
        }
    }
}
