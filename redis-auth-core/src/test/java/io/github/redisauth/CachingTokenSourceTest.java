package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.github.redisauth.testkit.LogCapture;
import io.github.redisauth.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachingTokenSourceTest {

    private static final AuthToken OLD = AuthToken.of("AWSCURRENT", "old-token-0123456789");
    private static final AuthToken NEW = AuthToken.of("AWSCURRENT", "new-token-0123456789");
    private static final String SENTINEL = "SENTINEL-secret-value-4242";

    private final MutableClock clock = new MutableClock();
    private final FakeSource source = new FakeSource();

    private CachingTokenSource.Builder cache() {
        return CachingTokenSource.builder(source).clock(clock);
    }

    @Test
    void servesTheCachedSetUntilTheIntervalEndsThenReadsAgain() {
        source.answer(TokenSet.of(OLD));
        try (CachingTokenSource cached = cache().refreshInterval(Duration.ofMinutes(5)).build()) {
            assertThat(cached.fetch()).isEqualTo(TokenSet.of(OLD));
            source.answer(TokenSet.of(NEW));
            clock.advance(Duration.ofMinutes(4));
            assertThat(cached.fetch()).isEqualTo(TokenSet.of(OLD));
            assertThat(source.fetches.get()).isEqualTo(1);

            // Jitter only shortens the interval: a rotation is visible one interval after the read.
            clock.advance(Duration.ofMinutes(1));
            assertThat(cached.fetch()).isEqualTo(TokenSet.of(NEW));
            assertThat(source.fetches.get()).isEqualTo(2);
        }
    }

    @Test
    void thousandConcurrentCallersOnAColdCacheCauseOneRead() throws Exception {
        source.answer(TokenSet.of(OLD));
        source.block();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try (CachingTokenSource cached = cache().build()) {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<TokenSet>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                results.add(pool.submit(() -> {
                    gate.await();
                    return cached.fetch();
                }));
            }
            gate.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() == 1);
            Thread.sleep(100);
            source.unblock();
            for (Future<TokenSet> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(TokenSet.of(OLD));
            }
            assertThat(source.fetches.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaiterGivesUpAfterMaxWaitWhenNoSetIsKnown() throws Exception {
        source.answer(TokenSet.of(OLD));
        source.block();
        try (CachingTokenSource cached = cache().maxWait(Duration.ofMillis(200)).build()) {
            Thread leader = new Thread(cached::fetch);
            leader.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() == 1);
            long start = System.nanoTime();
            assertThatThrownBy(cached::fetch)
                    .isInstanceOf(TokenSourceException.class)
                    .hasMessageContaining("no answer from fake within PT0.2S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            source.unblock();
            leader.join(5000);
        }
    }

    @Test
    void servesTheLastGoodSetWhileTheSourceFailsAndLogsOncePerOutage() {
        source.answer(TokenSet.of(OLD));
        try (LogCapture log = LogCapture.allLevels("io.github.redisauth");
                CachingTokenSource cached = cache().retryAfterError(Duration.ofSeconds(10)).build()) {
            cached.fetch();
            source.fail(new TokenSourceException("store down"));

            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofMinutes(6));
                assertThat(cached.fetch()).isEqualTo(TokenSet.of(OLD));
            }
            int readsDuringOutage = source.fetches.get();
            assertThat(cached.fetch()).isEqualTo(TokenSet.of(OLD));
            assertThat(source.fetches.get()).as("retries wait retryAfterError").isEqualTo(readsDuringOutage);
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("fake failed", "serving the last good token set", "store down");

            source.answer(TokenSet.of(NEW));
            clock.advance(Duration.ofSeconds(10));
            assertThat(cached.fetch()).isEqualTo(TokenSet.of(NEW));
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("recovered after PT12M10S");
            assertThat(log.messages(Level.WARN)).hasSize(1);
        }
    }

    @Test
    void withoutAGoodSetTheFailurePropagates() {
        source.fail(new TokenSourceException("store down"));
        try (CachingTokenSource cached = cache().build()) {
            assertThatThrownBy(cached::fetch).isInstanceOf(TokenSourceException.class).hasMessage("store down");
            assertThatThrownBy(cached::refresh).isInstanceOf(TokenSourceException.class).hasMessage("store down");
        }
    }

    @Test
    void anUnexpectedExceptionBecomesATokenSourceException() {
        source.fail(new IllegalStateException("bug"));
        try (CachingTokenSource cached = cache().build()) {
            assertThatThrownBy(cached::fetch).isInstanceOf(TokenSourceException.class)
                    .hasMessageContaining("fake failed").hasRootCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void forcedRefreshIsRateLimited() {
        source.answer(TokenSet.of(OLD));
        try (CachingTokenSource cached = cache().minForcedRefreshInterval(Duration.ofSeconds(10)).build()) {
            cached.fetch();
            source.answer(TokenSet.of(NEW));

            assertThat(cached.refresh()).isEqualTo(TokenSet.of(NEW));
            assertThat(source.refreshes.get()).isEqualTo(1);

            source.answer(TokenSet.of(OLD));
            clock.advance(Duration.ofSeconds(9));
            assertThat(cached.refresh()).as("within the window: the cached set").isEqualTo(TokenSet.of(NEW));
            assertThat(source.refreshes.get()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(cached.refresh()).isEqualTo(TokenSet.of(OLD));
            assertThat(source.refreshes.get()).isEqualTo(2);
            assertThat(source.fetches.get()).isEqualTo(1);
        }
    }

    @Test
    void aForcedRefreshDoesNotSettleForAPlainReadThatStartedBeforeIt() throws Exception {
        source.answer(TokenSet.of(OLD));
        source.block();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CachingTokenSource cached = cache().minForcedRefreshInterval(Duration.ofSeconds(10)).build()) {
            Future<TokenSet> plain = pool.submit(cached::fetch);
            await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() == 1);
            source.answer(TokenSet.of(NEW));
            AtomicReference<Thread> refresher = new AtomicReference<>();
            Future<TokenSet> forced = pool.submit(() -> {
                refresher.set(Thread.currentThread());
                return cached.refresh();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> refresher.get() != null
                    && EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING).contains(refresher.get().getState()));
            source.unblock();

            assertThat(plain.get(5, TimeUnit.SECONDS)).as("the plain read answers what it read").isEqualTo(TokenSet.of(OLD));
            assertThat(forced.get(5, TimeUnit.SECONDS)).as("the forced refresh reads after it was asked for")
                    .isEqualTo(TokenSet.of(NEW));
            assertThat(source.refreshes.get()).as("one forced read of the source").isEqualTo(1);
            assertThat(cached.fetch()).as("the cache holds the refreshed set").isEqualTo(TokenSet.of(NEW));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aForcedRefreshThatTimesOutBehindAPlainReadKeepsItsAllowance() throws Exception {
        source.answer(TokenSet.of(OLD));
        try (CachingTokenSource cached = cache().maxWait(Duration.ofMillis(100))
                .minForcedRefreshInterval(Duration.ofSeconds(10)).build()) {
            cached.fetch();
            clock.advance(Duration.ofMinutes(6));
            source.block();
            Thread plain = new Thread(cached::fetch);
            plain.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> source.fetches.get() == 2);

            assertThat(cached.refresh()).as("no answer within maxWait: the last good set").isEqualTo(TokenSet.of(OLD));
            assertThat(source.refreshes.get()).as("no forced read while the plain one hangs").isZero();
            source.answer(TokenSet.of(NEW));
            source.unblock();
            plain.join(5000);

            assertThat(cached.refresh()).as("the allowance was not used up").isEqualTo(TokenSet.of(NEW));
            assertThat(source.refreshes.get()).isEqualTo(1);
        }
    }

    @Test
    void backgroundRefreshReadsAheadOfCallers() {
        source.answer(TokenSet.of(OLD));
        try (CachingTokenSource cached = CachingTokenSource.builder(source)
                .refreshInterval(Duration.ofMillis(100)).backgroundRefresh(true).build()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> source.refreshes.get() >= 3);
            source.answer(TokenSet.of(NEW));
            await().atMost(Duration.ofSeconds(5)).until(() -> cached.fetch().equals(TokenSet.of(NEW)));
        }
    }

    @Test
    void closeClosesTheSourceOnceAndRefusesFurtherUse() {
        source.answer(TokenSet.of(OLD));
        CachingTokenSource cached = cache().build();
        cached.close();
        cached.close();
        assertThat(source.closes.get()).isEqualTo(1);
        assertThatThrownBy(cached::fetch).isInstanceOf(TokenSourceException.class).hasMessage("cached:fake is closed");
    }

    @Test
    void invalidSettingsAreNamedWithTheirValueAndRule() {
        assertThatThrownBy(() -> cache().refreshInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CachingTokenSource refreshInterval = PT0S: must be between PT0.001S and PT24H");
        assertThatThrownBy(() -> cache().jitter(0.9).build())
                .hasMessage("CachingTokenSource jitter = 0.9: must be between 0 and 0.5");
        assertThatThrownBy(() -> cache().minForcedRefreshInterval(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("minForcedRefreshInterval = PT-1S");
    }

    @Test
    void tokenValuesNeverReachLogsMessagesOrToString() {
        AuthToken sentinel = AuthToken.of("AWSCURRENT", SENTINEL);
        source.answer(TokenSet.of(sentinel));
        try (LogCapture log = LogCapture.allLevels("io.github.redisauth"); CachingTokenSource cached = cache().build()) {
            TokenSet tokens = cached.fetch();
            source.fail(new TokenSourceException("store down"));
            clock.advance(Duration.ofMinutes(6));
            cached.fetch();
            source.answer(TokenSet.of(NEW));
            clock.advance(Duration.ofMinutes(6));
            cached.fetch();
            assertThat(log.text()).isNotEmpty().doesNotContain(SENTINEL);
            assertThat(tokens.toString() + cached + sentinel).doesNotContain(SENTINEL);
        }
    }

    /** A source whose answer, failure and speed the test controls. */
    private static final class FakeSource implements TokenSource {
        final AtomicInteger fetches = new AtomicInteger();
        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        private volatile TokenSet answer = TokenSet.empty();
        private volatile RuntimeException failure;
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void answer(TokenSet tokens) {
            answer = tokens;
            failure = null;
        }

        void fail(RuntimeException e) {
            failure = e;
        }

        void block() {
            gate = new CountDownLatch(1);
        }

        void unblock() {
            gate.countDown();
        }

        @Override
        public TokenSet fetch() {
            fetches.incrementAndGet();
            return answer();
        }

        @Override
        public TokenSet refresh() {
            refreshes.incrementAndGet();
            return answer();
        }

        private TokenSet answer() {
            // Taken when the read starts: a blocked read answers what the store held then.
            TokenSet startedWith = answer;
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return startedWith;
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
