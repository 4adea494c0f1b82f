package io.github.redisauth.cli;

import io.github.redisauth.CheckId;
import io.github.redisauth.CheckStatus;
import io.github.redisauth.TokenExpectation;
import io.github.redisauth.TokenSet;
import io.github.redisauth.VerificationReport;
import io.github.redisauth.Verifier;
import io.github.redisauth.VerifierSettings;
import io.github.redisauth.cli.internal.ConfigurationException;
import io.github.redisauth.cli.internal.DurationParser;
import io.github.redisauth.cli.internal.HumanReport;
import io.github.redisauth.cli.internal.JsonReport;
import io.github.redisauth.cli.internal.JunitReport;
import io.github.redisauth.cli.internal.StandardOptions;
import io.github.redisauth.cli.internal.TargetOptions;
import io.github.redisauth.cli.internal.TokenOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code redis-auth verify}: runs the {@link Verifier} against one endpoint and prints the report
 * (text, or one JSON object with {@code --json}; JUnit XML with {@code --junit FILE}).
 *
 * <p>Token candidates, most preferred first: the token of {@code --uri} (label {@code uri}), then
 * {@code --token} ({@code arg}), then each {@code --token-env VAR} in order ({@code env:VAR}), then
 * the lines of {@code --token-file} ({@code file:PATH#LINE}), then the stages of {@code --token-secret}
 * ({@code AWSCURRENT}, {@code AWSPENDING}, {@code AWSPREVIOUS}).
 */
@Command(name = "verify", sortOptions = false,
        description = {"Check a Redis endpoint the way you check an ElastiCache.6 remediation "
                + "(redis-cli --tls + AUTH), and more: TCP, TLS trust, host name and expiry, AUTH enforced, "
                + "each token accepted or rejected as expected, a random token rejected, PING, server version; "
                + "token-rules warns when a token breaks ElastiCache's AUTH token rules.",
                "",
                "Exit codes: 0 every check PASS/WARN/SKIP; 1 a check FAILed, or token-rules WARNed (a token ElastiCache would refuse); "
                        + "2 usage or configuration error."},
        footer = {"", "Example (ElastiCache):",
                "  redis-auth verify -h master.xxx.cache.amazonaws.com --tls --token-env REDIS_AUTH_TOKEN"})
public final class VerifyCommand implements Callable<Integer> {

    private final UnaryOperator<String> environment;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--insecure", description = "Trust any certificate and skip the host name check (reported).")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "NAME", description = "Server name to send (SNI) and to check the certificate against.")
    String sniName;

    @Mixin
    TokenOptions tokenOptions = new TokenOptions();

    @Option(names = "--allow-plaintext", description = "Allow sending a token without TLS (local development only); "
            + "without it, a token and no --tls is a configuration error.")
    boolean allowPlaintext;

    @Option(names = "--expect", paramLabel = "enforced|rotate|set", defaultValue = "enforced",
            description = "enforced: the first token is accepted (default); rotate: every token is accepted; "
                    + "set: the first is accepted and every other rejected.")
    String expect;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "Bound on each network step: connect, handshake, each reply (default: 3s; e.g. 500ms, 1m).")
    String timeout;

    @Option(names = "--deadline", paramLabel = "DURATION",
            description = "Bound on the whole run, every check together (default: 3 x --timeout, e.g. 9s); "
                    + "checks not done when it passes FAIL or SKIP. At least --timeout.")
    String deadline;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    Path junit;

    @Mixin
    StandardOptions standard = new StandardOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param environment looks up environment variables ({@code --token-env}, {@code NO_COLOR})
     */
    public VerifyCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * Runs the verification.
     *
     * @return the exit code: 0 passed, 1 a check failed or a token breaks ElastiCache's rules
     * @throws ConfigurationException (and picocli maps it to exit code 2) for configuration errors
     */
    @Override
    public Integer call() {
        standard.applyLogLevel();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerifierSettings settings = settings(err);
        if (junit != null) {
            checkWritable(junit);
        }
        VerificationReport report = Verifier.verify(settings);
        if (json) {
            out.println(JsonReport.toJson(report));
        } else {
            boolean colour = System.console() != null && environment.apply("NO_COLOR") == null;
            out.print(HumanReport.toText(report, colour));
        }
        out.flush();
        if (junit != null) {
            try {
                Files.writeString(junit, JunitReport.toXml(report), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw cannotWrite(junit, e);
            }
        }
        return report.passed() && !breaksTokenRules(report) ? RedisAuthCommand.EXIT_OK : RedisAuthCommand.EXIT_FAILED;
    }

    /*
     * The report keeps token-rules a WARN (a self-managed Redis accepts such a token), but the command
     * exits 1: ElastiCache refuses these tokens, so a pipeline meant for it must not go green with one.
     */
    private static boolean breaksTokenRules(VerificationReport report) {
        return report.results(CheckId.TOKEN_RULES).stream().anyMatch(result -> result.status() == CheckStatus.WARN);
    }

    private VerifierSettings settings(PrintWriter err) {
        TargetOptions.Endpoint endpoint = target.resolve(insecure ? "--insecure" : sniName != null ? "--sni" : null);
        TokenSet tokens = tokenOptions.readOnce(target.uriToken(), environment, err);
        Duration stepTimeout = DurationParser.parse(timeout);
        Duration overall = deadline == null ? null : DurationParser.parse(deadline);
        if (overall != null && overall.compareTo(stepTimeout) < 0) {
            throw new ConfigurationException("--deadline " + deadline + " is shorter than --timeout " + timeout
                    + ": the deadline bounds the whole run and must be at least one step's timeout");
        }
        TokenExpectation expectation = parseExpectation(expect);
        if (insecure && target.caCertificate() != null) {
            throw new ConfigurationException("--insecure cannot be combined with --cacert: --insecure trusts every certificate, "
                    + "--cacert trusts only its CAs; choose one");
        }
        if (expectation != TokenExpectation.ENFORCED && tokens.size() < 2) {
            throw new ConfigurationException("--expect " + expect + " needs at least 2 different tokens, got " + tokens.size()
                    + ": " + (expectation == TokenExpectation.ROTATE ? "rotate checks that the new and the old token are both accepted"
                    : "set checks that the new (first) token is accepted and the old ones rejected"));
        }
        if (!endpoint.tls() && !tokens.isEmpty() && !allowPlaintext) {
            throw new ConfigurationException(PLAINTEXT_REFUSED);
        }
        try {
            return VerifierSettings.builder().host(endpoint.host()).port(endpoint.port()).tls(endpoint.tls())
                    .caCertificate(target.caCertificate()).insecure(insecure).sniName(sniName)
                    .tokens(tokens).expectation(expectation).timeout(stepTimeout).deadline(overall).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** The one-line reason for refusing a token without TLS and without {@code --allow-plaintext}. */
    static final String PLAINTEXT_REFUSED =
            "refusing to send a token without TLS: add --tls, or --allow-plaintext for local development";

    /**
     * Checks, before the run, that {@code file} can be written: opens it for writing without truncating
     * it, and removes it again when it did not exist.
     */
    static void checkWritable(Path file) {
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // writable
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        if (!existed) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // written again after the run
            }
        }
    }

    static ConfigurationException cannotWrite(Path file, IOException e) {
        return new ConfigurationException("cannot write --junit " + file + ": " + reason(e), e);
    }

    /** @return why an I/O operation failed, e.g. "No such file or directory" (the message is often just the path) */
    static String reason(IOException e) {
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException) {
            return e.getClass().getSimpleName().replaceAll("Exception$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static TokenExpectation parseExpectation(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "enforced" -> TokenExpectation.ENFORCED;
            case "rotate" -> TokenExpectation.ROTATE;
            case "set" -> TokenExpectation.SET;
            default -> throw new ConfigurationException("--expect " + text + " is not one of enforced, rotate, set");
        };
    }
}
