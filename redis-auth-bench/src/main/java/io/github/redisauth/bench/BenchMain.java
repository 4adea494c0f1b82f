package io.github.redisauth.bench;

import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs every benchmark and prints, as the last line on stdout, one JSON object:
 * {@code connectOverhead}, {@code rotationFailures}, {@code reconnect}, {@code secretsCalls},
 * {@code verifier}, {@code steadyState}, {@code memoryPerIdleConnection}, {@code rotationStall},
 * {@code scale}. Progress and details go to stderr. Arguments: {@code --quick} (under 4
 * minutes), {@code --smoke} (seconds; for the module's test), none for the full run; and
 * {@code --only PREFIX} to run only the sections whose name starts with it (e.g. {@code steadyState}
 * for a profile); the others are then null in the JSON; {@code --scale-sizes 100,1000} to choose the
 * connection counts of the scale section.
 * A section that fails is reported on stderr and left {@code null} in the JSON; the exit code is then 1.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /**
     * @param args {@code --quick}, {@code --smoke}, or nothing
     * @throws Exception when the servers cannot start
     */
    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.FULL;
        String only = "";
        String scaleSizes = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = BenchSettings.QUICK;
                case "--smoke" -> settings = BenchSettings.SMOKE;
                case "--full" -> settings = BenchSettings.FULL;
                case "--only" -> only = i + 1 < args.length ? args[++i] : "";
                case "--scale-sizes" -> scaleSizes = i + 1 < args.length ? args[++i] : "";
                default -> {
                    System.err.println("usage: BenchMain [--quick|--smoke|--full] [--only SECTION_PREFIX] [--scale-sizes N,N,...]; unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (!scaleSizes.isEmpty()) {
            settings = settings.withScaleSizes(java.util.Arrays.stream(scaleSizes.split(","))
                    .map(String::trim).map(Integer::valueOf).toList());
        }
        Results results = run(settings, only);
        System.out.println(Json.write(results.json()));
        System.out.flush();
        System.exit(results.failedSections() == 0 ? 0 : 1);
    }

    /**
     * Runs every section.
     *
     * @param settings how much to measure
     * @return the results
     * @throws Exception when the servers cannot start
     */
    static Results run(BenchSettings settings) throws Exception {
        return run(settings, "");
    }

    /**
     * Runs the sections whose name starts with {@code only} (every section when empty).
     *
     * @param settings how much to measure
     * @param only a section name prefix, or empty
     * @return the results
     * @throws Exception when the servers cannot start
     */
    static Results run(BenchSettings settings, String only) throws Exception {
        Results results = new Results(only);
        Console.say("mode %s; cores %d", settings.name(), Runtime.getRuntime().availableProcessors());
        RedisVersion version = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        String token = Tokens.random();
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(TestCertificates.shared().server())
                .password(token).name("bench").start()) {
            Endpoint endpoint = new Endpoint(server.host(), server.port());
            Console.say("static-token server: %s", server);
            results.section("connectOverhead.jedis",
                    () -> results.connectJedis = JedisBenchmarks.connect(endpoint, token, settings));
            results.section("connectOverhead.lettuce",
                    () -> results.connectLettuce = LettuceBenchmarks.connect(endpoint, token, settings));
            if (settings.jmh()) {
                results.section("connectOverhead.lettuce.diagnostic",
                        () -> LettuceBenchmarks.connectAgainstStockResp2(endpoint, token, settings));
            }
            results.section("reconnect.lettuce",
                    () -> results.reconnectLettuce = LettuceBenchmarks.reconnect(server, endpoint, token, settings));
            results.section("reconnect.jedis",
                    () -> results.reconnectJedis = JedisBenchmarks.reconnect(server, endpoint, token, settings));
            results.section("secretsCalls",
                    () -> results.secrets = SecretsCalls.measure(endpoint, token, settings.concurrentConnects()));
            results.section("verifier",
                    () -> results.verifier = VerifierVsRedisCli.measure(endpoint, token, settings));
            results.section("steadyState",
                    () -> results.steady = SteadyState.measure(endpoint, token, settings));
            results.section("memoryPerIdleConnection",
                    () -> results.memory = IdleMemory.measure(endpoint, token, settings));
        }
        results.section("scale", () -> results.scale = ScaleRide.measure(settings.scaleSizes()));
        RedisVersion modern = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        for (RedisVersion backend : List.of(RedisVersion.V2_8, modern)) {
            results.section("rotationFailures " + backend, () -> {
                try (AuthGateway gateway = AuthGateway.builder().backendVersion(backend).start()) {
                    Console.say("lifecycle through %s", gateway);
                    results.lifecycles.add(RotationLifecycle.run(gateway, settings, lifecycleClients()));
                }
            });
        }
        if (settings.jmh()) {
            results.section("jmh", JmhConnect::run);
        }
        return results;
    }

    /** Every client in the rotation lifecycle, ours and stock, all running at the same time. */
    static List<Function<RotationLifecycle.Context, RunningLoad>> lifecycleClients() {
        return List.of(
                context -> JedisLoad.ours(JedisClients.ours(context.endpoint(), context.tokens(), true).build(),
                        context.threads()),
                context -> JedisLoad.stock(context.endpoint(), context.firstToken(), context.threads()),
                context -> LettuceLoad.ours(LettuceClients.ours(context.endpoint(), context.tokens()), context.threads()),
                context -> LettuceLoad.stock(context.endpoint(), context.firstToken(), context.threads()));
    }

    /** What the sections measured; null where a section did not run or failed. */
    static final class Results {
        Comparison connectJedis;
        Comparison connectLettuce;
        Comparison reconnectJedis;
        Comparison reconnectLettuce;
        SecretsCalls.Result secrets;
        Comparison verifier;
        SteadyState.Result steady;
        Map<String, IdleMemory.Result> memory;
        Map<String, Map<Integer, ScaleRide.Row>> scale;
        final List<RotationLifecycle.Result> lifecycles = new ArrayList<>();
        private final String only;
        private int failedSections;

        Results(String only) {
            this.only = only;
        }

        /** A part of the benchmark. */
        @FunctionalInterface
        interface Section {
            void run() throws Exception;
        }

        void section(String name, Section section) {
            if (!name.startsWith(only)) {
                return;
            }
            Console.say("--- %s", name);
            try {
                section.run();
            } catch (Exception | AssertionError e) {
                failedSections++;
                Console.say("SECTION FAILED %s: %s", name, e);
                e.printStackTrace();
            }
        }

        int failedSections() {
            return failedSections;
        }

        Map<String, Object> json() {
            Map<String, Object> root = Json.object();
            Map<String, Object> connect = Json.object();
            connect.put("lettuce", connectLettuce == null ? null : connectLettuce.medianRatio());
            connect.put("jedis", connectJedis == null ? null : connectJedis.medianRatio());
            root.put("connectOverhead", connect);
            Map<String, Object> rotation = Json.object();
            for (String client : List.of("lettuce", "jedis", "stockLettuce", "stockJedis")) {
                rotation.put(client, lifecycles.stream().map(result -> result.failures().get(client))
                        .filter(Objects::nonNull).reduce(Long::sum).orElse(null));
            }
            root.put("rotationFailures", rotation);
            Map<String, Object> reconnect = Json.object();
            reconnect.put("lettuce", reconnectJson(reconnectLettuce));
            reconnect.put("jedis", reconnectJson(reconnectJedis));
            root.put("reconnect", reconnect);
            Map<String, Object> secretsJson = Json.object();
            secretsJson.put("concurrentConnects", secrets == null ? null : secrets.connections());
            secretsJson.put("getSecretValueCalls", secrets == null ? null : secrets.getSecretValueCalls());
            root.put("secretsCalls", secretsJson);
            Map<String, Object> verifierJson = Json.object();
            verifierJson.put("ratioToRedisCli", verifier == null ? null : verifier.medianRatio());
            root.put("verifier", verifierJson);
            root.put("steadyState", steadyJson());
            root.put("memoryPerIdleConnection", memoryJson());
            Map<String, Object> stalls = Json.object();
            for (RotationLifecycle.Result lifecycle : lifecycles) {
                stalls.put(lifecycle.dialect(), new LinkedHashMap<String, Object>(lifecycle.longestStallMillis()));
            }
            root.put("rotationStall", stalls);
            root.put("scale", scaleJson());
            return root;
        }

        /**
         * {@code latency.SHAPE}: p50/p99 in µs per side and the ratios ours / stock;
         * {@code throughput.SHAPE.THREADS}: ops/s per side and stock / ours. Both directions make
         * "≤ 1.02" mean "ours at most 2 % worse".
         */
        private Map<String, Object> steadyJson() {
            if (steady == null) {
                return null;
            }
            Map<String, Object> latency = Json.object();
            steady.latency().forEach((shape, comparison) -> {
                Map<String, Object> json = Json.object();
                json.put("oursP50Us", comparison.ours().medianMs() * 1000);
                json.put("oursP99Us", comparison.ours().percentileMs(99) * 1000);
                json.put("stockP50Us", comparison.stock().medianMs() * 1000);
                json.put("stockP99Us", comparison.stock().percentileMs(99) * 1000);
                json.put("oursOverStockP50", comparison.medianRatio());
                json.put("oursOverStockP99", SteadyState.p99Ratio(comparison));
                latency.put(shape, json);
            });
            Map<String, Object> throughput = Json.object();
            steady.throughput().forEach((shape, byThreads) -> {
                Map<String, Object> shapeJson = Json.object();
                byThreads.forEach((threads, result) -> {
                    Map<String, Object> json = Json.object();
                    json.put("oursOpsPerSec", Math.round(result.oursOpsPerSec()));
                    json.put("stockOpsPerSec", Math.round(result.stockOpsPerSec()));
                    json.put("stockOverOurs", result.stockOverOurs());
                    shapeJson.put(String.valueOf(threads), json);
                });
                throughput.put(shape, shapeJson);
            });
            Map<String, Object> json = Json.object();
            json.put("latency", latency);
            json.put("throughput", throughput);
            return json;
        }

        private Map<String, Object> memoryJson() {
            if (memory == null) {
                return null;
            }
            Map<String, Object> json = Json.object();
            memory.forEach((shape, result) -> {
                Map<String, Object> shapeJson = Json.object();
                shapeJson.put("connections", result.connections());
                shapeJson.put("oursBytes", result.oursBytes());
                shapeJson.put("stockBytes", result.stockBytes());
                shapeJson.put("oursOverStock", result.ratio());
                json.put(shape, shapeJson);
            });
            return json;
        }

        private Map<String, Object> scaleJson() {
            if (scale == null) {
                return null;
            }
            Map<String, Object> json = Json.object();
            scale.forEach((client, bySize) -> {
                Map<String, Object> clientJson = Json.object();
                bySize.forEach((size, row) -> {
                    if (row == null) {
                        clientJson.put(String.valueOf(size), null);
                        return;
                    }
                    Map<String, Object> rowJson = Json.object();
                    rowJson.put("openMs", row.openMillis());
                    rowJson.put("convergeMs", row.convergeMillis() < 0 ? null : row.convergeMillis());
                    rowJson.put("getSecretValueCalls", row.getSecretValueCalls());
                    rowJson.put("heapMb", row.heapMb());
                    rowJson.put("threads", row.threads());
                    rowJson.put("threadsBefore", row.threadsBefore());
                    rowJson.put("reconnectOnlyMs", row.reconnectOnlyMillis());
                    rowJson.put("notConverged", row.notConverged());
                    rowJson.put("notReconnected", row.notReconnected());
                    clientJson.put(String.valueOf(size), rowJson);
                });
                json.put(client, clientJson);
            });
            return json;
        }

        private static Map<String, Object> reconnectJson(Comparison comparison) {
            Map<String, Object> json = Json.object();
            json.put("p50Ms", comparison == null ? null : comparison.ours().medianMs());
            json.put("p99Ms", comparison == null ? null : comparison.ours().percentileMs(99));
            json.put("ratioToStock", comparison == null ? null : comparison.medianRatio());
            return json;
        }
    }
}
