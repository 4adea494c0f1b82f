package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import org.junit.jupiter.api.Test;

class DemoSecretStoreTest {

    private final AuthToken first = DemoTokens.random("T1");
    private final AuthToken second = DemoTokens.random("T2");
    private final DemoSecretStore secret = new DemoSecretStore("prod/redis/auth");

    @Test
    void movesTheStagesAsARotationLambdaDoes() {
        assertThat(secret.fetch().isEmpty()).isTrue();
        secret.create(first);
        assertThat(labels(secret.fetch())).containsExactly("AWSCURRENT#" + first.fingerprint());
        secret.putPending(second);
        assertThat(labels(secret.fetch())).containsExactly("AWSCURRENT#" + first.fingerprint(), "AWSPENDING#" + second.fingerprint());
        secret.promotePending();
        assertThat(labels(secret.fetch())).containsExactly("AWSCURRENT#" + second.fingerprint(), "AWSPREVIOUS#" + first.fingerprint());
        assertThat(secret.fetch().preferred()).contains(second);
    }

    @Test
    void promotingWithoutAPendingVersionIsRefused() {
        secret.create(first);
        assertThatThrownBy(secret::promotePending).isInstanceOf(IllegalStateException.class).hasMessageContaining("AWSPENDING");
    }

    @Test
    void randomTokensAreElastiCacheValidAndDistinct() {
        assertThat(first.isElastiCacheCompliant()).isTrue();
        assertThat(first.value()).hasSize(DemoTokens.LENGTH);
        assertThat(first).isNotEqualTo(second);
        assertThat(first.toString()).doesNotContain(first.valueAsString());
    }

    private static java.util.List<String> labels(TokenSet set) {
        return set.candidates().stream().map(token -> token.label() + "#" + token.fingerprint()).toList();
    }
}
