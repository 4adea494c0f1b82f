package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import io.github.redisauth.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RotationStateTest {

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "current-token-0000001");
    private static final AuthToken PENDING = AuthToken.of("AWSPENDING", "pending-token-0000002");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "previous-token-000003");
    private static final TokenSet ALL = TokenSet.of(CURRENT, PENDING, PREVIOUS);

    private final MutableClock clock = new MutableClock();
    private final RotationState state = RotationState.builder().clock(clock).demotionPeriod(Duration.ofMinutes(5)).build();

    @Test
    void withoutHistoryTheSetOrderIsUsed() {
        assertThat(state.attemptOrder(ALL)).containsExactly(CURRENT, PENDING, PREVIOUS);
        assertThat(state.winner()).isEmpty();
    }

    @Test
    void aSuccessSentBeforeANewerRejectionDoesNotUndoIt() {
        long sent = state.version();
        state.recordRejection(CURRENT);
        assertThat(state.recordSuccess(CURRENT, sent)).isFalse();
        assertThat(state.winner()).isEmpty();
        assertThat(state.isDemoted(CURRENT)).isTrue();
        assertThat(state.attemptOrder(ALL)).containsExactly(PENDING, PREVIOUS, CURRENT);
    }

    @Test
    void aLateRejectionDoesNotUndoANewerSuccess() {
        long sent = state.version();
        state.recordSuccess(CURRENT);
        assertThat(state.recordRejection(CURRENT, sent)).isFalse();
        assertThat(state.winner()).contains(CURRENT);
        assertThat(state.isDemoted(CURRENT)).isFalse();

        long later = state.version();
        assertThat(state.recordRejection(CURRENT, later)).isTrue();
        assertThat(state.winner()).isEmpty();
    }

    @Test
    void aLateSuccessOfAnotherTokenDoesNotReplaceANewerWinner() {
        long sent = state.version();
        state.recordSuccess(PENDING);
        assertThat(state.recordSuccess(CURRENT, sent)).isFalse();
        assertThat(state.winner()).contains(PENDING);
        assertThat(state.isDemoted(CURRENT)).isFalse();
    }

    @Test
    void aSuccessSentAfterTheRejectionClearsIt() {
        state.recordRejection(CURRENT);
        long sent = state.version();
        assertThat(state.recordSuccess(CURRENT, sent)).isTrue();
        assertThat(state.winner()).contains(CURRENT);
        assertThat(state.isDemoted(CURRENT)).isFalse();
    }

    @Test
    void aLateSuccessCountsAgainOnceTheDemotionExpired() {
        long sent = state.version();
        state.recordRejection(CURRENT);
        clock.advance(RotationState.DEFAULT_DEMOTION_PERIOD.plusSeconds(1));
        assertThat(state.recordSuccess(CURRENT, sent)).isTrue();
        assertThat(state.winner()).contains(CURRENT);
    }

    @Test
    void theLastWinnerIsTriedFirst() {
        state.recordSuccess(PREVIOUS);
        assertThat(state.attemptOrder(ALL)).containsExactly(PREVIOUS, CURRENT, PENDING);
        assertThat(state.winner()).contains(PREVIOUS);
    }

    @Test
    void aWinnerNoLongerInTheSetIsIgnored() {
        state.recordSuccess(PREVIOUS);
        assertThat(state.attemptOrder(TokenSet.of(CURRENT, PENDING))).containsExactly(CURRENT, PENDING);
    }

    @Test
    void aRejectedCandidateGoesLastForTheDemotionPeriod() {
        state.recordRejection(CURRENT);
        assertThat(state.attemptOrder(ALL)).containsExactly(PENDING, PREVIOUS, CURRENT);
        assertThat(state.isDemoted(CURRENT)).isTrue();

        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(state.attemptOrder(ALL)).containsExactly(PENDING, PREVIOUS, CURRENT);

        clock.advance(Duration.ofMillis(1));
        assertThat(state.isDemoted(CURRENT)).isFalse();
        assertThat(state.attemptOrder(ALL)).containsExactly(CURRENT, PENDING, PREVIOUS);
    }

    @Test
    void rejectingTheWinnerClearsIt() {
        state.recordSuccess(CURRENT);
        state.recordRejection(CURRENT);
        assertThat(state.winner()).isEmpty();
        assertThat(state.attemptOrder(ALL)).containsExactly(PENDING, PREVIOUS, CURRENT);
    }

    @Test
    void everyCandidateRejectedStillGivesEveryCandidateInSetOrder() {
        state.recordRejection(PREVIOUS);
        state.recordRejection(CURRENT);
        state.recordRejection(PENDING);
        assertThat(state.attemptOrder(ALL)).containsExactly(CURRENT, PENDING, PREVIOUS);
    }

    @Test
    void successClearsDemotion() {
        state.recordRejection(PENDING);
        state.recordSuccess(PENDING);
        assertThat(state.isDemoted(PENDING)).isFalse();
        assertThat(state.attemptOrder(ALL)).containsExactly(PENDING, CURRENT, PREVIOUS);
    }

    @Test
    void theWinnerIsReturnedWithTheLabelTheSetGivesNow() {
        state.recordSuccess(PENDING);
        AuthToken promoted = PENDING.withLabel("AWSCURRENT");
        assertThat(state.attemptOrder(TokenSet.of(promoted, CURRENT)).get(0).label()).isEqualTo("AWSCURRENT");
    }

    @Test
    void aNonPositiveDemotionPeriodIsRefusedByName() {
        assertThatThrownBy(() -> RotationState.builder().demotionPeriod(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demotionPeriod must be positive, got PT0S");
    }

    @Test
    void toStringShowsNoValue() {
        state.recordSuccess(CURRENT);
        state.recordRejection(PREVIOUS);
        assertThat(state.toString()).doesNotContain("token-000").contains("AWSCURRENT#" + CURRENT.fingerprint());
    }

    @Test
    void concurrentReportsKeepAConsistentOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    for (int j = 0; j < 2_000; j++) {
                        if ((j + n) % 3 == 0) {
                            state.recordRejection(PREVIOUS);
                        } else {
                            state.recordSuccess(n % 2 == 0 ? CURRENT : PENDING);
                        }
                        assertThat(state.attemptOrder(ALL)).hasSize(3).containsExactlyInAnyOrder(CURRENT, PENDING, PREVIOUS);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiredDemotionsOfTokensNoLongerInTheSetAreForgotten() {
        state.recordRejection(PREVIOUS);
        assertThat(state.toString()).contains("AWSPREVIOUS#");

        clock.advance(Duration.ofMinutes(5));
        // PREVIOUS was rotated out: it is never looked up again, yet its demotion must not be kept.
        assertThat(state.attemptOrder(TokenSet.of(CURRENT, PENDING))).containsExactly(CURRENT, PENDING);
        assertThat(state.toString()).doesNotContain("AWSPREVIOUS#");

        state.recordRejection(PENDING);
        clock.advance(Duration.ofMinutes(6));
        state.recordRejection(CURRENT);
        assertThat(state.toString()).contains("AWSCURRENT#").doesNotContain("AWSPENDING#");
    }
}
