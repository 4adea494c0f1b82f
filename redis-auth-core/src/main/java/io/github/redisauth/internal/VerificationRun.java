package io.github.redisauth.internal;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.CheckId;
import io.github.redisauth.CheckResult;
import io.github.redisauth.CheckStatus;
import io.github.redisauth.ControlVerdict;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.TokenExpectation;
import io.github.redisauth.TokenRule;
import io.github.redisauth.TokenSet;
import io.github.redisauth.VerificationReport;
import io.github.redisauth.VerifierSettings;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the verifier: the checks of {@link CheckId} in order, on JDK socket connections of its
 * own, with its own one-thread watchdog for deadlines (shut down at the end). Use once, from one thread.
 */
public final class VerificationRun {

    private static final Logger log = LoggerFactory.getLogger(VerificationRun.class);
    private static final Pattern REDIS_VERSION = Pattern.compile("(?m)^redis_version:([0-9A-Za-z.\\-]{1,64})\\s*$");
    private static final String RANDOM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** The detail when a TLS handshake meets a plaintext server. */
    public static final String PLAINTEXT_SERVER = "server answered in plaintext: is TLS enabled on this endpoint? (--tls)";
    /** The detail when a plaintext PING meets a TLS server. */
    public static final String TLS_SERVER = "server speaks TLS: this endpoint needs TLS (--tls)";

    private final VerifierSettings settings;
    private final List<CheckResult> results = new ArrayList<>();
    private final List<RespConnection> open = new ArrayList<>();
    private final List<AuthToken> secrets = new ArrayList<>();
    private ScheduledExecutorService watchdog;
    private InetAddress address;
    private SSLContext sslContext;
    private Boolean authEnforced;
    private String serverVersion;
    private RunDeadline deadline = RunDeadline.none();
    /** The check under way, for a failure that ends the run early. */
    private CheckId current = CheckId.TOKEN_RULES;

    /** The shortest beginning or end of a token that is redacted on its own (a token cut by an excerpt). */
    private static final int PARTIAL_TOKEN_MIN = 12;
    /** How many characters of server text a detail shows. */
    static final int SERVER_TEXT_SHOWN = 200;
    /** How long a detail may be at all. */
    static final int DETAIL_MAX = 1000;
    /** How long (at most: never more than the timeout) to listen for a server that speaks first after a failed TLS handshake. */
    private static final Duration SPEAKS_FIRST_WAIT = Duration.ofSeconds(1);

    /**
     * @param settings validated settings
     */
    public VerificationRun(VerifierSettings settings) {
        this.settings = settings;
    }

    /**
     * Runs every check.
     *
     * @return the report
     * @throws io.github.redisauth.TokenSourceException when the tokens cannot be fetched
     * @throws IllegalArgumentException when the tokens do not fit the expectation or the CA file is unusable
     */
    public VerificationReport run() {
        TokenSet tokens = settings.tokens().fetch();
        settings.checkTokenCount(tokens);
        secrets.addAll(tokens.candidates());
        TrustAnchors trust = settings.tls() && !settings.insecure()
                ? settings.caCertificate().map(TrustAnchors::fromPemFile).orElseGet(TrustAnchors::systemDefault)
                : null;
        deadline = RunDeadline.after(settings.deadline());
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "redis-auth-verifier-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        try {
            checkTokenRules(tokens);
            runChecks(tokens, trust);
        } catch (DeadlinePassed e) {
            finishAfter(tokens, false, deadline.passedMessage() + " before this check ran", "not run: " + deadline.passedMessage());
        } catch (RuntimeException | Error e) {
            // Defensive: every input is bounded, so this should never happen; a library caller still gets a report.
            log.debug("check {} ended with {}", current, e.getClass().getName());
            finishAfter(tokens, true, "the check failed unexpectedly: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), "not run: " + current + " failed unexpectedly");
        } finally {
            open.forEach(RespConnection::close);
            watchdog.shutdownNow();
        }
        Map<String, ControlVerdict> controls = new LinkedHashMap<>();
        controls.put(VerificationReport.ELASTICACHE_6, elastiCache6());
        return new VerificationReport(settings.host(), settings.port(), settings.tls(), serverVersion, List.copyOf(results), controls);
    }

