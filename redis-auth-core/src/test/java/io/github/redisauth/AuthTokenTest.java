package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuthTokenTest {

    private static final String VALID = "Abcdefgh12345678";

    @Test
    void aValidTokenBreaksNoRule() {
        assertThat(AuthToken.of("test", VALID).violations()).isEmpty();
        assertThat(AuthToken.of("test", VALID).isElastiCacheCompliant()).isTrue();
    }

    @Test
    void fifteenCharactersBreakTheMinimumLength() {
        assertThat(AuthToken.of("test", "A".repeat(15)).violations()).containsExactly(TokenRule.MIN_LENGTH);
        assertThat(AuthToken.of("test", "A".repeat(16)).violations()).isEmpty();
    }

    @Test
    void moreThan128CharactersBreakTheMaximumLength() {
        assertThat(AuthToken.of("test", "A".repeat(129)).violations()).containsExactly(TokenRule.MAX_LENGTH);
        assertThat(AuthToken.of("test", "A".repeat(128)).violations()).isEmpty();
    }

    @Test
    void nonAsciiOrControlCharactersBreakPrintableAscii() {
        assertThat(AuthToken.of("test", VALID + "é").violations()).containsExactly(TokenRule.PRINTABLE_ASCII);
        assertThat(AuthToken.of("test", VALID + "\t").violations()).containsExactly(TokenRule.PRINTABLE_ASCII);
    }

    @Test
    void everyAllowedSpecialCharacterIsAccepted() {
        assertThat(AuthToken.of("test", VALID + "!&#$^<>-").violations()).isEmpty();
    }

    @Test
    void otherSpecialCharactersAreNamedViolations() {
        for (char c : "@/\"' %*()_+=[]{}|\\:;,.?~`".toCharArray()) {
            assertThat(AuthToken.of("test", VALID + c).violations()).as("character %s", c)
                    .containsExactly(TokenRule.ALLOWED_SPECIAL_CHARACTERS);
        }
    }

    @Test
    void rulesHaveWordsForMessages() {
        assertThat(TokenRule.MIN_LENGTH.description()).isEqualTo("at least 16 characters");
        assertThat(TokenRule.ALLOWED_SPECIAL_CHARACTERS.description()).contains("! & # $ ^ < > -");
    }

    @Test
    void toStringShowsLabelAndFingerprintButNotTheValueOrItsLength() {
        String sentinel = "SENTINEL-token-0123456789";
        AuthToken token = AuthToken.of("env:REDIS_AUTH_TOKEN", sentinel);
        assertThat(token.toString())
                .isEqualTo("AuthToken[label=env:REDIS_AUTH_TOKEN, fingerprint=" + token.fingerprint() + "]")
                .doesNotContain(sentinel)
                .doesNotContain("SENTINEL")
                .doesNotContain(String.valueOf(sentinel.length()));
    }

    @Test
    void fingerprintIsStableShortAndDiffersBetweenValues() {
        AuthToken a = AuthToken.of("a", VALID);
        assertThat(a.fingerprint()).hasSize(AuthToken.FINGERPRINT_LENGTH).matches("[0-9a-f]+");
        assertThat(AuthToken.of("b", VALID).fingerprint()).isEqualTo(a.fingerprint());
        assertThat(AuthToken.of("a", VALID + "x").fingerprint()).isNotEqualTo(a.fingerprint());
    }

    @Test
    void valueIsCopiedInAndOut() {
        char[] chars = VALID.toCharArray();
        AuthToken token = AuthToken.of("test", chars);
        Arrays.fill(chars, 'x');
        char[] out = token.value();
        out[0] = 'z';
        assertThat(token.valueAsString()).isEqualTo(VALID);
    }

    @Test
    void equalityIsByValueNotLabel() {
        assertThat(AuthToken.of("a", VALID)).isEqualTo(AuthToken.of("b", VALID)).hasSameHashCodeAs(AuthToken.of("c", VALID));
        assertThat(AuthToken.of("a", VALID)).isNotEqualTo(AuthToken.of("a", VALID + "1"));
    }

    @Test
    void anEmptyValueIsRefusedWithoutShowingAnything() {
        assertThatThrownBy(() -> AuthToken.of("env:X", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AuthToken 'env:X' is empty: a token needs at least one character");
    }

    @Test
    void aBlankLabelIsRefused() {
        assertThatThrownBy(() -> AuthToken.of(" ", VALID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AuthToken label must not be blank");
    }

    @Test
    void withLabelKeepsTheValue() {
        AuthToken relabelled = AuthToken.of("a", VALID).withLabel("AWSCURRENT");
        assertThat(relabelled.label()).isEqualTo("AWSCURRENT");
        assertThat(relabelled.valueAsString()).isEqualTo(VALID);
    }
}
