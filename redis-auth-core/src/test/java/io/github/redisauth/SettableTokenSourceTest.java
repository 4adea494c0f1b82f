package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettableTokenSourceTest {

    private static final String SENTINEL = "SENTINEL-settable-value-77";
    private static final AuthToken A = AuthToken.of("AWSCURRENT", "token-a-0123456789");
    private static final AuthToken B = AuthToken.of("AWSPENDING", "token-b-0123456789");
    private static final AuthToken C = AuthToken.of("AWSPREVIOUS", "token-c-0123456789");

    @Test
    void startsWithTheInitialTokensInOrderOrEmpty() {
        assertThat(TokenSources.settable(B, A).fetch().candidates()).containsExactly(B, A);
        assertThat(TokenSources.settable().fetch()).isEqualTo(TokenSet.empty());
    }

    @Test
    void setReplacesTheWholeSetInOrderAndReturnsTheSource() {
        SettableTokenSource source = TokenSources.settable(A);
        assertThat(source.set(B, A)).isSameAs(source);
        assertThat(source.fetch().candidates()).containsExactly(B, A);
        assertThat(source.set(TokenSet.of(C))).isSameAs(source);
        assertThat(source.fetch().candidates()).containsExactly(C);
        assertThat(source.set().fetch().isEmpty()).isTrue();
    }

    @Test
    void repeatedValuesAreKeptOnceAtTheirFirstPositionAsTokenSetDoes() {
        AuthToken sameAsA = A.withLabel("env:REDIS_AUTH_TOKEN");
        SettableTokenSource source = TokenSources.settable(A, B, sameAsA);
        assertThat(source.fetch().candidates()).containsExactly(A, B);
        assertThat(source.fetch().candidates().get(0).label()).isEqualTo("AWSCURRENT");
        assertThat(source.set(sameAsA, C, A, B).fetch().candidates()).containsExactly(sameAsA, C, B);
    }

    @Test
    void tooManyTokensAreRefusedAndLeaveTheSetAsItWas() {
        SettableTokenSource source = TokenSources.settable(A);
        AuthToken d = AuthToken.of("d", "token-d-0123456789");
        assertThatThrownBy(() -> source.set(A, B, C, d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenSources.settable(A, B, C, d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.set((TokenSet) null)).isInstanceOf(NullPointerException.class);
        assertThat(source.fetch().candidates()).containsExactly(A);
    }

    @Test
    void refreshReturnsTheCurrentSetAndIsCountedFetchIsNot() {
        SettableTokenSource source = TokenSources.settable(A);
        assertThat(source.refreshCount()).isZero();
        source.fetch();
        assertThat(source.refreshCount()).isZero();
        assertThat(source.refresh()).isEqualTo(TokenSet.of(A));
        source.set(B, A);
        assertThat(source.refresh()).isEqualTo(TokenSet.of(B, A));
        assertThat(source.refreshCount()).isEqualTo(2);
    }

    @Test
    void descriptionIsTheLabelGivenAtCreation() {
        assertThat(TokenSources.settable(A).description()).isEqualTo(SettableTokenSource.DEFAULT_DESCRIPTION)
                .isEqualTo("settable");
        assertThat(SettableTokenSource.of(A).description()).isEqualTo("settable");
        assertThat(SettableTokenSource.of("config:redis.token", A).description()).isEqualTo("config:redis.token");
        assertThatThrownBy(() -> SettableTokenSource.of(" ", A)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringAndDescriptionShowLabelsAndFingerprintsButNoValue() {
        AuthToken sentinel = AuthToken.of("AWSCURRENT", SENTINEL);
        SettableTokenSource source = SettableTokenSource.of("config:redis.token", sentinel);
        assertThat(source.toString())
                .contains("config:redis.token", "AWSCURRENT#" + sentinel.fingerprint())
                .doesNotContain("SENTINEL");
        assertThat(source.description() + source.fetch()).doesNotContain("SENTINEL");
        source.close();
        assertThat(source.fetch()).isEqualTo(TokenSet.of(sentinel));
    }

    @Test
    void concurrentSettersAndFetchersSeeWholeSetsOnly() throws Exception {
        List<TokenSet> allowed = List.of(TokenSet.of(A, B), TokenSet.of(B, C), TokenSet.of(C, A));
        SettableTokenSource source = TokenSources.settable(A, B);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5_000; i++) {
                        source.set(allowed.get((i + offset) % allowed.size()));
                    }
                    return 0;
                }));
                results.add(pool.submit(() -> {
                    start.await();
                    int refreshes = 0;
                    for (int i = 0; i < 5_000; i++) {
                        TokenSet seen = i % 2 == 0 ? source.fetch() : source.refresh();
                        refreshes += i % 2;
                        assertThat(allowed).contains(seen);
                    }
                    return refreshes;
                }));
            }
            start.countDown();
            int refreshes = 0;
            for (Future<Integer> result : results) {
                refreshes += result.get(30, TimeUnit.SECONDS);
            }
            assertThat(source.refreshCount()).isEqualTo(refreshes).isEqualTo(4 * 2_500);
            assertThat(allowed).contains(source.fetch());
        } finally {
            pool.shutdownNow();
        }
    }
}
