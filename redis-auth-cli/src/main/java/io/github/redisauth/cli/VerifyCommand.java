package io.github.redisauth.cli;

import ch.qos.logback.classic.Level;
import io.github.redisauth.AuthToken;
import io.github.redisauth.SecretsManagerTokenSource;
import io.github.redisauth.TokenExpectation;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.VerificationReport;
import io.github.redisauth.Verifier;
import io.github.redisauth.VerifierSettings;
import io.github.redisauth.cli.internal.ConfigurationException;
import io.github.redisauth.cli.internal.DurationParser;
import io.github.redisauth.cli.internal.HumanReport;
import io.github.redisauth.cli.internal.JsonReport;
import io.github.redisauth.cli.internal.JunitReport;
import io.github.redisauth.cli.internal.RedisUri;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;

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
                + "each token accepted or rejected as expected, a random token rejected, PING, server version.",
                "",
                "Exit codes: 0 every check PASS/WARN/SKIP; 1 a check FAILed; 2 usage or configuration error."},
        footer = {"", "Example (ElastiCache):",
                "  redis-auth verify -h master.xxx.cache.amazonaws.com --tls --token-env REDIS_AUTH_TOKEN"})
public final class VerifyCommand implements Callable<Integer> {

    private final UnaryOperator<String> environment;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host (default: localhost). Help is --help.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: 6379).")
    Integer port;

    @Option(names = "--tls", description = "Connect with TLS (ElastiCache in-transit encryption).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of CA certificates to trust instead of the JDK trust store.")
    Path caCertificate;

    @Option(names = "--insecure", description = "Trust any certificate and skip the host name check (reported).")
    boolean insecure;

    @Option(names = "--sni", paramLabel = "NAME", description = "Server name to send (SNI) and to check the certificate against.")
    String sniName;

    @Option(names = {"-u", "--uri"}, paramLabel = "URI", description = "redis[s]://[:TOKEN@]HOST[:PORT]; rediss implies --tls; "
            + "a token in it is a candidate labelled 'uri'.")
    String uri;

    @Option(names = {"-a", "--token"}, paramLabel = "TOKEN", description = "A token (label 'arg'). Shows in the process list: "
            + "prefer --token-env or --token-file.")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding a token (label env:VAR); "
            + "repeatable, first preferred.")
    List<String> tokenEnvironment = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE", description = "File with one token a line, first preferred.")
    Path tokenFile;

    @Option(names = "--token-secret", paramLabel = "ID", description = "AWS Secrets Manager secret (name or ARN) holding the "
            + "token: its AWSCURRENT, AWSPENDING and AWSPREVIOUS versions become candidates, in that order. "
            + "Credentials: the AWS SDK default chain.")
    String tokenSecret;

    @Option(names = "--secret-region", paramLabel = "REGION", description = "Region of --token-secret (default: the AWS SDK "
            + "region chain, e.g. AWS_REGION).")
    String secretRegion;

    @Option(names = "--secret-endpoint", paramLabel = "URL", description = "Secrets Manager endpoint to use instead of the "
            + "region's (a VPC endpoint).")
    String secretEndpoint;

    @Option(names = "--secret-json-key", paramLabel = "KEY", description = "Key of the token when the secret is JSON (default: "
            + "the first of authToken, auth_token, password, token).")
    String secretJsonKey;

    @Option(names = "--expect", paramLabel = "enforced|rotate|set", defaultValue = "enforced",
            description = "enforced: the first token is accepted (default); rotate: every token is accepted; "
                    + "set: the first is accepted and every other rejected.")
    String expect;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "Bound on each network step: connect, handshake, each reply (default: 3s; e.g. 500ms, 1m).")
    String timeout;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    Path junit;

    @Option(names = "--debug", description = "Log every step on stderr; print stack traces of errors.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

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
     * @return the exit code: 0 passed, 1 a check failed
     * @throws ConfigurationException (and picocli maps it to exit code 2) for configuration errors
     */
    @Override
    public Integer call() {
        if (debug) {
            // Only our own loggers: the AWS SDK's HTTP wire log at DEBUG prints response bodies, secrets included.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.github.redisauth")).setLevel(Level.DEBUG);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        VerifierSettings settings = settings(err);
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
                throw new ConfigurationException("cannot write --junit " + junit + ": " + e.getMessage(), e);
            }
        }
        return report.passed() ? RedisAuthCommand.EXIT_OK : RedisAuthCommand.EXIT_FAILED;
    }

    private VerifierSettings settings(PrintWriter err) {
        VerifierSettings.Builder builder = VerifierSettings.builder();
        List<AuthToken> candidates = new ArrayList<>();
        boolean useTls = tls;
        if (uri != null) {
            if (host != null || port != null) {
                throw new ConfigurationException("--uri cannot be combined with --host or --port: the URI names the endpoint");
            }
            RedisUri parsed = RedisUri.parse(uri);
            builder.host(parsed.host()).port(parsed.port());
            useTls |= parsed.tls();
            if (parsed.tokenValue().isPresent()) {
                err.println("Warning: the token in --uri shows in the process list; prefer --token-env or --token-file.");
                candidates.add(AuthToken.of("uri", parsed.tokenValue().get()));
            }
        } else {
            builder.host(host != null ? host : VerifierSettings.DEFAULT_HOST);
            builder.port(port != null ? port : VerifierSettings.DEFAULT_PORT);
        }
        if (token != null) {
            err.println("Warning: a token given with -a/--token shows in the process list; prefer --token-env or --token-file.");
            if (token.isEmpty()) {
                throw new ConfigurationException("-a/--token is empty: give the AUTH token, or use --token-env VAR");
            }
            candidates.add(AuthToken.of("arg", token));
        }
        for (String variable : tokenEnvironment) {
            String value = environment.apply(variable);
            if (value == null) {
                throw new ConfigurationException("--token-env " + variable + ": environment variable " + variable + " is not set");
            }
            if (value.isEmpty()) {
                throw new ConfigurationException("--token-env " + variable + ": environment variable " + variable + " is empty");
            }
            candidates.add(AuthToken.of("env:" + variable, value));
        }
        if (tokenFile != null) {
            if (!Files.isRegularFile(tokenFile) || !Files.isReadable(tokenFile)) {
                throw new ConfigurationException("--token-file " + tokenFile + " is not a readable file");
            }
            try (TokenSource file = TokenSources.file(tokenFile)) {
                TokenSet fromFile = file.fetch();
                if (fromFile.isEmpty()) {
                    throw new ConfigurationException("--token-file " + tokenFile + " holds no token");
                }
                candidates.addAll(fromFile.candidates());
            }
        }
        candidates.addAll(secretCandidates());
        if (caCertificate != null && (!Files.isRegularFile(caCertificate) || !Files.isReadable(caCertificate))) {
            throw new ConfigurationException("--cacert " + caCertificate + " is not a readable file");
        }
        Duration stepTimeout = DurationParser.parse(timeout);
        TokenExpectation expectation = parseExpectation(expect);
        if (!useTls && (caCertificate != null || insecure || sniName != null)) {
            throw new ConfigurationException((caCertificate != null ? "--cacert" : insecure ? "--insecure" : "--sni")
                    + " needs --tls (or a rediss:// URI)");
        }
        if (insecure && caCertificate != null) {
            throw new ConfigurationException("--insecure cannot be combined with --cacert: --insecure trusts every certificate, "
                    + "--cacert trusts only its CAs; choose one");
        }
        TokenSet tokens;
        try {
            tokens = TokenSet.of(candidates);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        if (expectation != TokenExpectation.ENFORCED && tokens.size() < 2) {
            throw new ConfigurationException("--expect " + expect + " needs at least 2 different tokens, got " + tokens.size()
                    + ": " + (expectation == TokenExpectation.ROTATE ? "rotate checks that the new and the old token are both accepted"
                    : "set checks that the new (first) token is accepted and the old ones rejected"));
        }
        try {
            return builder.tls(useTls).caCertificate(caCertificate).insecure(insecure).sniName(sniName)
                    .tokens(tokens).expectation(expectation).timeout(stepTimeout).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private List<AuthToken> secretCandidates() {
        if (tokenSecret == null) {
            if (secretRegion != null || secretEndpoint != null || secretJsonKey != null) {
                throw new ConfigurationException((secretRegion != null ? "--secret-region" : secretEndpoint != null
                        ? "--secret-endpoint" : "--secret-json-key") + " needs --token-secret ID");
            }
            return List.of();
        }
        SecretsManagerTokenSource.Builder secret = SecretsManagerTokenSource.builder().secretId(tokenSecret);
        if (secretRegion != null) {
            secret.region(Region.of(secretRegion));
        }
        if (secretEndpoint != null) {
            try {
                URI endpoint = new URI(secretEndpoint);
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new URISyntaxException(secretEndpoint, "needs a scheme and a host, e.g. https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com");
                }
                secret.endpointOverride(endpoint);
            } catch (URISyntaxException e) {
                throw new ConfigurationException("--secret-endpoint " + secretEndpoint + " is not a URL: " + e.getReason(), e);
            }
        }
        if (secretJsonKey != null) {
            secret.jsonKey(secretJsonKey);
        }
        try (TokenSource source = secret.build()) {
            return source.fetch().candidates();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
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
