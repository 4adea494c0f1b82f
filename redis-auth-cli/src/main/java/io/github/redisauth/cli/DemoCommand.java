package io.github.redisauth.cli;

import ch.qos.logback.classic.Level;
import io.github.redisauth.AuthToken;
import io.github.redisauth.VerifierSettings;
import io.github.redisauth.cli.internal.DemoClients;
import io.github.redisauth.cli.internal.DemoConsole;
import io.github.redisauth.cli.internal.DemoSecretStore;
import io.github.redisauth.cli.internal.DemoSteps;
import io.github.redisauth.cli.internal.DemoTokens;
import io.github.redisauth.cli.internal.DurationParser;
import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.GatewayDialect;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code redis-auth demo}: an ElastiCache.6 remediation and a token rotation on this machine, with no
 * AWS account, no Docker and no network beyond loopback. An {@link AuthGateway} with TLS and
 * ElastiCache's AUTH token semantics stands in front of an embedded Redis 2.8.19 (engine &lt; 6.0, so
 * the control applies); a Lettuce and a Jedis client from this project run a workload throughout,
 * reading their tokens from an in-memory stand-in for a Secrets Manager secret. Each step prints the
 * AWS command an operator would run, the verifier's report and the clients' counters.
 *
 * <p>Exit code 0 when both clients had no failed command and every verdict was the expected one, else 1.
 * Tokens are random, new each run, and shown only as labels and fingerprints.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Walk through an ElastiCache.6 remediation (no AUTH -> ROTATE -> SET) and a token rotation "
                + "(ROTATE, restart, SET) against a local TLS Redis 2.8 with ElastiCache's AUTH semantics, with a Lettuce "
                + "and a Jedis client under load. No AWS, no Docker; about 20 seconds.",
                "",
                "Exit codes: 0 no failed command and every verdict as expected; 1 otherwise."})
public final class DemoCommand implements Callable<Integer> {

    private final UnaryOperator<String> environment;

    /** Makes the demo's tokens from a label; random by default (tests replace it to know the values). */
    Function<String, AuthToken> tokens = DemoTokens::random;

    @Option(names = "--pause", paramLabel = "DURATION", defaultValue = "1500ms",
            description = "How long the clients run after each change before it is checked (default: 1500ms).")
    String pause;

    @Option(names = "--debug", description = "Log every step on stderr; print stack traces of errors; keep the Redis log.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @param environment looks up environment variables ({@code NO_COLOR}) */
    public DemoCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /**
     * Runs the demo.
     *
     * @return the exit code: 0 the story went as told with no failed command, 1 otherwise
     * @throws InterruptedException when interrupted
     */
    @Override
    public Integer call() throws InterruptedException {
        if (debug) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.github.redisauth")).setLevel(Level.DEBUG);
        } else {
            // The restart step makes Lettuce's watchdog log a failed reconnect attempt with its stack trace;
            // the demo's own counters report reconnects, so keep that out of the way unless --debug.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.lettuce.core.protocol.ConnectionWatchdog"))
                    .setLevel(Level.ERROR);
        }
        Duration between = DurationParser.parse(pause);
        long started = System.nanoTime();
        DemoConsole console = new DemoConsole(spec.commandLine().getOut(),
                System.console() != null && environment.apply("NO_COLOR") == null);
        AuthToken first = tokens.apply("T1");
        AuthToken second = tokens.apply("T2");
        DemoSecretStore secret = new DemoSecretStore(DemoSteps.SECRET);
        secret.create(first);
        TestCertificates certificates = TestCertificates.shared();
        console.line("redis-auth demo: an ElastiCache.6 remediation and a token rotation, on this machine");
        Path backendFiles = null;
        try (AuthGateway gateway = AuthGateway.builder().backendVersion(RedisVersion.V2_8).dialect(GatewayDialect.PRE_6).start()) {
            backendFiles = gateway.backend().directory();
            console.line("  cluster:  AuthGateway at " + gateway.host() + ":" + gateway.port() + " (TLS, ElastiCache AUTH semantics) "
                    + "in front of Redis " + gateway.backend().versionString() + " (engine < 6.0: ElastiCache.6 applies)");
            console.line("  tokens:   T1 #" + first.fingerprint() + ", T2 #" + second.fingerprint()
                    + " (random, " + DemoTokens.LENGTH + " characters; fingerprints only, values never printed)");
            if (debug) {
                console.line("  log:      " + gateway.backend().logFile() + " (Redis; kept with --debug)");
            }
            console.line("  clients:  redis-auth-lettuce and redis-auth-jedis, " + DemoClients.PACE.threads()
                    + " threads each, SET/GET throughout, tokens from the secret " + DemoSteps.SECRET + " (in memory)");
            int unexpected;
            int verdicts;
            List<String> summary;
            long failures;
            try (DemoClients clients = DemoClients.start(gateway.host(), gateway.port(), certificates.caCertificate(),
                    certificates.clientSslContext(), secret, token -> tokenName(token, first, second))) {
                DemoSteps steps = new DemoSteps(gateway, secret, first, second, clients, console, VerifierSettings.builder()
                        .host(gateway.host()).port(gateway.port()).tls(true).caCertificate(certificates.caCertificate())
                        .timeout(Duration.ofSeconds(2)).build(), between);
                unexpected = steps.run();
                verdicts = steps.verdicts();
                summary = clients.stop();
                failures = clients.failures();
            }
            boolean passed = unexpected == 0 && failures == 0;
            console.heading("Summary");
            summary.forEach(console::line);
            console.line("verdicts: " + (verdicts - unexpected) + " of " + verdicts + " as expected");
            console.result(passed, passed
                    ? "both clients rode through the remediation and the rotation without a failed command"
                    : failures + " failed command(s), " + unexpected + " unexpected verdict(s)");
            realCluster(console);
            console.line(String.format("(demo took %.1f s)", (System.nanoTime() - started) / 1e9));
            return passed ? RedisAuthCommand.EXIT_OK : RedisAuthCommand.EXIT_FAILED;
        } finally {
            if (backendFiles != null && !debug) {
                deleteQuietly(backendFiles);
            }
        }
    }

    /** Removes the backend's configuration and log (kept with --debug), so runs leave nothing behind. */
    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort: a few kilobytes in the temporary directory.
        }
    }

    private static void realCluster(DemoConsole console) {
        console.heading("Against a real cluster (from a host in its VPC)");
        console.line("  ./redis-auth verify -h master.xxx.cache.amazonaws.com --tls --token-env REDIS_AUTH_TOKEN"
                + "        # after SET: expect PASS");
        console.line("  ./redis-auth verify -h master.xxx.cache.amazonaws.com --tls --token-secret " + DemoSteps.SECRET
                + " --expect rotate   # after ROTATE");
        console.line("  ./redis-auth verify -h master.xxx.cache.amazonaws.com --tls --token-secret " + DemoSteps.SECRET
                + " --expect set      # after SET");
        console.line("  ./redis-auth watch --client lettuce -h master.xxx.cache.amazonaws.com --tls --token-secret "
                + DemoSteps.SECRET + " --duration 10m   # during the steps; also --client jedis");
    }

    /** Turns a client's token in use into T1/T2/"no AUTH", or null before the first connection. */
    private static String tokenName(String tokenInUse, AuthToken first, AuthToken second) {
        if (tokenInUse.endsWith("#" + first.fingerprint())) {
            return "T1";
        }
        if (tokenInUse.endsWith("#" + second.fingerprint())) {
            return "T2";
        }
        return tokenInUse.contains("no password") ? "no AUTH" : null;
    }
}