    /** token-rules: ElastiCache's AUTH token rules, judged without sending anything. */
    private void checkTokenRules(TokenSet tokens) {
        long start = System.nanoTime();
        if (tokens.isEmpty()) {
            add(CheckId.TOKEN_RULES, CheckStatus.SKIP, "no token supplied", start);
            return;
        }
        List<String> broken = new ArrayList<>();
        for (AuthToken token : tokens.candidates()) {
            var violations = token.violations();
            if (!violations.isEmpty()) {
                broken.add(subject(token) + " breaks ElastiCache's rule" + (violations.size() == 1 ? " " : "s ")
                        + violations.stream().map(rule -> "\"" + rule.description() + "\"").collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        if (broken.isEmpty()) {
            add(CheckId.TOKEN_RULES, CheckStatus.PASS, (tokens.size() == 1 ? "the token follows" : "all " + tokens.size()
                    + " tokens follow") + " ElastiCache's AUTH token rules (16-128 printable ASCII characters, specials only "
                    + TokenRule.ALLOWED_SPECIALS + ")", start);
        } else {
            add(CheckId.TOKEN_RULES, CheckStatus.WARN, String.join("; ", broken)
                    + " (ElastiCache refuses such a token in modify-replication-group)", start);
        }
    }

    /** Marks the check under way; stops the run when the overall deadline passed. */
    private void begin(CheckId check) {
        current = check;
        if (deadline.passed()) {
            throw new DeadlinePassed();
        }
    }

    /**
     * Ends a run cut short: the check under way and every later one that has no result yet get one.
     * The first gets FAIL with {@code firstReason} (when {@code failFirst} is false, only if no check failed
     * yet, else SKIP), the rest SKIP with {@code restReason}.
     */
    private void finishAfter(TokenSet tokens, boolean failFirst, String firstReason, String restReason) {
        boolean failed = !failFirst && results.stream().anyMatch(result -> result.status() == CheckStatus.FAIL);
        boolean first = true;
        for (CheckId check : CheckId.values()) {
            if (check.ordinal() < current.ordinal()) {
                continue;
            }
            List<String> subjects = new ArrayList<>();
            if (check == CheckId.AUTH_TOKEN && !tokens.isEmpty()) {
                tokens.candidates().forEach(token -> subjects.add(subject(token)));
            } else {
                subjects.add(null);
            }
            for (String subject : subjects) {
                boolean present = results.stream().anyMatch(result -> result.check() == check
                        && java.util.Objects.equals(result.subject().orElse(null), subject));
                if (present) {
                    continue;
                }
                CheckStatus status = first && !failed ? CheckStatus.FAIL : CheckStatus.SKIP;
                String why = first ? firstReason : restReason;
                String detail = subject == null ? why : subject + (first ? ": " : " ") + why;
                CheckResult result = subject == null ? CheckResult.of(check, status, redact(detail), 0)
                        : CheckResult.about(check, subject, status, redact(detail), 0);
                log.debug("{}", result);
                results.add(result);
                first = false;
            }
        }
    }

    /** The run's overall deadline passed between two checks. */
    private static final class DeadlinePassed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed() {
            super("deadline passed", null, false, false);
        }
    }

    private void runChecks(TokenSet tokens, TrustAnchors trust) {
        // tcp-connect
        begin(CheckId.TCP_CONNECT);
        long start = System.nanoTime();
        RespConnection probe;
        try {
            address = resolve();
            probe = track(connectTo());
            add(CheckId.TCP_CONNECT, CheckStatus.PASS, "connected to " + settings.host() + ":" + settings.port()
                    + (settings.host().equals(address.getHostAddress()) ? "" : " (" + address.getHostAddress() + ")"), start);
        } catch (StepFailure e) {
            add(CheckId.TCP_CONNECT, CheckStatus.FAIL, e.getMessage(), start);
            skipFrom(CheckId.TLS_HANDSHAKE, tokens, "tcp-connect failed");
            return;
        }

        // tls-handshake, tls-hostname, tls-certificate-expiry
        if (settings.tls()) {
            String blocked = checkTls(probe, trust);
            if (blocked != null) {
                skipFrom(CheckId.AUTH_REQUIRED, tokens, blocked);
                return;
            }
        } else {
            String why = "TLS is off (--tls not given)";
            add(CheckId.TLS_HANDSHAKE, CheckStatus.SKIP, why, System.nanoTime());
            add(CheckId.TLS_HOSTNAME, CheckStatus.SKIP, why, System.nanoTime());
            add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.SKIP, why, System.nanoTime());
        }

        // auth-required
        begin(CheckId.AUTH_REQUIRED);
        start = System.nanoTime();
        try {
            RespReply reply = probe.command("PING");
            AuthReply meaning = reply.isError() ? ReplyClassifier.classify(reply.text()) : AuthReply.OTHER;
            if (meaning == AuthReply.AUTH_REQUIRED) {
                authEnforced = true;
                add(CheckId.AUTH_REQUIRED, CheckStatus.PASS, "PING without a token answered " + shown(reply), start);
            } else if (reply.isPong()) {
                authEnforced = false;
                add(CheckId.AUTH_REQUIRED, CheckStatus.FAIL, "AUTH is not enforced: PING without a token answered +PONG, so "
                        + "clients without a token are served (on ElastiCache: the state after ROTATE without SET)", start);
            } else {
                add(CheckId.AUTH_REQUIRED, CheckStatus.FAIL, "unexpected reply to PING: " + shown(reply), start);
            }
        } catch (StepFailure e) {
            String detail = e.getMessage();
            if (!settings.tls() && e.reason() != StepFailure.Reason.TLS_SERVER && e.reason() != StepFailure.Reason.TIMEOUT
                    && e.reason() != StepFailure.Reason.DEADLINE && answersTls()) {
                detail = TLS_SERVER + " (" + detail + ")";
            }
            add(CheckId.AUTH_REQUIRED, CheckStatus.FAIL, detail, start);
            skipFrom(CheckId.AUTH_TOKEN, tokens, "the server did not answer PING");
            return;
        }

        // auth-token, one per candidate, each on a fresh connection
        RespConnection authenticated = null;
        String authenticatedLabel = null;
        begin(CheckId.AUTH_TOKEN);
        if (tokens.isEmpty()) {
            add(CheckId.AUTH_TOKEN, CheckStatus.SKIP, "no token supplied", System.nanoTime());
        }
        for (int i = 0; i < tokens.size(); i++) {
            begin(CheckId.AUTH_TOKEN);
            AuthToken token = tokens.candidates().get(i);
            RespConnection connection = checkToken(token, i == 0);
            if (connection != null && authenticated == null) {
                authenticated = connection;
                authenticatedLabel = subject(token);
            } else if (connection != null) {
                connection.close();
            }
        }

        // wrong-token-rejected, on the probe connection
        begin(CheckId.WRONG_TOKEN_REJECTED);
        start = System.nanoTime();
        char[] random = randomToken();
        try {
            RespReply reply = probe.auth(random);
            AuthReply meaning = reply.isError() ? ReplyClassifier.classify(reply.text()) : AuthReply.OTHER;
            if (meaning == AuthReply.REJECTED) {
                add(CheckId.WRONG_TOKEN_REJECTED, CheckStatus.PASS, "a random token was rejected: " + shown(reply), start);
            } else if (reply.isOk()) {
                add(CheckId.WRONG_TOKEN_REJECTED, CheckStatus.FAIL, "a random token was ACCEPTED: the server accepts any token", start);
            } else if (meaning == AuthReply.NO_PASSWORD_SET) {
                add(CheckId.WRONG_TOKEN_REJECTED, CheckStatus.FAIL, "not rejected: the server has no password set ("
                        + shown(reply) + ")", start);
            } else {
                add(CheckId.WRONG_TOKEN_REJECTED, CheckStatus.FAIL, "unexpected reply to AUTH: " + shown(reply), start);
            }
        } catch (StepFailure e) {
            add(CheckId.WRONG_TOKEN_REJECTED, CheckStatus.FAIL, e.getMessage(), start);
        } finally {
            Arrays.fill(random, '\0');
        }

        // ping, server-version: on the first authenticated connection, or without AUTH when not enforced
        RespConnection session = authenticated;
        String how = "after AUTH with " + authenticatedLabel;
        begin(CheckId.PING);
        if (session == null && Boolean.FALSE.equals(authEnforced)) {
            session = reconnect();
            how = "without AUTH (not enforced)";
        }
        if (session == null) {
            String why = tokens.isEmpty() ? "no token supplied, and the server requires one" : "no token was accepted";
            add(CheckId.PING, CheckStatus.SKIP, why, System.nanoTime());
            add(CheckId.SERVER_VERSION, CheckStatus.SKIP, why, System.nanoTime());
            return;
        }
        start = System.nanoTime();
        try {
            RespReply reply = session.command("PING");
            add(CheckId.PING, reply.isPong() ? CheckStatus.PASS : CheckStatus.FAIL,
                    (reply.isPong() ? "PONG " : "unexpected reply " + shown(reply) + " ") + how, start);
        } catch (StepFailure e) {
            add(CheckId.PING, CheckStatus.FAIL, e.getMessage(), start);
        }
        begin(CheckId.SERVER_VERSION);
        start = System.nanoTime();
        try {
            RespReply reply = session.command("INFO", "server");
            Matcher version = REDIS_VERSION.matcher(reply.kind() == RespReply.Kind.BULK ? reply.text() : "");
            if (version.find()) {
                // The version reaches the report, JSON and the ElastiCache.6 line: never a token a server put there.
                serverVersion = withoutTokens(version.group(1));
                add(CheckId.SERVER_VERSION, CheckStatus.PASS, "redis_version " + serverVersion, start);
            } else {
                add(CheckId.SERVER_VERSION, CheckStatus.FAIL, "INFO server gave no redis_version: " + shown(reply), start);
            }
        } catch (StepFailure e) {
            add(CheckId.SERVER_VERSION, CheckStatus.FAIL, e.getMessage(), start);
        }
    }

    /** @return null when the connection may go on to AUTH, else why not */
    private String checkTls(RespConnection probe, TrustAnchors trust) {
        begin(CheckId.TLS_HANDSHAKE);
        long start = System.nanoTime();
        SSLSession session;
        try {
            session = probe.startTls(sslContext(), settings.expectedServerName(), settings.port(), sniName());
        } catch (StepFailure e) {
            String detail = e.getMessage();
            String unasked = e.reason() == StepFailure.Reason.DEADLINE || e.reason() == StepFailure.Reason.CLOSED ? null
                    : RespConnection.spokeFirst(address, settings.port(),
                    settings.timeout().compareTo(SPEAKS_FIRST_WAIT) < 0 ? settings.timeout() : SPEAKS_FIRST_WAIT, deadline);
            if (unasked != null) {
                detail = "the server spoke first / sent non-TLS data: " + unasked + " (a TLS server waits for the client: "
                        + "is this a Redis TLS endpoint?)" + (e.reason() == StepFailure.Reason.PLAINTEXT_SERVER ? "" : "; " + detail);
            } else if ((e.reason() == StepFailure.Reason.TIMEOUT || e.reason() == StepFailure.Reason.CLOSED) && answersPlaintext()) {
                detail = PLAINTEXT_SERVER + " (" + detail + ")";
            }
            add(CheckId.TLS_HANDSHAKE, CheckStatus.FAIL, detail, start);
            add(CheckId.TLS_HOSTNAME, CheckStatus.SKIP, "tls-handshake failed", System.nanoTime());
            add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.SKIP, "tls-handshake failed", System.nanoTime());
            return "tls-handshake failed";
        }
        List<X509Certificate> chain = peerChain(session);
        Instant now = settings.clock().instant();
        String summary = session.getProtocol() + " " + session.getCipherSuite() + "; chain: " + describeChain(chain);
        String blocked = null;
        if (trust == null) {
            add(CheckId.TLS_HANDSHAKE, CheckStatus.WARN, summary + "; chain NOT verified (insecure)", start);
        } else {
            var untrusted = trust.untrustedReason(chain, now);
            if (untrusted.isPresent()) {
                add(CheckId.TLS_HANDSHAKE, CheckStatus.FAIL, "untrusted certificate chain: " + untrusted.get() + "; " + summary, start);
                blocked = "tls-handshake failed (untrusted certificate chain): no token is sent to this server";
            } else {
                add(CheckId.TLS_HANDSHAKE, CheckStatus.PASS, summary + "; trusted by " + trust.description(), start);
            }
        }

        begin(CheckId.TLS_HOSTNAME);
        start = System.nanoTime();
        String expected = settings.expectedServerName();
        if (settings.insecure()) {
            add(CheckId.TLS_HOSTNAME, CheckStatus.SKIP, "not checked: insecure", start);
        } else if (chain.isEmpty()) {
            add(CheckId.TLS_HOSTNAME, CheckStatus.FAIL, "the server sent no certificate", start);
            blocked = blocked != null ? blocked : "tls-hostname failed";
        } else {
            String matched = CertificateNames.match(chain.get(0), expected);
            if (matched != null) {
                add(CheckId.TLS_HOSTNAME, CheckStatus.PASS, "certificate matches " + expected + " (" + matched + ")", start);
            } else {
                add(CheckId.TLS_HOSTNAME, CheckStatus.FAIL, "certificate does not match " + expected + ": it names "
                        + String.join(", ", CertificateNames.names(chain.get(0)))
                        + (settings.sniName().isPresent() ? "" : " (use --sni NAME when connecting through another name)"), start);
                blocked = blocked != null ? blocked : "tls-hostname failed: no token is sent to this server";
            }
        }

        begin(CheckId.TLS_CERTIFICATE_EXPIRY);
        start = System.nanoTime();
        if (chain.isEmpty()) {
            add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.SKIP, "the server sent no certificate", start);
        } else {
            X509Certificate leaf = chain.get(0);
            X509Certificate first = chain.stream().min((a, b) -> a.getNotAfter().compareTo(b.getNotAfter())).orElse(leaf);
            String which = first == leaf ? "certificate" : "chain certificate " + first.getSubjectX500Principal().getName();
            Instant notAfter = first.getNotAfter().toInstant();
            Instant notBefore = leaf.getNotBefore().toInstant();
            long daysLeft = Duration.between(now, notAfter).toDays();
            if (now.isBefore(notBefore)) {
                add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.FAIL, "certificate not valid before " + DAY.format(notBefore), start);
                blocked = blocked != null ? blocked : "tls-certificate-expiry failed";
            } else if (!now.isBefore(notAfter)) {
                add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.FAIL, which + " expired on " + DAY.format(notAfter)
                        + " (" + days(Duration.between(notAfter, now).toDays()) + " ago)", start);
                blocked = blocked != null ? blocked : "tls-certificate-expiry failed (expired certificate): no token is sent to this server";
            } else if (Duration.between(now, notAfter).compareTo(settings.expiryWarning()) < 0) {
                add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.WARN, which + " expires on " + DAY.format(notAfter)
                        + " (" + days(daysLeft) + " left, under " + days(settings.expiryWarning().toDays()) + ")", start);
            } else {
                add(CheckId.TLS_CERTIFICATE_EXPIRY, CheckStatus.PASS, "valid until " + DAY.format(notAfter)
                        + " (" + days(daysLeft) + " left)", start);
            }
        }
        return blocked;
    }

    /** After a TLS handshake timed out or was closed: does the port answer plaintext RESP? */
    private boolean answersPlaintext() {
        try (RespConnection plain = connectTo()) {
            RespReply reply = plain.command("PING");
            log.debug("plaintext probe answered {}", shown(reply));
            return true;
        } catch (StepFailure e) {
            log.debug("plaintext probe: {}", redact(e.getMessage()));
            return false;
        }
    }

    /** After a plaintext PING was cut off: does the port complete a TLS handshake? */
    private boolean answersTls() {
        try (RespConnection secure = connectTo()) {
            secure.startTls(sslContext(), settings.expectedServerName(), settings.port(), sniName());
            return true;
        } catch (StepFailure e) {
            log.debug("TLS probe: {}", redact(e.getMessage()));
            return false;
        }
    }

    /** @return the authenticated connection when the token was accepted, else null */
    private RespConnection checkToken(AuthToken token, boolean preferred) {
        long start = System.nanoTime();
        String subject = subject(token);
        TokenExpectation expectation = settings.expectation();
        boolean mustBeAccepted = preferred || expectation == TokenExpectation.ROTATE;
        boolean mustBeRejected = !preferred && expectation == TokenExpectation.SET;
        RespConnection connection = null;
        char[] value = token.value();
        try {
            connection = reconnectOrFail();
            RespReply reply = connection.auth(value);
            AuthReply meaning = reply.isError() ? ReplyClassifier.classify(reply.text()) : AuthReply.OTHER;
            if (reply.isOk()) {
                if (mustBeRejected) {
                    addToken(subject, CheckStatus.FAIL, subject + " still accepted: with --expect set every token but the first "
                            + "must be rejected (finish the rotation: SET the new token)", start);
                } else {
                    addToken(subject, CheckStatus.PASS, subject + " accepted", start);
                }
                return connection;
            }
            connection.close();
            if (meaning == AuthReply.REJECTED) {
                if (mustBeRejected) {
                    addToken(subject, CheckStatus.PASS, subject + " rejected, as expected after SET (" + shown(reply) + ")", start);
                } else if (mustBeAccepted) {
                    addToken(subject, CheckStatus.FAIL, subject + " rejected: " + shown(reply), start);
                } else {
                    addToken(subject, CheckStatus.PASS, subject + " rejected (only the first token must be accepted with --expect "
                            + "enforced): " + shown(reply), start);
                }
            } else if (meaning == AuthReply.NO_PASSWORD_SET) {
                addToken(subject, CheckStatus.FAIL, subject + " not checked: the server has no password set, AUTH is not enforced ("
                        + shown(reply) + ")", start);
            } else {
                addToken(subject, CheckStatus.FAIL, subject + ": unexpected reply to AUTH: " + shown(reply), start);
            }
            return null;
        } catch (StepFailure e) {
            if (connection != null) {
                connection.close();
            }
            addToken(subject, CheckStatus.FAIL, subject + ": " + e.getMessage(), start);
            return null;
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    private RespConnection reconnect() {
        try {
            return reconnectOrFail();
        } catch (StepFailure e) {
            log.debug("reconnect failed: {}", redact(e.getMessage()));
            return null;
        }
    }

    private RespConnection reconnectOrFail() throws StepFailure {
        RespConnection connection = track(connectTo());
        if (settings.tls()) {
            connection.startTls(sslContext(), settings.expectedServerName(), settings.port(), sniName());
        }
        return connection;
    }

    private RespConnection connectTo() throws StepFailure {
        return RespConnection.connect(address, settings.port(), settings.timeout(), deadline, watchdog);
    }

    private RespConnection track(RespConnection connection) {
        open.add(connection);
        return connection;
    }

    private InetAddress resolve() throws StepFailure {
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(settings.host());
            } catch (java.net.UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, task -> {
            // Its own daemon thread, not the common pool: that pool may be one busy thread in the
            // application embedding the verifier, and a stuck lookup must not outlive the run's deadline.
            Thread thread = new Thread(task, "redis-auth-verifier-resolve");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return lookup.get(Math.max(1, Math.min(settings.timeout().toNanos(), deadline.left())), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new StepFailure(StepFailure.Reason.TIMEOUT, "cannot resolve " + settings.host() + " within "
                    + Durations.format(settings.timeout()), e);
        } catch (ExecutionException e) {
            throw new StepFailure(StepFailure.Reason.OTHER, "unknown host " + settings.host(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepFailure.Reason.OTHER, "interrupted while resolving " + settings.host(), e);
        }
    }

    private SSLContext sslContext() throws StepFailure {
        if (sslContext == null) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new AcceptEveryChain()}, null);
                sslContext = context;
            } catch (GeneralSecurityException e) {
                throw new StepFailure(StepFailure.Reason.OTHER, "cannot create the TLS context: " + e.getMessage(), e);
            }
        }
        return sslContext;
    }

    /**
     * Lets every handshake complete so that the checks can report why a chain is untrusted or names
     * another host (TrustAnchors, CertificateNames) instead of a bare handshake failure. Used only by
     * this run's own context. Extended, so that the JDK does not wrap it with checks of its own.
     */
    private static final class AcceptEveryChain extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** SNI: the given name, else the host when it is a DNS name (never an IP address). */
    private String sniName() {
        if (settings.sniName().isPresent()) {
            return settings.sniName().get();
        }
        String host = settings.host();
        boolean ipLiteral = host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        return ipLiteral ? null : host;
    }

    private static List<X509Certificate> peerChain(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            log.debug("no peer certificates: {}", e.getMessage());
        }
        return chain;
    }

    private static String describeChain(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return "none";
        }
        List<String> subjects = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            subjects.add(certificate.getSubjectX500Principal().getName());
        }
        return String.join(" <- ", subjects) + " (issuer " + chain.get(chain.size() - 1).getIssuerX500Principal().getName() + ")";
    }

    private ControlVerdict elastiCache6() {
        if (serverVersion == null) {
            return ControlVerdict.UNKNOWN;
        }
        int major;
        try {
            major = Integer.parseInt(serverVersion.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return ControlVerdict.UNKNOWN;
        }
        if (major >= 6) {
            return ControlVerdict.NOT_APPLICABLE;
        }
        if (authEnforced == null) {
            return ControlVerdict.UNKNOWN;
        }
        return authEnforced ? ControlVerdict.PASS : ControlVerdict.FAIL;
    }

    private void skipFrom(CheckId first, TokenSet tokens, String why) {
        for (CheckId check : CheckId.values()) {
            if (check.ordinal() < first.ordinal()) {
                continue;
            }
            if (check == CheckId.AUTH_TOKEN && !tokens.isEmpty()) {
                for (AuthToken token : tokens.candidates()) {
                    results.add(CheckResult.about(check, subject(token), CheckStatus.SKIP, subject(token) + " not checked: " + why, 0));
                }
            } else {
                results.add(CheckResult.of(check, CheckStatus.SKIP, why, 0));
            }
        }
    }

    private void add(CheckId check, CheckStatus status, String detail, long startNanos) {
        // Redacted before it is logged or kept: a server may echo a token in any reply.
        CheckResult result = CheckResult.of(check, status, redact(detail), elapsedMillis(startNanos));
        log.debug("{}", result);
        results.add(result);
    }

    private void addToken(String subject, CheckStatus status, String detail, long startNanos) {
        CheckResult result = CheckResult.about(CheckId.AUTH_TOKEN, subject, status, redact(detail), elapsedMillis(startNanos));
        log.debug("{}", result);
        results.add(result);
    }

    private static long elapsedMillis(long startNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static String days(long count) {
        return count == 1 ? "1 day" : count + " days";
    }

    private static String subject(AuthToken token) {
        return token.label() + "#" + token.fingerprint();
    }

    /** A reply as a detail shows it: token values replaced, control characters replaced, long text cut (length said). */
    private String shown(RespReply reply) {
        return Printable.excerpt(withoutTokens(reply.display()), SERVER_TEXT_SHOWN);
    }

    /**
     * Makes a text fit for a detail or a log line: every token value (as a server may echo it) replaced by
     * {@code <label#fingerprint>}, then control characters replaced and the text cut to {@link #DETAIL_MAX}.
     * Redaction comes first: it must see the token as the server echoed it, whole.
     */
    private String redact(String text) {
        return Printable.excerpt(withoutTokens(text), DETAIL_MAX);
    }

    /** @return the text with every token value replaced by {@code <label#fingerprint>}; "" for null */
    private String withoutTokens(String text) {
        if (text == null) {
            return "";
        }
        String detail = text;
        for (AuthToken token : secrets) {
            String value = token.valueAsString();
            if (!value.isEmpty() && detail.contains(value)) {
                detail = detail.replace(value, "<" + subject(token) + ">");
            }
            // A token cut by an excerpt (a reader shows 20 characters of a malformed line, a detail 200):
            // its beginning or its end, from PARTIAL_TOKEN_MIN characters on, is redacted too.
            for (int length = value.length() - 1; length >= PARTIAL_TOKEN_MIN; length--) {
                String head = value.substring(0, length);
                String tail = value.substring(value.length() - length);
                if (detail.contains(head)) {
                    detail = detail.replace(head, "<part of " + subject(token) + ">");
                }
                if (detail.contains(tail)) {
                    detail = detail.replace(tail, "<part of " + subject(token) + ">");
                }
            }
        }
        return detail;
    }

    private static char[] randomToken() {
        SecureRandom random = new SecureRandom();
        char[] token = new char[32];
        for (int i = 0; i < token.length; i++) {
            token[i] = RANDOM_ALPHABET.charAt(random.nextInt(RANDOM_ALPHABET.length()));
        }
        return token;
    }
}
