package io.github.redisauth.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A token source hanging on the coordinator's thread: the shared negotiation is bounded, forgotten when it
 * times out, and the next caller starts a fresh one, which runs once the thread is free. No Redis needed: the
 * probes (to a closed port) are only reached after the source returns.
 */
class NegotiationTimeoutTest {

    private static final AuthToken TOKEN = AuthToken.of("token", "token-0123456789abcdef");

    @Test
    void aNegotiationStuckInTheTokenSourceTimesOutAndTheNextCallerStartsAfresh() throws Exception {
        BlockingSource source = new BlockingSource();
        ClientResources resources = DefaultClientResources.create();
        LettuceAuthConfig config = LettuceAuthConfig.builder()
                .endpoint("127.0.0.1", 1)
                .tokenSource(source)
                .tls(false)
                .allowPlaintextToken(true)
                .sourcePollInterval(Duration.ZERO)
                .probeTimeout(Duration.ofMillis(50))
                .build();
        // negotiationTimeout: 8 probes of 50 ms + 600 ms = 1 s
        AuthCoordinator coordinator = new AuthCoordinator(config, resources, ClientOptions.create(), config.endpoints(),
                Duration.ofMillis(600));
        try {
            assertThat(coordinator.negotiationTimeout()).isEqualTo(Duration.ofSeconds(1));
            CompletableFuture<?> stuck = coordinator.negotiate("test");
            assertThat(source.entered.await(10, TimeUnit.SECONDS)).as("the source was called").isTrue();
            assertThat(coordinator.negotiate("test")).as("a caller while it runs joins it").isSameAs(stuck);

            // a connect answered WRONGPASS waits for the shared negotiation, which fails at its bound
            assertThatThrownBy(() -> coordinator.connect(() -> {
                throw new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled.");
            })).isInstanceOf(RedisConnectionException.class).hasMessageContaining("did not finish within");
            await().atMost(Duration.ofSeconds(10)).until(stuck::isDone);
            assertThatThrownBy(stuck::join).hasCauseInstanceOf(TimeoutException.class);

            CompletableFuture<?> fresh = coordinator.negotiate("test");
            assertThat(fresh).as("the caller after the timeout starts afresh").isNotSameAs(stuck);
            assertThat(source.fetches.get()).as("the fresh one waits behind the stuck task").isEqualTo(1);

            source.release.countDown();
            // the fresh negotiation (or, had it timed out while queued, the next one) reads the source again
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                coordinator.negotiate("test");
                return source.fetches.get() >= 2;
            });
        } finally {
            source.release.countDown();
            coordinator.close();
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** The first fetch hangs, ignoring interrupts, until released; later fetches answer at once. */
    private static final class BlockingSource implements TokenSource {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger fetches = new AtomicInteger();

        @Override
        public TokenSet fetch() {
            if (fetches.incrementAndGet() == 1) {
                entered.countDown();
                while (true) {
                    try {
                        if (release.await(100, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        // ignored on purpose: a store client that does not honour interrupts
                    }
                }
            }
            return TokenSet.of(TOKEN);
        }

        @Override
        public String description() {
            return "test:blocking";
        }
    }
}
