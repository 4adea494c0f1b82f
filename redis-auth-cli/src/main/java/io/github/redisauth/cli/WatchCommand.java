package io.github.redisauth.cli;

import io.github.redisauth.TokenSource;
import io.github.redisauth.cli.internal.ConfigurationException;
import io.github.redisauth.cli.internal.DurationParser;
import io.github.redisauth.cli.internal.JedisWatchedClient;
import io.github.redisauth.cli.internal.LettuceWatchedClient;
import io.github.redisauth.cli.internal.PemTrust;
import io.github.redisauth.cli.internal.StandardOptions;
import io.github.redisauth.cli.internal.TargetOptions;
import io.github.redisauth.cli.internal.TargetOptions.Endpoint;
import io.github.redisauth.cli.internal.TokenOptions;
import io.github.redisauth.cli.internal.WatchPace;
import io.github.redisauth.cli.internal.WatchReport;
import io.github.redisauth.cli.internal.WatchedClient;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import redis.clients.jedis.DefaultJedisClientConfig;

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
@Command(name = "watch", sortOptions = false, resourceBundle = "io.github.redisauth.cli.WatchCommand",
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

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--cluster", description = "Cluster mode enabled: the endpoint is the configuration endpoint (a seed node).")
    boolean cluster;

    @Mixin
    TokenOptions tokenOptions = new TokenOptions();

    @Option(names = "--allow-plaintext", description = "Allow sending the token without TLS (local development only); "
            + "without it, no --tls is a configuration error.")
    boolean allowPlaintext;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "100", description = "Commands per second, at most (default: 100).")
    int rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", description = "How long to run (default: 60s; e.g. 10m).")
    String duration;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "How long one command may take before it counts as failed (default: 3s).")
    String timeout;

    @Option(names = "--json", description = "Print exactly one JSON object on stdout at the end, no per-second lines.")
    boolean json;

    @Mixin
    StandardOptions standard = new StandardOptions();

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
        standard.applyLogLevel();
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
        PrintWriter err = spec.commandLine().getErr();
        Endpoint endpoint = target.resolve(null);
        try (TokenSource tokens = tokenOptions.live(target.uriToken(), environment, err);
                WatchedClient watched = start(endpoint, tokens, pace, err)) {
            return run(watched, runFor, out);
        }
    }

    private WatchedClient start(Endpoint endpoint, TokenSource tokens, WatchPace pace, PrintWriter err) {
        if (!endpoint.tls() && !allowPlaintext) {
            throw new ConfigurationException(VerifyCommand.PLAINTEXT_REFUSED);
        }
        if (!endpoint.tls()) {
            err.println("Warning: without --tls the token travels in plaintext.");
        }
        if ("jedis".equals(client)) {
            return JedisWatchedClient.start(jedisConfig(endpoint, tokens, pace.commandTimeout()), cluster, pace);
        }
        return LettuceWatchedClient.start(lettuceConfig(endpoint, tokens, pace.commandTimeout()), cluster, pace);
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

    private JedisAuthConfig jedisConfig(Endpoint endpoint, TokenSource tokens, Duration commandTimeout) {
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, commandTimeout.toMillis());
        JedisAuthConfig.Builder builder = JedisAuthConfig.builder().tokenSource(tokens)
                .tls(endpoint.tls()).allowPlaintextToken(!endpoint.tls()).idempotentRetry(true)
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(timeoutMillis)
                        .socketTimeoutMillis(timeoutMillis).build());
        if (cluster) {
            builder.clusterNode(endpoint.host(), endpoint.port());
        } else {
            builder.endpoint(endpoint.host(), endpoint.port());
        }
        if (target.caCertificate() != null) {
            builder.sslContext(PemTrust.trusting(target.caCertificate()));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private LettuceAuthConfig lettuceConfig(Endpoint endpoint, TokenSource tokens, Duration commandTimeout) {
        LettuceAuthConfig.Builder builder = LettuceAuthConfig.builder()
                .endpoint(RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port()).withTimeout(commandTimeout).build())
                .tokenSource(tokens).tls(endpoint.tls()).allowPlaintextToken(!endpoint.tls()).sourcePollInterval(Duration.ofSeconds(5));
        if (target.caCertificate() != null) {
            builder.sslOptions(SslOptions.builder().trustManager(target.caCertificate().toFile()).build());
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
