package io.github.redisauth.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUriTest {

    @Test
    void plainAndTls() {
        assertThat(RedisUri.parse("redis://localhost")).isEqualTo(new RedisUri("localhost", 6379, false, null));
        assertThat(RedisUri.parse("rediss://master.x.cache.amazonaws.com:6380/0"))
                .isEqualTo(new RedisUri("master.x.cache.amazonaws.com", 6380, true, null));
        assertThat(RedisUri.parse("REDISS://[::1]:7000")).isEqualTo(new RedisUri("::1", 7000, true, null));
    }

    @Test
    void tokenWithElastiCacheSpecialsAndPercentEncoding() {
        RedisUri uri = RedisUri.parse("rediss://:Ab#c$d^e<f>g!h&i-j@host:6379");
        assertThat(uri.token()).isEqualTo("Ab#c$d^e<f>g!h&i-j");
        assertThat(uri.host()).isEqualTo("host");
        assertThat(uri.toString()).isEqualTo("rediss://:***@host:6379").doesNotContain("Ab#");
        assertThat(RedisUri.parse("redis://default:a%23b@h").token()).isEqualTo("a#b");
    }

    @Test
    void errorsNeverShowTheToken() {
        assertThatThrownBy(() -> RedisUri.parse("http://h")).hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisUri.parse("redis://:SENTINEL-verify-token-7@h:99999"))
                .hasMessageContaining("port 99999").hasMessageNotContaining("SENTINEL");
        assertThatThrownBy(() -> RedisUri.parse("redis://alice:SENTINEL-verify-token-7@h"))
                .hasMessageContaining("a user name is not supported (user-info is never printed)")
                .hasMessageNotContaining("SENTINEL").hasMessageNotContaining("alice");
        assertThatThrownBy(() -> RedisUri.parse("redis://SENTINEL-verify-token-7:@h"))
                .hasMessageContaining("user-info is never printed").hasMessageNotContaining("SENTINEL");
        assertThatThrownBy(() -> RedisUri.parse("redis://alice:SENTINEL-verify-token-7"))
                .hasMessageContaining("the port is not a number").hasMessageNotContaining("SENTINEL");
        assertThatThrownBy(() -> RedisUri.parse("redis://[::1]SENTINEL-verify-token-7"))
                .hasMessageContaining("unexpected text").hasMessageNotContaining("SENTINEL");
        assertThatThrownBy(() -> RedisUri.parse("redis://:@h")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RedisUri.parse("redis://:%zz@h")).hasMessageContaining("two hex digits");
        assertThatThrownBy(() -> RedisUri.parse("redis://:6379")).hasMessageContaining("no host");
    }
}
