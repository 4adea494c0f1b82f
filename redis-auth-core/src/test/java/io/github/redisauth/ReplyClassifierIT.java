package io.github.redisauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.redisauth.testkit.RedisServer;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The classifier against the exceptions stock Lettuce and Jedis really throw, on real servers over TLS.
 */
class ReplyClassifierIT {

    private static final String TOKEN = "classifier-Token-0001";
    private static final String WRONG = "classifier-Wrong-0002";

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void jedisWithAWrongTokenIsRejected(RedisVersion version) {
        try (RedisServer server = start(version, TOKEN)) {
            assertThat(ReplyClassifier.classify(jedisPing(server, WRONG))).isEqualTo(AuthReply.REJECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void jedisWithoutATokenIsAskedForOne(RedisVersion version) {
        try (RedisServer server = start(version, TOKEN)) {
            assertThat(ReplyClassifier.classify(jedisPing(server, null))).isEqualTo(AuthReply.AUTH_REQUIRED);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void jedisWithATokenOnAServerWithoutPasswordIsNoPasswordSet(RedisVersion version) {
        try (RedisServer server = start(version, null)) {
            assertThat(ReplyClassifier.classify(jedisPing(server, TOKEN))).isEqualTo(AuthReply.NO_PASSWORD_SET);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void lettuceWithAWrongTokenIsRejected(RedisVersion version) {
        try (RedisServer server = start(version, TOKEN)) {
            Throwable failure = lettucePing(server, WRONG);
            assertThat(failure).isNotNull();
            assertThat(ReplyClassifier.classify(failure)).isEqualTo(AuthReply.REJECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(RedisVersion.class)
    void lettuceWithoutATokenIsAskedForOne(RedisVersion version) {
        try (RedisServer server = start(version, TOKEN)) {
            assertThat(ReplyClassifier.classify(lettucePing(server, null))).isEqualTo(AuthReply.AUTH_REQUIRED);
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisVersion.class, names = "V2_8")
    void lettuceWithATokenOnAPre6ServerWithoutPasswordIsNoPasswordSet(RedisVersion version) {
        try (RedisServer server = start(version, null)) {
            assertThat(ReplyClassifier.classify(lettucePing(server, TOKEN))).isEqualTo(AuthReply.NO_PASSWORD_SET);
        }
    }

    private static RedisServer start(RedisVersion version, String password) {
        assumeTrue(version.isAvailable(), () -> {
            String reason = version + " unavailable: " + version.unavailableReason().orElse("unknown");
            System.err.println("SKIP " + reason);
            return reason;
        });
        RedisServer.Builder builder = RedisServer.builder(version).tls(true);
        if (password != null) {
            builder.password(password);
        }
        return builder.start();
    }

    private static Throwable jedisPing(RedisServer server, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .ssl(true)
                .sslSocketFactory(TestCertificates.shared().clientSslContext().getSocketFactory())
                .connectionTimeoutMillis(5_000)
                .socketTimeoutMillis(5_000);
        if (password != null) {
            config.password(password);
        }
        return catchThrowable(() -> {
            try (Jedis jedis = new Jedis(new HostAndPort(server.host(), server.port()), config.build())) {
                jedis.ping();
            }
        });
    }

    private static Throwable lettucePing(RedisServer server, String password) {
        RedisURI.Builder uri = RedisURI.builder().withHost(server.host()).withPort(server.port()).withSsl(true)
                .withTimeout(Duration.ofSeconds(5));
        if (password != null) {
            // Lettuce's own immediate provider: with a lambda provider (withPassword) Lettuce 7.7 may report a
            // quickly refused handshake as "Connection closed prematurely" instead of the server's reply.
            uri.withAuthentication(new StaticCredentialsProvider(null, password.toCharArray()));
        }
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .sslOptions(SslOptions.builder().jdkSslProvider()
                        .trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                .build());
        try {
            return catchThrowable(() -> {
                try (var connection = client.connect()) {
                    connection.sync().ping();
                }
            });
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
