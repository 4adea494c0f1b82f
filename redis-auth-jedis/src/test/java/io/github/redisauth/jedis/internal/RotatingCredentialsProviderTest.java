package io.github.redisauth.jedis.internal;

import io.github.redisauth.testkit.OwnThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisauth.TokenNegotiator;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSourceException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RotatingCredentialsProviderTest {

    /** A source whose store is down. */
    private static final TokenSource DOWN = new TokenSource() {
        @Override
        public TokenSet fetch() {
            throw new TokenSourceException("test:down: the secrets store is unreachable");
        }

        @Override
        public String description() {
            return "test:down";
        }
    };

    private final RotatingCredentialsProvider credentials =
            new RotatingCredentialsProvider(TokenNegotiator.builder(DOWN).build());

    @Test
    void aFailingSourceBecomesAJedisConnectionExceptionNamingTheSource() {
        assertThatThrownBy(credentials::get)
                .isInstanceOf(JedisConnectionException.class)
                .hasMessageContaining("test:down")
                .hasCauseInstanceOf(TokenSourceException.class);
    }

    @Test
    void aFailingSourceDoesNotLeaveTheNodeSocketOpen() throws Exception {
        ClientConfigs configs = new ClientConfigs(DefaultJedisClientConfig.builder().build(), false, null, false, null);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.setSoTimeout(5_000);
                    InputStream in = accepted.getInputStream();
                    return in.read(); // -1 once the client closes its side
                } catch (java.net.SocketTimeoutException stillOpen) {
                    return -2;
                } catch (java.net.SocketException reset) {
                    return -1; // Jedis closes with SO_LINGER 0: a reset, also "closed"
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, OwnThreads.named("peer"));
            HostAndPort node = new HostAndPort(server.getInetAddress().getHostAddress(), server.getLocalPort());
            assertThatThrownBy(() -> new Connection(node, configs.connectionWithCredentials(credentials)))
                    .isInstanceOf(JedisConnectionException.class)
                    .hasMessageContaining("token source test:down failed");
            assertThat(firstByte.get(10, TimeUnit.SECONDS)).as("the client closed the socket").isEqualTo(-1);
        }
    }
}
