package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenSetTest {

    private static final AuthToken CURRENT = AuthToken.of("AWSCURRENT", "current-token-0000001");
    private static final AuthToken PENDING = AuthToken.of("AWSPENDING", "pending-token-0000002");
    private static final AuthToken PREVIOUS = AuthToken.of("AWSPREVIOUS", "previous-token-000003");

    @Test
    void keepsTheGivenOrder() {
        assertThat(TokenSet.of(CURRENT, PENDING, PREVIOUS).candidates()).containsExactly(CURRENT, PENDING, PREVIOUS);
        assertThat(TokenSet.of(CURRENT, PENDING).preferred()).contains(CURRENT);
    }

    @Test
    void removesRepeatedValuesKeepingTheFirstLabel() {
        AuthToken sameAsCurrent = CURRENT.withLabel("AWSPREVIOUS");
        TokenSet set = TokenSet.of(CURRENT, sameAsCurrent, PENDING);
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.candidates().get(0).label()).isEqualTo("AWSCURRENT");
    }

    @Test
    void refusesMoreThanThreeDistinctValues() {
        AuthToken fourth = AuthToken.of("extra", "extra-token-000000004");
        assertThatThrownBy(() -> TokenSet.of(CURRENT, PENDING, PREVIOUS, fourth))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TokenSet holds at most 3 distinct tokens (current, pending, previous), got 4: [AWSCURRENT#"
                        + CURRENT.fingerprint() + ", AWSPENDING#" + PENDING.fingerprint() + ", AWSPREVIOUS#"
                        + PREVIOUS.fingerprint() + ", extra#" + fourth.fingerprint() + "]");
    }

    @Test
    void fourEntriesWithADuplicateAreThree() {
        assertThat(TokenSet.of(CURRENT, PENDING, CURRENT, PREVIOUS).size()).isEqualTo(3);
    }

    @Test
    void emptyHasNoPreferred() {
        assertThat(TokenSet.empty().isEmpty()).isTrue();
        assertThat(TokenSet.empty().preferred()).isEmpty();
        assertThat(TokenSet.of(List.of())).isSameAs(TokenSet.empty());
    }

    @Test
    void toStringShowsLabelsAndFingerprintsOnly() {
        assertThat(TokenSet.of(CURRENT, PENDING).toString())
                .isEqualTo("TokenSet[AWSCURRENT#" + CURRENT.fingerprint() + ", AWSPENDING#" + PENDING.fingerprint() + "]")
                .doesNotContain("current-token");
    }
}
