package io.github.redisauth.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

/** Which connect failures are Lettuce's handshake race (negotiate) and which are real (rethrow). */
class HandshakeRaceTest {

    @Test
    void aPrematureCloseDuringTheHandshakeIsTheRace() {
        var failure = new RedisConnectionException("Unable to connect to localhost/<unresolved>:6379",
                new RedisConnectionException("Connection closed prematurely"));
        assertThat(AuthCoordinator.handshakeClosedPrematurely(failure)).isTrue();
    }

    @Test
    void otherConnectFailuresAreNot() {
        var refused = new RedisConnectionException("Unable to connect to localhost/<unresolved>:6379",
                new java.net.ConnectException("Connection refused"));
        var rejected = new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."));
        assertThat(AuthCoordinator.handshakeClosedPrematurely(refused)).isFalse();
        assertThat(AuthCoordinator.handshakeClosedPrematurely(rejected)).isFalse();
    }
}
