package io.github.redisauth.aws;

import static io.github.redisauth.testkit.LocalSecretsManager.AWSCURRENT;
import static io.github.redisauth.testkit.LocalSecretsManager.AWSPENDING;
import static io.github.redisauth.testkit.LocalSecretsManager.AWSPREVIOUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.CachingTokenSource;
import io.github.redisauth.TokenSet;
import io.github.redisauth.testkit.LocalSecretsManager;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The Secrets Manager source behind the cache, as clients use it. */
class CachedSecretsManagerIT {

    private static final String V1 = "token-v1-0123456789abcdef";
    private static final String V2 = "token-v2-0123456789abcdef";

    private static LocalSecretsManager local;
    private final MutableClock clock = new MutableClock();
    private String secretId;

    @BeforeAll
    static void start() throws Exception {
        local = new LocalSecretsManager().start();
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @BeforeEach
    void newSecret() {
        secretId = "redis/auth/" + UUID.randomUUID();
        local.resetCounts();
        local.delay(Duration.ZERO);
    }

    private CachingTokenSource cachedSource(Duration refreshInterval) {
        SecretsManagerTokenSource source = SecretsManagerTokenSource.builder()
                .secretId(secretId)
                .region(Region.US_EAST_1)
                .endpointOverride(local.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        return CachingTokenSource.builder(source).refreshInterval(refreshInterval).clock(clock).build();
    }

    @Test
    void thousandConcurrentFetchesOnAColdCacheMakeOneCallPerStage() throws Exception {
        local.putSecretString(secretId, V1, AWSCURRENT);
        local.putPending(secretId, V2);
        local.delay(Duration.ofMillis(50));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try (CachingTokenSource cached = cachedSource(Duration.ofMinutes(5))) {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<TokenSet>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                results.add(pool.submit(() -> {
                    gate.await();
                    return cached.fetch();
                }));
            }
            gate.countDown();
            for (Future<TokenSet> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS).candidates()).extracting(AuthToken::valueAsString).containsExactly(V1, V2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(local.stageCallCount(AWSCURRENT)).isEqualTo(1);
        assertThat(local.stageCallCount(AWSPENDING)).isEqualTo(1);
        assertThat(local.stageCallCount(AWSPREVIOUS)).isEqualTo(1);
        assertThat(local.callCount("GetSecretValue")).isEqualTo(3);
    }

    @Test
    void aRotationIsVisibleWithinOneRefreshInterval() {
        Duration interval = Duration.ofMinutes(5);
        local.putSecretString(secretId, V1, AWSCURRENT);
        try (CachingTokenSource cached = cachedSource(interval)) {
            assertThat(labelsAndValues(cached.fetch())).containsExactly("AWSCURRENT=" + V1);

            local.putPending(secretId, V2);
            clock.advance(interval);
            assertThat(labelsAndValues(cached.fetch())).containsExactly("AWSCURRENT=" + V1, "AWSPENDING=" + V2);

            local.promotePending(secretId);
            clock.advance(interval);
            assertThat(labelsAndValues(cached.fetch())).containsExactly("AWSCURRENT=" + V2, "AWSPREVIOUS=" + V1);
        }
        assertThat(local.callCount("GetSecretValue")).isEqualTo(9);
    }

    @Test
    void forcedRefreshesAreRateLimited() {
        local.putSecretString(secretId, V1, AWSCURRENT);
        try (CachingTokenSource cached = cachedSource(Duration.ofMinutes(5))) {
            cached.fetch();
            local.rotate(secretId, V2);

            assertThat(cached.refresh().preferred().orElseThrow().valueAsString()).isEqualTo(V2);
            for (int i = 0; i < 100; i++) {
                cached.refresh();
            }
            assertThat(local.callCount("GetSecretValue")).as("one read + one forced refresh").isEqualTo(6);

            clock.advance(CachingTokenSource.DEFAULT_MIN_FORCED_REFRESH_INTERVAL);
            cached.refresh();
            assertThat(local.callCount("GetSecretValue")).isEqualTo(9);
        }
    }

    @Test
    void theLastGoodSetIsServedWhileSecretsManagerFails() {
        local.putSecretString(secretId, V1, AWSCURRENT);
        try (LogCapture log = LogCapture.allLevels("io.github.redisauth"); CachingTokenSource cached = cachedSource(Duration.ofMinutes(5))) {
            cached.fetch();
            local.denyAccess(true);
            clock.advance(Duration.ofMinutes(5));

            assertThat(cached.fetch().preferred().orElseThrow().valueAsString()).isEqualTo(V1);
            assertThat(cached.refresh().preferred().orElseThrow().valueAsString()).isEqualTo(V1);
            assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).singleElement().asString()
                    .contains("secretsmanager:" + secretId, "AccessDeniedException").doesNotContain(V1);

            local.denyAccess(false);
            clock.advance(CachingTokenSource.DEFAULT_RETRY_AFTER_ERROR);
            assertThat(cached.fetch().preferred().orElseThrow().valueAsString()).isEqualTo(V1);
            assertThat(log.messages(ch.qos.logback.classic.Level.INFO)).singleElement().asString().contains("recovered");
        } finally {
            local.denyAccess(false);
        }
    }

    private static List<String> labelsAndValues(TokenSet tokens) {
        return tokens.candidates().stream().map(t -> t.label() + "=" + t.valueAsString()).toList();
    }
}
