package io.github.redisauth.jedis;

import static io.github.redisauth.jedis.TestTokens.token;
import static io.github.redisauth.jedis.TestTokens.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.TokenSources;
import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.RespClient;
import io.github.redisauth.testkit.TestCertificates;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.UnifiedJedis;

/**
 * Borrow validation costs a round trip only where it can find something: a connection opened for the
 * borrow itself has just authenticated and is not PINGed; a connection that sat in the pool is.
 * Counted on the server ({@code INFO commandstats}), which also shows the handshake: one plain
 * {@code AUTH}, no {@code HELLO}, on every Jedis line (Jedis 8 would send {@code HELLO 3 AUTH} unless told not to).
 */
class PoolValidationIT {

    @Test
    void aConnectionOpenedForTheBorrowIsNotPingedAnIdleOneIs() throws Exception {
        RedisVersion version = RedisVersion.V7.isAvailable() ? RedisVersion.V7 : RedisVersion.V6_2;
        String current = value();
        try (RedisServer server = RedisServer.builder(version).tls(true).password(current).start()) {
            ConnectionPoolConfig pool = new ConnectionPoolConfig();
            pool.setMaxTotal(1);
            JedisAuthConfig config = JedisAuthConfig.builder()
                    .endpoint(server.host(), server.port())
                    .sslContext(TestCertificates.shared().clientSslContext())
                    .tokenSource(TokenSources.settable(token("AWSCURRENT", current)))
                    .poolConfig(pool)
                    .build();
            try (RespClient admin = RespClient.connect(server.host(), server.port(),
                    TestCertificates.shared().clientSslContext(), Duration.ofSeconds(5));
                    UnifiedJedis client = config.createPooledClient()) {
                admin.command("AUTH", current);
                admin.command("CONFIG", "RESETSTAT");

                client.set("validation", "1");                     // opens the connection: no PING
                assertThat(calls(admin, "ping")).isZero();
                assertThat(calls(admin, "auth")).as("one plain AUTH").isEqualTo(1);
                assertThat(calls(admin, "hello")).as("no HELLO on Jedis " + JedisAuthConfig.jedisVersion()).isZero();

                client.get("validation");                          // the same connection, borrowed again: PING
                assertThat(calls(admin, "ping")).isEqualTo(1);
            }
        }
    }

    private static long calls(RespClient admin, String command) throws Exception {
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
