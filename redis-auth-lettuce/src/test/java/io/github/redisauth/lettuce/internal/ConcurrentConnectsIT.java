package io.github.redisauth.lettuce.internal;

import io.github.redisauth.testkit.OwnThreads;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthStatistics;
import io.github.redisauth.AuthToken;
import io.github.redisauth.SettableTokenSource;
import io.github.redisauth.TokenSources;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.SslOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's review finding: with one "last token issued" field per client, a connect could report the outcome
 * of its handshake as that of a token a concurrent connect's handshake got. Scripted with latches: connect X's
 * handshake gets tokenA, then the source prefers tokenB and connect Y's handshake gets it and succeeds, then
 * X's handshake is rejected. X's rejection must not be pinned on tokenB (which the server accepts); the
 * coordinator negotiates instead (a real server that accepts only tokenB answers the probe).
 */
class ConcurrentConnectsIT {

    private static final AuthToken A = AuthToken.of("tokenA", "tokenA-s3ntinel-0123456789abcdef");
    private static final AuthToken B = AuthToken.of("tokenB", "tokenB-s3ntinel-0123456789abcdef");

    @Test
    void aConnectsRejectionIsNotPinnedOnTheTokenAConcurrentHandshakeGot() throws Exception {
        Assumptions.assumeTrue(RedisVersion.V7.isAvailable(), RedisVersion.V7.unavailableReason().orElse(""));
        SettableTokenSource source = TokenSources.settable(A, B);
        ClientResources resources = DefaultClientResources.create();
        try (RedisServer server = RedisServer.builder(RedisVersion.V7).tls(true).password(B.valueAsString()).start()) {
            LettuceAuthConfig config = LettuceAuthConfig.builder()
                    .endpoint(server.host(), server.port())
                    .tokenSource(source)
                    .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                    .sourcePollInterval(Duration.ZERO)
                    .build();
            try (AuthCoordinator coordinator = new AuthCoordinator(config, resources, LettuceSetup.clientOptions(config),
                    LettuceSetup.endpoints(config, null))) {
                CountDownLatch xResolved = new CountDownLatch(1);
                CountDownLatch yDone = new CountDownLatch(1);
                AtomicInteger xAttempts = new AtomicInteger();
                CompletableFuture<String> x = CompletableFuture.supplyAsync(() -> coordinator.connect(() -> {
                    String sent = label(coordinator);
                    if (xAttempts.incrementAndGet() == 1) {
                        assertThat(sent).as("X's first handshake").isEqualTo("tokenA");
                        xResolved.countDown();
                        await(yDone);
                        throw new RedisConnectionException("Unable to connect to " + server.host(),
                                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."));
                    }
                    return "X connected with " + sent;
                }), OwnThreads.named("connect-x"));
                await(xResolved);
                source.set(B, A);
                String y = coordinator.connect(() -> "Y connected with " + label(coordinator));
                yDone.countDown();

                assertThat(y).isEqualTo("Y connected with tokenB");
                assertThat(x.get(30, TimeUnit.SECONDS)).as("X after the negotiation").isEqualTo("X connected with tokenB");
                AuthStatistics statistics = coordinator.statistics();
                assertThat(statistics.tokenInUse()).as("token in use: %s", statistics).startsWith("tokenB#");
                assertThat(statistics.rejections()).as("rejections recorded (tokenB was never rejected): %s", statistics)
                        .isZero();
            }
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** What a handshake does: asks the rotating provider; returns the label of the token it got. */
    private static String label(AuthCoordinator coordinator) {
        RedisCredentials credentials = coordinator.credentialsProvider().resolveCredentials().block(Duration.ofSeconds(30));
        String value = new String(credentials.getPassword());
        return value.equals(A.valueAsString()) ? "tokenA" : value.equals(B.valueAsString()) ? "tokenB" : "another token";
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
