package io.github.redisauth.lettuce.internal;

import io.github.redisauth.AuthAttempt;
import io.github.redisauth.AuthReply;
import io.github.redisauth.AuthToken;
import io.github.redisauth.ReplyClassifier;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link AuthAttempt} of the Lettuce adapter: tries one token with a short-lived connection of its own
 * (connect, TLS, {@code AUTH}, {@code PING}, close), so the answer belongs to that token without doubt.
 * Probe connections speak RESP2, never reconnect and are never re-authenticated. Thread-safe.
 */
final class TokenProber implements AuthAttempt<String>, AutoCloseable {

    private final RedisClient client;
    private final List<RedisURI> targets;
    private final Duration timeout;

    TokenProber(ClientResources resources, ClientOptions baseOptions, List<RedisURI> targets, Duration timeout) {
        this.targets = List.copyOf(targets);
        this.timeout = timeout;
        this.client = RedisClient.create(resources);
        this.client.setOptions(baseOptions.mutate()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(false)
                .reauthenticateBehavior(ClientOptions.ReauthenticateBehavior.DEFAULT)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    /**
     * Tries {@code token} on the first target that answers; a target that cannot be reached is skipped.
     *
     * @param token the candidate; null: no AUTH, only a {@code PING}
     * @return {@code host:port} of the target that accepted
     * @throws RuntimeException Lettuce's exception with the server's answer from the first target that gave
     *     one, else the last target's failure (connection refused, timeout, TLS)
     */
    @Override
    public String attempt(AuthToken token) {
        RuntimeException last = null;
        for (RedisURI target : targets) {
            try {
                probe(target, token);
                return Describe.endpoint(target);
            } catch (RuntimeException e) {
                if (ReplyClassifier.classify(e) != AuthReply.OTHER) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private void probe(RedisURI target, AuthToken token) {
        RedisURI.Builder uri = RedisURI.builder(target).withTimeout(timeout);
        char[] value = token == null ? null : token.value();
        // StaticCredentialsProvider keeps its own copy: ours is wiped at once
        uri.withAuthentication(new StaticCredentialsProvider(null, value));
        if (value != null) {
            Arrays.fill(value, '\0');
        }
        try (StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8, uri.build())) {
            connection.sync().ping();
        }
    }

    /** @return {@code host:port} of the first target, for messages */
    String firstTarget() {
        return Describe.endpoint(targets.get(0));
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
