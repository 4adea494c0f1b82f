package app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.VerificationReport;
import io.github.redisauth.Verifier;
import io.github.redisauth.VerifierSettings;
import io.github.redisauth.jedis.IdempotentRetry;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.UnifiedJedis;

/**
 * An application whose dependency management pins old client lines loads redis-auth and runs the
 * verifier and both clients end to end against a TLS Redis with a token rotation (ROTATE, SET, every
 * connection killed), with 0 failed commands.
 */
class RotationSmokeTest {

    private static final Predicate<Throwable> AUTH_FAILURE = f -> ReplyClassifier.classify(f) != AuthReply.OTHER;

    @Test
    void verifierAndBothClientsRideThroughARotation() throws Exception {
        String lettuce = version("io.lettuce", "lettuce-core");
        String jedis = version("redis.clients", "jedis");
        String netty = io.netty.util.Version.identify().get("netty-common").artifactVersion();
        System.out.println("consumer: loaded lettuce-core " + lettuce + ", jedis " + jedis + ", netty " + netty);
        expect("expected.lettuce", lettuce);
        expect("expected.jedis", jedis);
        String nettyLine = System.getProperty("expected.netty.line");
        if (nettyLine != null) {
            assertTrue(netty.startsWith(nettyLine), "netty " + netty + " is not on the " + nettyLine + " line");
        }

        RedisVersion version = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        if (version != RedisVersion.V7) {
            System.out.println("consumer: Redis 7 unavailable (" + RedisVersion.V7.unavailableReason().orElse("?")
                    + "); using Redis 6.2");
        }
        AuthToken t1 = AuthToken.of("AWSCURRENT", randomToken());
        AuthToken t2 = AuthToken.of("AWSPENDING", randomToken());
        TestCertificates certificates = TestCertificates.shared();
        try (RedisServer server = RedisServer.builder(version).tls(true).certificate(certificates.server())
                .password(t1.valueAsString()).start()) {
            VerificationReport report = Verifier.verify(VerifierSettings.builder().host(server.host()).port(server.port())
                    .tls(true).caCertificate(certificates.caCertificate()).tokens(TokenSources.settable(t1)).build());
            System.out.println("consumer: verifier " + report.result() + " on redis " + server.versionString());
            assertTrue(report.passed(), "verifier: " + report.checks());

            SettableTokenSource tokens = TokenSources.settable(t1);
            LettuceAuthConfig lettuceConfig = LettuceAuthConfig.builder().endpoint(server.host(), server.port())
                    .tokenSource(tokens)
                    .sslOptions(SslOptions.builder().trustManager(certificates.caCertificate().toFile()).build())
                    .build();
            JedisAuthConfig jedisConfig = JedisAuthConfig.builder().endpoint(server.host(), server.port())
                    .tokenSource(tokens).sslContext(certificates.clientSslContext())
                    // a command in flight on a connection the server kills fails in Jedis unless retried
                    .idempotentRetry(true).build();
            IdempotentRetry retry = jedisConfig.idempotentRetry();
            try (RedisAuthClient lettuceClient = RedisAuthClient.create(lettuceConfig);
                    StatefulRedisConnection<String, String> connection = lettuceClient.connect();
                    JedisPool pool = jedisConfig.createJedisPool();
                    UnifiedJedis pooled = jedisConfig.createPooledClient()) {
                RedisCommands<String, String> sync = connection.sync();
                List<Workload> workloads = List.of(
                        start("lettuce", (key, value) -> {
                            sync.set(key, value);
                            Workload.expectValue(key, value, sync.get(key));
                        }),
                        start("jedis-pool", (key, value) -> retry.run(() -> {
                            try (Jedis jedisConnection = pool.getResource()) {
                                jedisConnection.set(key, value);
                                Workload.expectValue(key, value, jedisConnection.get(key));
                            }
                        })),
                        start("jedis-pooled", (key, value) -> retry.run(() -> {
                            pooled.set(key, value);
                            Workload.expectValue(key, value, pooled.get(key));
                        })));
                Thread.sleep(500);
                // ROTATE: both tokens accepted; the source now prefers the new one
                server.setPasswords(t1.valueAsString(), t2.valueAsString());
                tokens.set(t2, t1);
                Thread.sleep(500);
                server.killClients();
                Thread.sleep(500);
                // SET: only the new token; every connection dropped
                server.setPasswords(t2.valueAsString());
                server.killClients();
                Thread.sleep(1500);
                long[] before = workloads.stream().mapToLong(w -> w.counts().ops()).toArray();
                Thread.sleep(500);
                for (int i = 0; i < workloads.size(); i++) {
                    Workload.Counts counts = workloads.get(i).stop();
                    String name = List.of("lettuce", "jedis-pool", "jedis-pooled").get(i);
                    System.out.println("consumer: " + name + " ops=" + counts.ops() + " failures=" + counts.failures()
                            + " authFailures=" + counts.authFailures() + " longestStallMs=" + counts.longestStallMillis()
                            + (counts.failures() > 0 ? " last=" + counts.lastFailure() : ""));
                    assertEquals(0, counts.failures(), name + " failed commands: " + counts.lastFailure());
                    assertTrue(counts.ops() > before[i], name + " made no progress after SET");
                }
            }
            VerificationReport after = Verifier.verify(VerifierSettings.builder().host(server.host()).port(server.port())
                    .tls(true).caCertificate(certificates.caCertificate()).tokens(TokenSources.settable(t2)).build());
            assertTrue(after.passed(), "verifier after the rotation: " + after.checks());
        }
        System.out.println("consumer: PASS");
    }

    private static Workload start(String name, Workload.Operation operation) {
        return Workload.builder(operation).threads(2).keyPrefix("consumer:" + name).authFailure(AUTH_FAILURE).start();
    }

    private static void expect(String property, String actual) {
        String expected = System.getProperty(property);
        if (expected != null) {
            assertEquals(expected, actual, property);
        }
    }

    private static String version(String group, String artifact) throws IOException {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = RotationSmokeTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
    }

    private static String randomToken() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }
}
