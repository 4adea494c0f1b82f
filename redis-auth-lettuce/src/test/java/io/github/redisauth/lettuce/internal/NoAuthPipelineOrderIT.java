package io.github.redisauth.lettuce.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSources;
import io.github.redisauth.lettuce.LettuceAuthConfig;
import io.github.redisauth.lettuce.RedisAuthClient;
import io.github.redisauth.testkit.AuthGateway;
import io.github.redisauth.testkit.GatewayDialect;
import io.github.redisauth.testkit.RedisVersion;
import io.github.redisauth.testkit.TestCertificates;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pipeline answered {@code NOAUTH} (a connection made while the server had no password, then ElastiCache's
 * ROTATE and SET through the testkit gateway) is resent after {@code AUTH} in the order it was written, also
 * when the application writes another command between two resends (scripted: the writer's test hook writes it
 * on the event loop right after the first resend). {@code RPUSH} on one key shows the order the server ran.
 */
class NoAuthPipelineOrderIT {

    private static final AuthToken A = AuthToken.of("tokenA", "tokenA-s3ntinel-0123456789abcdef");
    private static final String KEY = "noauth-order";

    @ParameterizedTest
    @EnumSource(GatewayDialect.class)
    void aWriteBetweenTwoResendsRunsAfterThem(GatewayDialect dialect) throws Exception {
        RedisVersion backend = dialect == GatewayDialect.PRE_6 ? RedisVersion.V2_8 : RedisVersion.V7;
        try (AuthGateway gateway = AuthGateway.builder().backendVersion(backend).dialect(dialect).start();
                RedisAuthClient client = RedisAuthClient.create(LettuceAuthConfig.builder()
                        .endpoint(gateway.host(), gateway.port())
                        .tokenSource(TokenSources.settable(A))
                        .sslOptions(SslOptions.builder().trustManager(TestCertificates.shared().caCertificate().toFile()).build())
                        .sourcePollInterval(Duration.ZERO)
                        .build());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().del(KEY);
            assertThat(client.statistics().connectionsWithoutAuth()).as("connected while the gateway had no token").isPositive();
            gateway.rotate(A.valueAsString());
            gateway.set(A.valueAsString()); // existing connections kept: this unauthenticated one now gets NOAUTH

            NoAuthRetryingWriter writer = (NoAuthRetryingWriter) ((RedisChannelHandler<?, ?>) connection).getChannelWriter();
            AtomicBoolean first = new AtomicBoolean(true);
            AtomicReference<RedisFuture<Long>> between = new AtomicReference<>();
            writer.afterResend(() -> {
                if (first.getAndSet(false)) {
                    between.set(connection.async().rpush(KEY, "4"));
                }
            });
            List<AsyncCommand<String, String, Long>> pipeline = new ArrayList<>();
            for (String value : List.of("1", "2", "3")) {
                pipeline.add(new AsyncCommand<>(new Command<>(CommandType.RPUSH, new IntegerOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).addKey(KEY).addValue(value))));
            }
            connection.dispatch(new ArrayList<RedisCommand<String, String, ?>>(pipeline)); // one write: 1 2 3
            for (AsyncCommand<String, String, Long> command : pipeline) {
                command.get(10, TimeUnit.SECONDS);
            }
            assertThat((Object) between.get()).as("the hook wrote a command between two resends").isNotNull();
            between.get().get(10, TimeUnit.SECONDS);

            assertThat(connection.sync().lrange(KEY, 0, -1)).as("the order the server ran the RPUSHes in")
                    .containsExactly("1", "2", "3", "4");
        }
    }
}
