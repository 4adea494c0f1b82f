package io.github.redisauth.jedis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.AuthReply;
import io.github.redisauth.ReplyClassifier;
import io.github.redisauth.testkit.TestCertificates;
import io.github.redisauth.testkit.Workload;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.UnifiedJedis;

/**
 * Jedis helpers for the tests: workload operations, stock clients, the Jedis line on the classpath.
 * Compiles and runs on every Jedis line from 6.0: it names nothing that only Jedis 7.2+ has.
 */
@SuppressWarnings("deprecation") // JedisPool, JedisCluster and the TLS builder methods, deprecated in Jedis 8
final class JedisTestSupport {

    private JedisTestSupport() {
    }

    /** {@code SET} then {@code GET} of the thread's key through a pooled or cluster client. */
    static Workload.Operation setThenGet(UnifiedJedis client) {
        Objects.requireNonNull(client, "client");
        return (key, value) -> {
            client.set(key, value);
            Workload.expectValue(key, value, client.get(key));
        };
    }

    /** {@code SET} then {@code GET} on a connection borrowed from a {@code JedisPool}. */
    static Workload.Operation setThenGet(JedisPool pool) {
        Objects.requireNonNull(pool, "pool");
        return (key, value) -> {
            try (Jedis jedis = pool.getResource()) {
                jedis.set(key, value);
                Workload.expectValue(key, value, jedis.get(key));
            }
        };
    }

    /**
     * Starts a workload whose operation runs through {@code retry} (once when it is disabled); a failure
     * counts as an authentication failure when core's classifier recognises an authentication answer in it.
     */
    static Workload workload(String keyPrefix, int threads, IdempotentRetry retry, Workload.Operation operation) {
        return Workload.builder((key, value) -> retry.run(() -> {
                    try {
                        operation.run(key, value);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .threads(threads)
                .keyPrefix("redis-auth:" + keyPrefix)
                .authFailure(failure -> ReplyClassifier.classify(failure) != AuthReply.OTHER)
                .start();
    }

    /** A retry policy that runs each operation once, for the stock clients. */
    static IdempotentRetry noRetry() {
        return new IdempotentRetry(false, 1, Duration.ZERO);
    }

    /** Stock Jedis with a static token: a {@code JedisPool} (on every line), TLS with the test CA. */
    static JedisPool stockPool(String host, int port, String token) {
        return new JedisPool(new GenericObjectPoolConfig<>(), new HostAndPort(host, port), stockConfig(token));
    }

    /** Stock cluster client with a static token: {@code JedisCluster} (on every line). */
    static JedisCluster stockCluster(Set<HostAndPort> seeds, String token) {
        return new JedisCluster(seeds, stockConfig(token));
    }

    private static DefaultJedisClientConfig stockConfig(String token) {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder().password(token).ssl(true)
                .sslSocketFactory(TestCertificates.shared().clientSslContext().getSocketFactory());
        // What classic Jedis does anyway; said explicitly on Jedis 8, which otherwise warns on every connection.
        try {
            DefaultJedisClientConfig.Builder.class.getMethod("autoNegotiateProtocol", boolean.class).invoke(builder, false);
        } catch (NoSuchMethodException beforeJedis8) {
            // Jedis 6 and 7 never negotiate.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return builder.build();
    }

    /** @return the first throwable of {@code type} in the cause chain of {@code failure}, or null */
    static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** @return true when the Jedis line on the classpath has {@code RedisClient} and {@code RedisClusterClient} */
    static boolean lineHasRedisClient() {
        return classPresent("redis.clients.jedis.RedisClient") && classPresent("redis.clients.jedis.RedisClusterClient");
    }

    /** Skips the calling test, printing why, on a Jedis line without {@code RedisClient} (6.x to 7.1). */
    static void assumeLineHasRedisClient(String what) {
        boolean present = lineHasRedisClient();
        if (!present) {
            System.out.println("SKIPPED " + what + ": Jedis " + JedisAuthConfig.jedisVersion()
                    + " has no RedisClient/RedisClusterClient (Jedis 7.2+)");
        }
        assumeTrue(present, () -> what + " needs Jedis 7.2+; found Jedis " + JedisAuthConfig.jedisVersion());
    }

    /** Skips the calling test, printing why, on a Jedis line that has {@code RedisClient}. */
    static void assumeLineLacksRedisClient(String what) {
        boolean absent = !lineHasRedisClient();
        if (!absent) {
            System.out.println("SKIPPED " + what + ": Jedis " + JedisAuthConfig.jedisVersion() + " has RedisClient");
        }
        assumeTrue(absent, () -> what + " is about Jedis lines before 7.2; found Jedis " + JedisAuthConfig.jedisVersion());
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, UnifiedJedis.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
