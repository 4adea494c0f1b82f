package io.github.redisauth.bench;

import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.aws.SecretsManagerTokenSource;
import io.github.redisauth.jedis.JedisAuthConfig;
import io.github.redisauth.testkit.LocalSecretsManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * GetSecretValue calls while N connections open at once on a cold cache: N threads, released
 * together, each borrow one connection from our {@code JedisPool} (maxTotal N) whose token source
 * is {@code TokenSources.cached(SecretsManagerTokenSource)} pointed at the testkit's
 * {@link LocalSecretsManager}; each holds its connection until all N are open. The secret has
 * AWSCURRENT (the server's token) and AWSPREVIOUS, no AWSPENDING, so one refresh is three calls
 * (the AWSPENDING one answered "not found").
 */
final class SecretsCalls {

    /**
     * @param connections connections opened
     * @param getSecretValueCalls GetSecretValue calls the local endpoint received
     * @param openedMillis time until every connection was open
     */
    record Result(int connections, int getSecretValueCalls, long openedMillis) {
    }

    private static final int OPEN_TIMEOUT_MILLIS = 60_000;

    private SecretsCalls() {
    }

    @SuppressWarnings("deprecation") // JedisPool
    static Result measure(Endpoint endpoint, String token, int connections) throws Exception {
        try (LocalSecretsManager secrets = new LocalSecretsManager().start()) {
            String secretId = "bench/redis/auth-token";
            secrets.putSecretString(secretId, Tokens.random(), LocalSecretsManager.AWSCURRENT);
            secrets.rotate(secretId, token);
            secrets.resetCounts();
            JedisPoolConfig poolConfig = new JedisPoolConfig();
            poolConfig.setMaxTotal(connections);
            poolConfig.setMaxIdle(connections);
            poolConfig.setJmxEnabled(false);
            try (CachingTokenSource tokens = TokenSources.cached(SecretsManagerTokenSource.builder()
                            .secretId(secretId)
                            .region(Region.US_EAST_1)
                            .endpointOverride(secrets.endpoint())
                            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                            .build());
                    JedisPool pool = JedisClients.ours(endpoint, tokens, false).jedisPoolConfig(poolConfig)
                            // 1000 TLS handshakes at once on a small machine outlast Jedis's 2 s default
                            .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(OPEN_TIMEOUT_MILLIS)
                                    .socketTimeoutMillis(OPEN_TIMEOUT_MILLIS).build())
                            .build().createJedisPool()) {
                long openedMillis = openAtOnce(pool, connections);
                int calls = secrets.callCount("GetSecretValue");
                Console.say("secrets: %d connections opened at once in %d ms on a cold cache: %d GetSecretValue call(s)"
                        + " (AWSCURRENT %d, AWSPENDING %d, AWSPREVIOUS %d)", connections, openedMillis, calls,
                        secrets.stageCallCount(LocalSecretsManager.AWSCURRENT),
                        secrets.stageCallCount(LocalSecretsManager.AWSPENDING),
                        secrets.stageCallCount(LocalSecretsManager.AWSPREVIOUS));
                return new Result(connections, calls, openedMillis);
            }
        }
    }

    @SuppressWarnings("deprecation") // JedisPool
    private static long openAtOnce(JedisPool pool, int connections) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch opened = new CountDownLatch(connections);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<Throwable> lastFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    try (Jedis jedis = pool.getResource()) {
                        jedis.ping();
                        opened.countDown();
                        release.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    lastFailure.set(e);
                    opened.countDown();
                }
            }, "bench-open-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long begin = System.nanoTime();
        start.countDown();
        boolean all = opened.await(120, TimeUnit.SECONDS);
        long elapsed = (System.nanoTime() - begin) / 1_000_000;
        release.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        if (!all || failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + connections + " connections failed to open"
                    + (all ? "" : " or timed out") + "; last: " + lastFailure.get(), lastFailure.get());
        }
        return elapsed;
    }
}
