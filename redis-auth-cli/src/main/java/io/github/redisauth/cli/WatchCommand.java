package io.github.redisauth.cli;

import ch.qos.logback.classic.Level;
import io.github.redisauth.AuthToken;
import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.SecretsManagerTokenSource;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.cli.internal.CombinedTokenSource;
import io.github.redisauth.cli.internal.ConfigurationException;
import io.github.redisauth.cli.internal.DurationParser;
import io.github.redisauth.cli.internal.JedisWatchedClient;
import io.github.redisauth.cli.internal.LettuceWatchedClient;
import io.github.redisauth.cli.internal.PemTrust;
import io.github.redisauth.cli.internal.RedisUri;
import io.github.redisauth.cli.internal.WatchPace;
import io.github.redisauth.cli.internal.WatchReport;
import io.github.redisauth.cli.internal.WatchedClient;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.DefaultJedisClientConfig;
import software.amazon.awssdk.regions.Region;

/**
 * {@code redis-auth watch}: keeps a rotation-safe client busy with an idempotent workload (each thread
 * {@code SET}s and {@code GET}s its own key) while operators rotate the token, prints a line per second
 * (ops, failures, reconnects, token in use) and a summary, or one JSON object with {@code --json}.
 * Exit code 0 when no command failed. Clients: {@code lettuce} (redis-auth-lettuce) and {@code jedis}
 * (redis-auth-jedis, with its idempotent retry on: the workload only sets and gets its own keys).
 *
 * <p>The token sources stay live for the whole run: a rewritten {@code --token-file}, a changed
 * Secrets Manager secret (re-read every 30 seconds) are picked up as in an application.
 */
@Command(name = "watch", sortOptions = false,
        description = {"Keep a rotation-safe client busy during a token rotation and count failed commands.",
                "",
                "Exit codes: 0 no command failed; 1 a command failed; 2 usage or configuration error."},
        footer = {"", "Example (ElastiCache, during the console steps of a rotation):",
                "  redis-auth watch -h master.xxx.cache.amazonaws.com --tls --token-secret prod/redis/auth --duration 10m"})
public final class WatchCommand implements Callable<Integer> {

    private final UnaryOperator<String> environment;

