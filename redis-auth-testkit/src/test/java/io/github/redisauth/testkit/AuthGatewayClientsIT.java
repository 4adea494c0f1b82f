package io.github.redisauth.testkit;

import static io.github.redisauth.testkit.GatewayReplies.INVALID_PASSWORD;
import static io.github.redisauth.testkit.GatewayReplies.NOAUTH;
import static io.github.redisauth.testkit.GatewayReplies.NO_PASSWORD_6;
import static io.github.redisauth.testkit.GatewayReplies.NO_PASSWORD_PRE_6;
import static io.github.redisauth.testkit.GatewayReplies.T1;
import static io.github.redisauth.testkit.GatewayReplies.T2;
import static io.github.redisauth.testkit.GatewayReplies.WRONGPASS;
import static io.github.redisauth.testkit.GatewayReplies.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Stock Lettuce 7.7 and stock Jedis 8.0 over TLS through the gateway: what works and the exact failures. */
class AuthGatewayClientsIT {

    private static ClientResources resources;

    @BeforeAll
    static void resources() {
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    }

    @AfterAll
    static void shutdown() {
        if (resources != null) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static RedisClient lettuce(AuthGateway gw, String token) {
        RedisURI.Builder uri = RedisURI.builder().withHost(gw.host()).withPort(gw.port()).withSsl(true)
                .withTimeout(Duration.ofSeconds(5));
        if (token != null) {
            // Lettuce's own static provider, not withPassword(): withPassword() installs a lambda
            // provider, and Lettuce then sends HELLO/AUTH from thenComposeAsync (ForkJoinPool). When the
            // reply beats that thread (a loaded machine), the failed handshake closes the channel from
            // off the event loop and its channelInactive can complete the connect future first with
            // "Connection closed prematurely" instead of the server's error. An immediate provider keeps
            // the whole handshake on the event loop: same commands on the wire, deterministic outcome.
            uri.withAuthentication(new StaticCredentialsProvider(null, token.toCharArray()));
        }
        RedisClient client = RedisClient.create(resources, uri.build());
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder().jdkSslProvider()
                        .trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                .build());
        return client;
    }

    private static Jedis jedis(AuthGateway gw, String token) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(TestCertificates.shared().clientSslContext().getSocketFactory())
                .timeoutMillis(5000);
        if (token != null) {
            config.password(token);
        }
        return new Jedis(new HostAndPort(gw.host(), gw.port()), config.build());
    }

    private static String jedisPing(AuthGateway gw, String token) {
        try (Jedis j = jedis(gw, token)) {
            return j.ping();
        }
    }

    @Test
    void stockLettuceWithAStaticTokenSurvivesRotateThenSetPre6() {
        Available.assume(RedisVersion.V2_8);
        try (AuthGateway gw = AuthGateway.builder().backendVersion(RedisVersion.V2_8).start()) {
            RedisClient client = lettuce(gw, T1);
            try {
                // before ROTATE, the token is refused: the table in DESIGN.md §1
                assertThatThrownBy(client::connect).satisfies(e -> assertThat(messages(e)).contains(NO_PASSWORD_PRE_6));
                gw.rotate(T1);
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    assertThat(c.sync().set("lettuce", "v")).isEqualTo("OK");
                    gw.set(T1);
                    assertThat(c.sync().get("lettuce")).isEqualTo("v");
                    // the connection comes back by itself with AUTH after a kill
                    gw.killClients();
                    assertThat(c.sync().get("lettuce")).isEqualTo("v");
                }
                gw.rotate(T2);
                gw.set(T2);
                assertThatThrownBy(client::connect).satisfies(e -> assertThat(messages(e)).contains(INVALID_PASSWORD));
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void stockLettuceUsesHelloAuthAgainstThe6Dialect() {
        Available.assume(RedisVersion.V7);
        try (AuthGateway gw = AuthGateway.builder().backendVersion(RedisVersion.V7).start()) {
            RedisClient withToken = lettuce(gw, T1);
            RedisClient without = lettuce(gw, null);
            try {
                // no token yet: HELLO 3 AUTH default <token> is accepted (the default user is nopass)
                try (StatefulRedisConnection<String, String> c = withToken.connect()) {
                    assertThat(c.sync().ping()).isEqualTo("PONG");
                }
                gw.rotate(T1);
                gw.set(T1);
                try (StatefulRedisConnection<String, String> c = withToken.connect()) {
                    assertThat(c.sync().ping()).isEqualTo("PONG");
                }
                try (StatefulRedisConnection<String, String> c = without.connect()) {
                    assertThatThrownBy(() -> c.sync().ping()).hasMessage(NOAUTH);
                } catch (RuntimeException e) {
                    // Lettuce may already fail its HELLO 3 during connect
                    assertThat(messages(e)).anyMatch(m -> m.startsWith("NOAUTH"));
                }
                gw.rotate(T2);
                gw.set(T2);
                assertThatThrownBy(withToken::connect).satisfies(e -> assertThat(messages(e)).contains(WRONGPASS));
            } finally {
                withToken.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                without.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void stockJedisAcrossThePre6Lifecycle() {
        Available.assume(RedisVersion.V2_8);
        try (AuthGateway gw = AuthGateway.builder().backendVersion(RedisVersion.V2_8).start()) {
            assertThatThrownBy(() -> jedisPing(gw, T1)).isInstanceOf(JedisDataException.class)
                    .satisfies(e -> assertThat(messages(e)).contains(NO_PASSWORD_PRE_6));
            assertThat(jedisPing(gw, null)).isEqualTo("PONG");
            gw.rotate(T1);
            assertThat(jedisPing(gw, T1)).isEqualTo("PONG");
            assertThat(jedisPing(gw, null)).isEqualTo("PONG");
            gw.set(T1);
            assertThat(jedisPing(gw, T1)).isEqualTo("PONG");
            assertThatThrownBy(() -> jedisPing(gw, null)).isInstanceOf(JedisAccessControlException.class)
                    .hasMessage(NOAUTH);
            // pre-6 "ERR invalid password" is a plain JedisDataException, not an access-control one
            assertThatThrownBy(() -> jedisPing(gw, T2)).isInstanceOf(JedisDataException.class)
                    .isNotInstanceOf(JedisAccessControlException.class)
                    .satisfies(e -> assertThat(messages(e)).contains(INVALID_PASSWORD));
        }
    }

    @Test
    void stockJedisAgainstThe6DialectWithoutToken() {
        Available.assume(RedisVersion.V7);
        try (AuthGateway gw = AuthGateway.builder().backendVersion(RedisVersion.V7).start()) {
            assertThatThrownBy(() -> jedisPing(gw, T1)).isInstanceOf(JedisDataException.class)
                    .satisfies(e -> assertThat(messages(e)).contains(NO_PASSWORD_6));
            gw.rotate(T1);
            gw.set(T1);
            assertThat(jedisPing(gw, T1)).isEqualTo("PONG");
            assertThatThrownBy(() -> jedisPing(gw, T2)).isInstanceOf(JedisAccessControlException.class)
                    .hasMessage(WRONGPASS);
        }
    }
}
