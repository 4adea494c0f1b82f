package io.github.redisauth.cli;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.cli.internal.ConfigurationException;
import io.github.redisauth.cli.internal.DurationParser;
import io.github.redisauth.cli.internal.PemTrust;
import io.github.redisauth.cli.internal.WatchLine;
import io.github.redisauth.jedis.AuthStats;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.jedis.JedisWorkload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code redis-auth watch}: runs a steady idempotent workload ({@code SET}/{@code GET}, one key per
 * thread) through a rotation-safe client and prints its counters every interval — operations,
 * failures, authentication failures, reconnects, fallbacks, the token in use (label and
 * fingerprint) — so an operator can watch a rotation or a remediation happen. Exit code 0 when no
 * operation failed, 1 otherwise.
 *
 * <p>Clients: {@code jedis} (redis-auth-jedis). {@code lettuce} is added with redis-auth-lettuce.
 */
@Command(name = "watch", sortOptions = false,
        description = {"Run a steady idempotent workload through a rotation-safe client and print its counters "
                + "(ops, failures, authFailures, reconnects, fallbacks, token in use) while you rotate or remediate.",
                "", "Exit codes: 0 no operation failed; 1 an operation failed; 2 usage or configuration error."},
        footer = {"", "Example:",
                "  redis-auth watch --client jedis -h master.xxx.cache.amazonaws.com --tls --token-env REDIS_AUTH_TOKEN --duration 10m"})
public final class WatchCommand implements Callable<Integer> {

    private final UnaryOperator<String> environment;

    @Option(names = "--client", paramLabel = "jedis", defaultValue = "jedis", description = "Client library (default: jedis).")
    String client;

    @Option(names = {"-h", "--host"}, paramLabel = "HOST", defaultValue = "localhost", description = "Server host (default: localhost).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "6379", description = "Server port (default: 6379).")
    int port;

    @Option(names = "--cluster", description = "Cluster mode enabled: HOST:PORT is a seed (configuration endpoint).")
    boolean cluster;

    @Option(names = "--tls", description = "Connect with TLS (ElastiCache in-transit encryption).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of CA certificates to trust instead of the JDK trust store.")
    Path caCertificate;

    @Option(names = "--insecure", description = "Trust any certificate and skip the host name check.")
    boolean insecure;

    @Option(names = {"-a", "--token"}, paramLabel = "TOKEN", description = "A token (label 'arg'); prefer --token-env or --token-file.")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable with the token (label env:VAR); "
            + "VAR_PREVIOUS, when set, is the second candidate.")
    String tokenEnvironment;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File with one token a line, first preferred; re-read when it changes.")
    Path tokenFile;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Worker threads (default: 4).")
    int threads;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", description = "How long to run (default: 60s).")
    String duration;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", description = "Print counters this often (default: 1s).")
    String interval;

    @Option(names = "--retry", description = "Retry the idempotent operations on connection failures (off by default).")
    boolean retry;

    @Option(names = "--json", description = "Print one JSON object a line (type progress, then one summary).")
    boolean json;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param environment looks up environment variables ({@code --token-env})
     */
    public WatchCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (!client.equals("jedis")) {
            throw new ConfigurationException("--client " + client + ": this build supports --client jedis");
        }
        Duration total = DurationParser.parse(duration);
        Duration every = DurationParser.parse(interval);
        if (threads < 1) {
            throw new ConfigurationException("--threads " + threads + ": must be at least 1");
        }
        JedisAuthConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        try (UnifiedJedis redis = cluster ? config.createClusterClient() : config.createRedisClient();
                JedisWorkload workload = JedisWorkload.start("watch", threads, JedisWorkload.DEFAULT_PAUSE,
                        config.idempotentRetry(), JedisWorkload.setThenGet(redis))) {
            long start = System.nanoTime();
            long end = start + total.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(every.toMillis(), (end - System.nanoTime()) / 1_000_000)));
                print(out, line("progress", workload, config.stats(), start));
            }
            workload.close();
            WatchLine summary = line("summary", workload, config.stats(), start);
            print(out, summary);
            return summary.failures() == 0 ? RedisAuthCommand.EXIT_OK : RedisAuthCommand.EXIT_FAILED;
        }
    }

    private JedisAuthConfig config() {
        JedisAuthConfig.Builder builder = JedisAuthConfig.builder().tokenSource(tokenSource())
                .tls(tls).allowPlaintextToken(!tls).idempotentRetry(retry);
        if (cluster) {
            builder.clusterNode(host, port);
        } else {
            builder.endpoint(host, port);
        }
        if (!tls && (caCertificate != null || insecure)) {
            throw new ConfigurationException((caCertificate != null ? "--cacert" : "--insecure") + " needs --tls");
        }
        if (caCertificate != null && insecure) {
            throw new ConfigurationException("--insecure cannot be combined with --cacert");
        }
        if (caCertificate != null) {
            builder.sslContext(PemTrust.trusting(caCertificate));
        } else if (insecure) {
            builder.sslContext(PemTrust.trustingAnything()).hostnameVerification(false);
        }
        return builder.build();
    }

    private TokenSource tokenSource() {
        int given = (token != null ? 1 : 0) + (tokenEnvironment != null ? 1 : 0) + (tokenFile != null ? 1 : 0);
        if (given > 1) {
            throw new ConfigurationException("give one of --token, --token-env, --token-file");
        }
        if (token != null) {
            return TokenSources.fixed(AuthToken.of("arg", token));
        }
        if (tokenEnvironment != null) {
            return TokenSources.environment(tokenEnvironment, environment);
        }
        if (tokenFile != null) {
            return TokenSources.file(tokenFile);
        }
        return TokenSources.fixed();
    }

    private WatchLine line(String type, JedisWorkload workload, AuthStats stats, long start) {
        JedisWorkload.Counters counters = workload.counters();
        AuthStats.Snapshot auth = stats.snapshot();
        return new WatchLine(type, client, (System.nanoTime() - start) / 1_000_000, counters.operations(),
                counters.failures(), counters.authFailures(), Math.max(0, auth.connectionsOpened() - threads),
                auth.fallbacks(), auth.rejections(), auth.tokenInUse());
    }

    private void print(PrintWriter out, WatchLine line) {
        out.println(json ? line.json() : line.text());
        out.flush();
    }
}
