package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.RespClient;
import io.github.redisauth.testkit.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Borrow validation costs a round trip only where it can find something: hot connections (Jedis's pooled
 * clients borrow for every command) are handed out without a {@code PING}; a connection that sat in the
 * pool at least {@code validateAfterIdle}, or was in the pool when another one was found dead, is PINGed.
 * Counted on the server ({@code INFO commandstats}), which also shows the handshake: one plain
 * {@code AUTH}, no {@code HELLO}, on every Jedis line (Jedis 8 would send {@code HELLO 3 AUTH} unless told not to).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolValidationIT {

    private final String current = value();
    private RedisServer server;
    private RespClient admin;

    @BeforeAll
    void start() throws Exception {
        RedisVersion version = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        server = RedisServer.builder(version).tls(true).password(current).start();
        admin = RespClient.connect(server.host(), server.port(), TestCertificates.shared().clientSslContext(),
                Duration.ofSeconds(5));
        admin.command("AUTH", current);
    }

    @AfterAll
    void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void resetStats() throws Exception {
        admin.command("CONFIG", "RESETSTAT");
    }

    private JedisAuthConfig.Builder config() {
        return JedisAuthConfig.builder()
                .endpoint(server.host(), server.port())
                .sslContext(TestCertificates.shared().clientSslContext())
                .tokenSource(TokenSources.settable(token("AWSCURRENT", current)));
    }

    private static ConnectionPoolConfig oneConnection() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(1);
        return pool;
    }

    @Test
    void hotBorrowsCostNoPing() throws Exception {
        try (UnifiedJedis client = config().poolConfig(oneConnection()).build().createPooledClient()) {
            for (int i = 0; i < 200; i++) {                    // 400 borrows of one hot connection
                client.set("validation", Integer.toString(i));
                client.get("validation");
            }
            assertThat(calls("set") + calls("get")).as("every command reached the server").isEqualTo(400);
            assertThat(calls("ping")).as("PINGs for 400 hot borrows").isZero();
            assertThat(calls("auth")).as("one plain AUTH").isEqualTo(1);
            assertThat(calls("hello")).as("no HELLO on Jedis " + JedisAuthConfig.jedisVersion()).isZero();
        }
    }

    @Test
    void aConnectionIdleLongerThanValidateAfterIdleIsPinged() throws Exception {
        JedisAuthConfig config = config().poolConfig(oneConnection()).validateAfterIdle(Duration.ofMillis(200)).build();
        try (UnifiedJedis client = config.createPooledClient()) {
            client.set("validation", "1");
            client.get("validation");
            assertThat(calls("ping")).as("PINGs while hot").isZero();
            Thread.sleep(400);
            client.get("validation");
            assertThat(calls("ping")).as("PINGs after 400 ms idle with validateAfterIdle=200ms").isEqualTo(1);
        }
    }

    @Test
    void zeroValidateAfterIdlePingsEveryBorrowButTheFirst() throws Exception {
        JedisAuthConfig config = config().poolConfig(oneConnection()).validateAfterIdle(Duration.ZERO).build();
        try (UnifiedJedis client = config.createPooledClient()) {
            client.set("validation", "1");                     // opens the connection: no PING
            client.get("validation");
            client.get("validation");
            assertThat(calls("ping")).as("PINGs for two borrows of a pooled connection, validateAfterIdle=0").isEqualTo(2);
        }
    }

    @Test
    @SuppressWarnings("deprecation") // JedisPool
    void afterOneConnectionIsFoundDeadTheIdleOnesArePingedBeforeTheyAreHandedOut() throws Exception {
        JedisAuthConfig config = config().build();
        try (JedisPool pool = config.createJedisPool()) {
            Jedis first = pool.getResource();
            Jedis second = pool.getResource();
            first.set("validation", "1");
            second.set("validation", "2");
            first.close();
            second.close();                                    // two hot idle connections

            admin.command("CLIENT", "KILL", "TYPE", "normal");  // both die in the pool (the admin is skipped)

            Throwable lost;
            try (Jedis jedis = pool.getResource()) {
                lost = catchThrowable(() -> jedis.get("validation"));
            }
            assertThat(lost).as("a command on a connection killed while hot fails as in stock Jedis (it may have run)")
                    .isInstanceOf(JedisConnectionException.class);
            // Jedis replaces the broken one at once; borrowing two hands out the other killed one too, unless it is
            // PINGed (suspected: it was in the pool when a connection was found dead), dropped and replaced.
            try (Jedis a = pool.getResource(); Jedis b = pool.getResource()) {
                assertThat(catchThrowable(() -> a.get("validation"))).as("first connection after the kill").isNull();
                assertThat(catchThrowable(() -> b.get("validation"))).as("second connection after the kill").isNull();
            }
        }
    }

    private long calls(String command) throws Exception {
        String stats = (String) admin.command("INFO", "commandstats");
        String prefix = "cmdstat_" + command + ":calls=";
        for (String line : stats.split("\r\n")) {
            if (line.startsWith(prefix)) {
                return Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
            }
        }
        return 0;
    }
}
