package io.github.redisauth.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokensRejectedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

class IdempotentRetryTest {

    @Test
    void disabledRunsOnce() {
        IdempotentRetry retry = new IdempotentRetry(false, 5, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new JedisConnectionException("Unexpected end of stream.");
        })).isInstanceOf(JedisConnectionException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void enabledRetriesConnectionFailures() {
        IdempotentRetry retry = new IdempotentRetry(true, 3, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();
        String result = retry.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new JedisConnectionException("Unexpected end of stream.");
            }
            return "OK";
        });
        assertThat(result).isEqualTo("OK");
        assertThat(calls).hasValue(3);
    }

    @Test
    void classification() {
        assertThat(IdempotentRetry.isRetryable(new JedisAccessControlException("NOAUTH Authentication required."))).isTrue();
        assertThat(IdempotentRetry.isRetryable(new JedisDataException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(IdempotentRetry.isRetryable(new JedisDataException("WRONGTYPE Operation against a key"))).isFalse();
        assertThat(IdempotentRetry.isRetryable(new IllegalStateException("x"))).isFalse();
    }

    @Test
    void tokensRejectedIsNeverRetriedAlsoWhereAPoolWrappedIt() {
        IdempotentRetry retry = new IdempotentRetry(true, 5, Duration.ZERO);
        AtomicInteger calls = new AtomicInteger();
        AuthToken token = AuthToken.of("AWSCURRENT", "Sntl7qRejectedToken0000001");
        String tried = "AWSCURRENT#" + token.fingerprint();
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new TokensRejectedException("localhost:6379", "test:mutable", List.of(tried), null,
                    new JedisAccessControlException("WRONGPASS invalid username-password pair or user is disabled."));
        })).isInstanceOf(TokensRejectedException.class)
                .hasMessageContaining(tried);
        assertThat(calls).hasValue(1);

        // What Jedis pools throw when the factory failed with it.
        calls.set(0);
        JedisException wrapped = new JedisException("Could not get a resource from the pool",
                new TokensRejectedException("localhost:6379", "test:mutable", List.of(tried), null, null));
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw wrapped;
        })).isSameAs(wrapped);
        assertThat(calls).hasValue(1);
        assertThat(IdempotentRetry.isRetryable(wrapped)).isFalse();
        assertThat(IdempotentRetry.isRetryable(new JedisConnectionException("wrapped",
                new TokensRejectedException("localhost:6379", "test:mutable", List.of(tried), null, null)))).isFalse();
        assertThat(IdempotentRetry.isRetryable(new JedisException("Could not get a resource from the pool",
                new JedisConnectionException("Connection refused")))).isTrue();
    }
}