    @Option(names = "--client", paramLabel = "lettuce|jedis", defaultValue = "lettuce",
            description = "Client library: lettuce (default) or jedis.")
    String client;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", description = "Server host (default: localhost). Help is --help.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: 6379).")
    Integer port;

    @Option(names = "--tls", description = "Connect with TLS (ElastiCache in-transit encryption); host name verified.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of CA certificates to trust instead of the JDK trust store.")
    Path caCertificate;

    @Option(names = "--cluster", description = "Cluster mode enabled: the endpoint is the configuration endpoint (a seed node).")
    boolean cluster;

    @Option(names = {"-u", "--uri"}, paramLabel = "URI", description = "redis[s]://[:TOKEN@]HOST[:PORT]; rediss implies --tls; "
            + "a token in it is a candidate labelled 'uri'.")
    String uri;

    @Option(names = {"-a", "--token"}, paramLabel = "TOKEN", description = "A token (label 'arg'). Shows in the process list: "
            + "prefer --token-env or --token-file.")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding a token (label env:VAR; "
            + "VAR_PREVIOUS is read too); repeatable, first preferred.")
    List<String> tokenEnvironment = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE", description = "File with one token a line, first preferred; "
            + "re-read when it changes.")
    Path tokenFile;

    @Option(names = "--token-secret", paramLabel = "ID", description = "AWS Secrets Manager secret holding the token "
            + "(AWSCURRENT, AWSPENDING, AWSPREVIOUS), re-read every 30 seconds.")
    String tokenSecret;

    @Option(names = "--secret-region", paramLabel = "REGION", description = "Region of --token-secret.")
    String secretRegion;

    @Option(names = "--secret-endpoint", paramLabel = "URL", description = "Secrets Manager endpoint to use instead of the region's.")
    String secretEndpoint;

    @Option(names = "--secret-json-key", paramLabel = "KEY", description = "Key of the token when the secret is JSON.")
    String secretJsonKey;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "100", description = "Commands per second, at most (default: 100).")
    int rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", description = "How long to run (default: 60s; e.g. 10m).")
    String duration;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "How long one command may take before it counts as failed (default: 3s).")
    String timeout;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout at the end, no per-second lines.")
    boolean json;

    @Option(names = "--debug", description = "Log every step on stderr; print stack traces of errors.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param environment looks up environment variables ({@code --token-env})
     */
    public WatchCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * Runs the workload for the duration.
     *
     * @return the exit code: 0 no command failed, 1 a command failed
     * @throws ConfigurationException (exit code 2) for configuration errors
     */
    @Override
    public Integer call() throws InterruptedException {
        if (debug) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.github.redisauth")).setLevel(Level.DEBUG);
        }
        if (!"lettuce".equals(client) && !"jedis".equals(client)) {
            throw new ConfigurationException("--client " + client + " is not one of lettuce, jedis");
        }
        if (rate < 1) {
            throw new ConfigurationException("--rate " + rate + " must be at least 1");
        }
        Duration runFor = DurationParser.parse(duration);
        Duration commandTimeout = DurationParser.parse(timeout);
        WatchPace pace = WatchPace.forRate(rate, commandTimeout);
        PrintWriter out = spec.commandLine().getOut();
        try (TokenSource tokens = tokenSource(); WatchedClient watched = start(tokens, pace)) {
            return run(watched, runFor, out);
        }
    }

    private WatchedClient start(TokenSource tokens, WatchPace pace) {
        Target target = target();
        if ("jedis".equals(client)) {
            return JedisWatchedClient.start(jedisConfig(target, tokens, pace.commandTimeout()), cluster, pace);
        }
        return LettuceWatchedClient.start(lettuceConfig(target, tokens, pace.commandTimeout()), cluster, pace);
    }

    private int run(WatchedClient watched, Duration runFor, PrintWriter out) throws InterruptedException {
        WatchReport report = new WatchReport(client);
        long deadline = System.nanoTime() + runFor.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            report.sample(watched.sample());
            if (!json) {
                out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + report.line());
                out.flush();
            }
        }
        report.sample(watched.stop());
        out.println(json ? report.json() : "summary: " + report.summary());
        out.flush();
        return report.failures() == 0 ? RedisAuthCommand.EXIT_OK : RedisAuthCommand.EXIT_FAILED;
    }

    private record Target(String host, int port, boolean tls) {
    }

    private Target target() {
        String targetHost = host != null ? host : "localhost";
        int targetPort = port != null ? port : 6379;
        boolean useTls = tls;
        if (uri != null) {
            if (host != null || port != null) {
                throw new ConfigurationException("--uri cannot be combined with --host or --port: the URI names the endpoint");
            }
            RedisUri parsed = RedisUri.parse(uri);
            targetHost = parsed.host();
            targetPort = parsed.port();
            useTls |= parsed.tls();
        }
        if (caCertificate != null && !useTls) {
            throw new ConfigurationException("--cacert needs --tls (or a rediss:// URI)");
        }
        if (caCertificate != null && (!Files.isRegularFile(caCertificate) || !Files.isReadable(caCertificate))) {
            throw new ConfigurationException("--cacert " + caCertificate + " is not a readable file");
        }
        if (!useTls) {
            spec.commandLine().getErr().println("Warning: without --tls the token travels in plaintext.");
        }
        return new Target(targetHost, targetPort, useTls);
    }

    private JedisAuthConfig jedisConfig(Target target, TokenSource tokens, Duration commandTimeout) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, commandTimeout.toMillis());
        JedisAuthConfig.Builder builder = JedisAuthConfig.builder().tokenSource(tokens)
                .tls(target.tls()).allowPlaintextToken(!target.tls()).idempotentRetry(true)
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                        .socketTimeoutMillis(timeoutMillis).build());
        if (cluster) {
            builder.clusterNode(target.host(), target.port());
        } else {
            builder.endpoint(target.host(), target.port());
        }
        if (caCertificate != null) {
            builder.sslContext(PemTrust.trusting(caCertificate));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private LettuceAuthConfig lettuceConfig(Target target, TokenSource tokens, Duration commandTimeout) {
        LettuceAuthConfig.Builder builder = LettuceAuthConfig.builder()
                .endpoint(RedisURI.builder().withHost(target.host()).withPort(target.port()).withTimeout(commandTimeout).build())
                .tokenSource(tokens).tls(target.tls()).allowPlaintextToken(!target.tls()).sourcePollInterval(Duration.ofSeconds(5));
        if (caCertificate != null) {
            builder.sslOptions(SslOptions.builder().trustManager(caCertificate.toFile()).build());
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private TokenSource tokenSource() {
        List<TokenSource> sources = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        if (uri != null) {
            RedisUri.parse(uri).tokenValue().ifPresent(value -> {
                err.println("Warning: the token in --uri shows in the process list; prefer --token-env or --token-file.");
                sources.add(TokenSources.fixed(AuthToken.of("uri", value)));
            });
        }
        if (token != null) {
            err.println("Warning: a token given with -a/--token shows in the process list; prefer --token-env or --token-file.");
            if (token.isEmpty()) {
                throw new ConfigurationException("-a/--token is empty: give the AUTH token, or use --token-env VAR");
            }
            sources.add(TokenSources.fixed(AuthToken.of("arg", token)));
        }
        for (String variable : tokenEnvironment) {
            if (environment.apply(variable) == null || environment.apply(variable).isEmpty()) {
                throw new ConfigurationException("--token-env " + variable + ": environment variable " + variable
                        + " is not set or empty");
            }
            sources.add(TokenSources.environment(variable, environment));
        }
        if (tokenFile != null) {
            if (!Files.isRegularFile(tokenFile) || !Files.isReadable(tokenFile)) {
                throw new ConfigurationException("--token-file " + tokenFile + " is not a readable file");
            }
            sources.add(TokenSources.file(tokenFile));
        }
        if (tokenSecret != null) {
            sources.add(secretSource());
        } else if (secretRegion != null || secretEndpoint != null || secretJsonKey != null) {
            throw new ConfigurationException("--secret-region, --secret-endpoint and --secret-json-key need --token-secret ID");
        }
        if (sources.isEmpty()) {
            throw new ConfigurationException("no token given: use --token-env VAR, --token-file FILE, --token-secret ID or -a TOKEN");
        }
        return new CombinedTokenSource(sources);
    }

    private TokenSource secretSource() {
        SecretsManagerTokenSource.Builder secret = SecretsManagerTokenSource.builder().secretId(tokenSecret);
        if (secretRegion != null) {
            secret.region(Region.of(secretRegion));
        }
        if (secretEndpoint != null) {
            try {
                secret.endpointOverride(new URI(secretEndpoint));
            } catch (URISyntaxException e) {
                throw new ConfigurationException("--secret-endpoint " + secretEndpoint + " is not a URL: " + e.getReason(), e);
            }
        }
        if (secretJsonKey != null) {
            secret.jsonKey(secretJsonKey);
        }
        try {
            return CachingTokenSource.builder(secret.build()).refreshInterval(Duration.ofSeconds(30)).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
