package io.github.redisauth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.testkit.RedisVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The harness with tiny counts (a few seconds): every section runs and the JSON line has the
 * agreed shape. The figures themselves are meaningless at this size.
 */
class BenchSmokeIT {

    @Test
    @SuppressWarnings("unchecked")
    void everySectionRunsAndTheJsonHasTheAgreedShape() throws Exception {
        assumeTrue(RedisVersion.V7.isAvailable() || RedisVersion.V6_2.isAvailable(), "no Redis 6.2/7 server available");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-cli")) || onPath("redis-cli"), "redis-cli is not on the PATH");

        BenchMain.Results results = BenchMain.run(BenchSettings.SMOKE);

        assertThat(results.failedSections()).as("failed sections (see stderr)").isZero();
        Map<String, Object> json = results.json();
        assertThat(json).containsOnlyKeys("connectOverhead", "rotationFailures", "reconnect", "secretsCalls", "verifier",
                "steadyState", "memoryPerIdleConnection", "rotationStall", "scale");
        assertThat((Map<String, Object>) json.get("connectOverhead")).containsOnlyKeys("lettuce", "jedis")
                .extractingByKey("jedis").isInstanceOf(Double.class);
        Map<String, Object> rotation = (Map<String, Object>) json.get("rotationFailures");
        assertThat(rotation).containsOnlyKeys("lettuce", "jedis", "stockLettuce", "stockJedis");
        assertThat(rotation.get("jedis")).isEqualTo(0L);
        assertThat((Long) rotation.get("stockJedis")).isPositive();
        Map<String, Object> reconnect = (Map<String, Object>) json.get("reconnect");
        assertThat(reconnect).containsOnlyKeys("lettuce", "jedis");
        assertThat((Map<String, Object>) reconnect.get("jedis")).containsOnlyKeys("p50Ms", "p99Ms", "ratioToStock");
        Map<String, Object> secrets = (Map<String, Object>) json.get("secretsCalls");
        assertThat(secrets).containsOnlyKeys("concurrentConnects", "getSecretValueCalls");
        assertThat(secrets.get("getSecretValueCalls")).isEqualTo(3);
        assertThat((Map<String, Object>) json.get("verifier")).containsOnlyKeys("ratioToRedisCli");

        Map<String, Object> steady = (Map<String, Object>) json.get("steadyState");
        assertThat(steady).as("steadyState").containsOnlyKeys("latency", "throughput");
        assertThat((Map<String, Object>) steady.get("latency")).as("latency shapes")
                .containsOnlyKeys("jedisRedisClient", "jedisPool", "lettuceSync");
        assertThat((Map<String, Object>) ((Map<String, Object>) steady.get("latency")).get("jedisPool"))
                .containsOnlyKeys("oursP50Us", "oursP99Us", "stockP50Us", "stockP99Us", "oursOverStockP50", "oursOverStockP99");
        Map<String, Object> throughput = (Map<String, Object>) steady.get("throughput");
        assertThat(throughput).as("throughput shapes").containsOnlyKeys("jedisRedisClient", "jedisPool", "lettuceSync", "lettuceAsync");
        assertThat((Map<String, Object>) throughput.get("lettuceAsync")).as("thread counts").containsOnlyKeys("1", "8", "64");
        assertThat((Map<String, Object>) ((Map<String, Object>) throughput.get("jedisPool")).get("8"))
                .containsOnlyKeys("oursOpsPerSec", "stockOpsPerSec", "stockOverOurs")
                .extractingByKey("oursOpsPerSec").as("our throughput").satisfies(ops -> assertThat((Long) ops).isPositive());
        Map<String, Object> memory = (Map<String, Object>) json.get("memoryPerIdleConnection");
        assertThat(memory).as("memory shapes").containsOnlyKeys("jedisPool", "jedisRedisClient", "lettuce");
        assertThat((Map<String, Object>) memory.get("lettuce")).containsOnlyKeys("connections", "oursBytes", "stockBytes", "oursOverStock");
        Map<String, Object> stalls = (Map<String, Object>) json.get("rotationStall");
        assertThat(stalls).as("one entry per dialect").containsOnlyKeys("PRE_6", "V6_PLUS");
        assertThat((Map<String, Object>) stalls.get("V6_PLUS")).as("per client")
                .containsOnlyKeys("jedis", "stockJedis", "lettuce", "stockLettuce");
        Map<String, Object> scale = (Map<String, Object>) json.get("scale");
        assertThat(scale).as("scale clients").containsOnlyKeys("jedisPool", "lettuce", "stockLettuce");
        Map<String, Object> scaleRow = (Map<String, Object>) ((Map<String, Object>) scale.get("lettuce"))
                .get(String.valueOf(BenchSettings.SMOKE.scaleSizes().get(0)));
        assertThat(scaleRow).as("scale row").containsOnlyKeys("openMs", "convergeMs", "getSecretValueCalls", "heapMb", "threads",
                "threadsBefore", "reconnectOnlyMs", "notConverged", "notReconnected");
        assertThat(scaleRow.get("notConverged")).as("every connection worked after the SET").isEqualTo(0);
        assertThat(scaleRow.get("getSecretValueCalls")).as("one refresh (three stages) for the SET").isEqualTo(3);

        String line = Json.write(json);
        assertThat(line).startsWith("{\"connectOverhead\":{").doesNotContain("\n").endsWith("}}");
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
