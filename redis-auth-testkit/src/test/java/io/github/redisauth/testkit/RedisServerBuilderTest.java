package io.github.redisauth.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisServerBuilderTest {

    @Test
    void twoPasswordsOn28AreRejectedNamingTheRule() {
        assertThatThrownBy(() -> RedisServer.builder(RedisVersion.V2_8).passwords("a-16-chars-token", "b-16-chars-token"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one password")
                .hasMessageContaining("Redis 6")
                .hasMessageNotContaining("a-16-chars-token");
    }

    @Test
    void threePasswordsAreRejected() {
        assertThatThrownBy(() -> RedisServer.builder(RedisVersion.V6_2).passwords("a", "b", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most two");
    }

    @Test
    void emptyPasswordIsRejected() {
        assertThatThrownBy(() -> RedisServer.builder(RedisVersion.V7).password(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void respErrorCode() {
        RespErrorException e = new RespErrorException("WRONGPASS invalid username-password pair or user is disabled.");
        org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("WRONGPASS");
        org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(e.message());
    }
}
