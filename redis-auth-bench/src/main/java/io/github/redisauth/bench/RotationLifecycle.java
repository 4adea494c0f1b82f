package io.github.redisauth.bench;

import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.testkit.AuthGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The full ElastiCache.6 remediation and a later rotation, under load, through the testkit's
 * {@link AuthGateway} (ElastiCache AUTH semantics in front of a real Redis):
 * no token → ROTATE a → SET a → ROTATE b → SET b; every client connection is killed right after each
 * step and again halfway through its phase.
 *
 * <p>Our clients read a token source that follows Secrets Manager: {@code a} from the start
 * (deployed before the remediation), {@code b} as AWSPENDING before ROTATE b, as AWSCURRENT (a
 * AWSPREVIOUS) before SET b. The stock clients are configured once with {@code a}, the token known
 * at deployment, and never restarted. All clients run at the same time, so they meet the same events.
 */
final class RotationLifecycle {

    /** What the lifecycle gives each client when it starts: the gateway, our token source, the first token. */
    record Context(Endpoint endpoint, SettableTokenSource tokens, String firstToken, int threads) {
    }

    /**
     * Per client: failed commands and the longest stretch without a successful command, with details for people.
     *
     * @param dialect the gateway's dialect ({@code PRE_6}, {@code V6_PLUS})
     */
    record Result(String dialect, Map<String, Long> failures, Map<String, Long> longestStallMillis, Map<String, String> details) {
    }

    private RotationLifecycle() {
    }

    static Result run(AuthGateway gateway, BenchSettings settings, List<Function<Context, RunningLoad>> clients)
            throws InterruptedException {
        String a = Tokens.random();
        String b = Tokens.random();
        SettableTokenSource tokens = SettableTokenSource.of("bench:mutable", AuthToken.of("AWSCURRENT", a));
        Context context = new Context(new Endpoint(gateway.host(), gateway.port()), tokens, a, settings.lifecycleThreads());
        List<RunningLoad> loads = new ArrayList<>();
        Map<String, Long> failures = new LinkedHashMap<>();
        Map<String, Long> stallsByClient = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        try {
            for (Function<Context, RunningLoad> client : clients) {
                loads.add(client.apply(context));
            }
            awaitFirstCommand(loads);
            StallMonitor monitor = new StallMonitor(loads);
            Duration phase = settings.lifecyclePhase();
            step("no token (deploy before remediation)", gateway, phase, loads, () -> { });
            step("ROTATE a", gateway, phase, loads, () -> gateway.rotate(a));
            step("SET a", gateway, phase, loads, () -> gateway.set(a));
            step("ROTATE b", gateway, phase, loads, () -> {
                tokens.set(AuthToken.of("AWSCURRENT", a), AuthToken.of("AWSPENDING", b));
                gateway.rotate(b);
            });
            step("SET b", gateway, phase, loads, () -> {
                tokens.set(AuthToken.of("AWSCURRENT", b), AuthToken.of("AWSPREVIOUS", a));
                gateway.set(b);
            });
            monitor.close();
            // Counted at the end of the last phase: commands cut short by shutting the clients down are not the lifecycle's.
            Map<String, Long> stalls = monitor.longestStallsMillis();
            for (RunningLoad load : loads) {
                long failed = load.failures();
                failures.put(load.name(), failed);
                stallsByClient.put(load.name(), stalls.get(load.name()));
                details.put(load.name(), "ops=" + load.operations() + " failures=" + failed
                        + " authFailures=" + load.authFailures() + " longestStallMs=" + stalls.get(load.name())
                        + " last=" + load.lastFailure());
                Console.say("lifecycle %s %-12s ops=%d failures=%d (authentication: %d) longest stretch without a"
                        + " successful command: %d ms; last failure: %s", gateway.dialect(), load.name(), load.operations(),
                        failed, load.authFailures(), stalls.get(load.name()), load.lastFailure());
            }
        } finally {
            loads.forEach(RunningLoad::close);
        }
        return new Result(String.valueOf(gateway.dialect()), failures, stallsByClient, details);
    }

    /**
     * Waits (up to 30 s) until every client has completed or failed a first command, so the first
     * kill meets established connections, not a client still being constructed: an initial
     * {@code connect()} cut by a kill is a start-up race of the harness, not a rotation effect.
     */
    private static void awaitFirstCommand(List<RunningLoad> loads) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline
                && loads.stream().anyMatch(load -> load.operations() == 0 && load.failures() == 0)) {
            Thread.sleep(5);
        }
    }

    private static void step(String name, AuthGateway gateway, Duration phase, List<RunningLoad> loads, Runnable change)
            throws InterruptedException {
        change.run();
        gateway.killClients();
        Thread.sleep(phase.toMillis() / 2);
        gateway.killClients();
        Thread.sleep(phase.toMillis() - phase.toMillis() / 2);
        StringBuilder line = new StringBuilder();
        for (RunningLoad load : loads) {
            line.append(String.format(" %s ops=%d fail=%d", load.name(), load.operations(), load.failures()));
        }
        Console.say("lifecycle %s after %-40s%s", gateway.dialect(), name + ":", line);
    }
}
