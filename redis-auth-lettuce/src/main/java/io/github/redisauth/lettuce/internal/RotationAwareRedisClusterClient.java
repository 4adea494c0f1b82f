package io.github.redisauth.lettuce.internal;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.json.JsonParser;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A {@link RedisClusterClient} whose node connections resend a command answered {@code NOAUTH} after
 * authenticating, see {@link NoAuthRetryingWriter}.
 *
 * <p>Both node-connection hooks are overridden; they have these signatures in every line from 6.6 to 7.x
 * (the {@code Supplier<JsonParser>} one since 6.6.0), and neither calls the other, so a connection is wrapped
 * once whichever Lettuce uses.
 */
public final class RotationAwareRedisClusterClient extends RedisClusterClient {

    private final NoAuthRetry retry;

    /**
     * @param resources the resources
     * @param seeds the seed URIs
     * @param coordinator where tokens for a retry come from
     */
    public RotationAwareRedisClusterClient(ClientResources resources, Iterable<RedisURI> seeds, AuthCoordinator coordinator) {
        super(resources, seeds);
        this.retry = coordinator;
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout, Supplier<JsonParser> parser) {
        return super.newStatefulRedisConnection(new NoAuthRetryingWriter(channelWriter, pushHandler, retry, true),
                pushHandler, codec, timeout, parser);
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
        return super.newStatefulRedisConnection(new NoAuthRetryingWriter(channelWriter, pushHandler, retry, true),
                pushHandler, codec, timeout);
    }
}
