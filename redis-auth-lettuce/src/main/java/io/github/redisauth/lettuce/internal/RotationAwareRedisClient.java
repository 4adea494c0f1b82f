package io.github.redisauth.lettuce.internal;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.pubsub.PubSubEndpoint;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnectionImpl;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * A {@link RedisClient} whose standalone (and primary/replica node) connections resend a command answered
 * {@code NOAUTH} after authenticating, see {@link NoAuthRetryingWriter}. Overrides only the
 * {@code newStateful…Connection} hooks Lettuce documents for subclasses, with the signatures every line
 * from 6.6 to 7.x has.
 */
public final class RotationAwareRedisClient extends RedisClient {

    private final NoAuthRetry retry;

    /**
     * @param resources the resources
     * @param coordinator where tokens for a retry come from
     */
    public RotationAwareRedisClient(ClientResources resources, AuthCoordinator coordinator) {
        super(resources, new RedisURI());
        this.retry = coordinator;
    }

    @Override
    protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(RedisChannelWriter channelWriter,
            PushHandler pushHandler, RedisCodec<K, V> codec, Duration timeout) {
        return super.newStatefulRedisConnection(new NoAuthRetryingWriter(channelWriter, pushHandler, retry, true),
                pushHandler, codec, timeout);
    }

    /** Pub/sub connections are not resent on NOAUTH, but their events must be recognised as this client's. */
    @Override
    protected <K, V> StatefulRedisPubSubConnectionImpl<K, V> newStatefulRedisPubSubConnection(PubSubEndpoint<K, V> endpoint,
            RedisChannelWriter channelWriter, RedisCodec<K, V> codec, Duration timeout) {
        return super.newStatefulRedisPubSubConnection(endpoint,
                new NoAuthRetryingWriter(channelWriter, endpoint, retry, false), codec, timeout);
    }
}
