package io.github.redisauth.lettuce.internal;

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
import java.util.Optional;

/**
 * Tries one token with a short-lived connection of its own (connect, TLS, {@code AUTH}, close), so the
 * answer belongs to that token without doubt. Thread-safe.
 */
final class TokenProber implements AutoCloseable {

    /** The outcome of one probe: the server's verdict, or {@link AuthReply#OTHER} with the failure. */
    record Verdict(boolean accepted, AuthReply reply, RuntimeException failure, String endpoint) {
    }

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
     * @param token the candidate; null probes "no AUTH" (a {@code PING})
     * @return the verdict of the first target that answered, or the last failure
     */
    Verdict probe(AuthToken token) {
        Verdict last = null;
        for (RedisURI target : targets) {
            last = probe(target, token);
            if (last.accepted() || last.reply() != AuthReply.OTHER) {
                return last;
            }
        }
        return last;
    }

    private Verdict probe(RedisURI target, AuthToken token) {
        RedisURI.Builder uri = RedisURI.builder(target).withTimeout(timeout);
        Optional<char[]> value = Optional.ofNullable(token).map(AuthToken::value);
        uri.withAuthentication(new StaticCredentialsProvider(null, value.orElse(null)));
        value.ifPresent(v -> Arrays.fill(v, '\0'));
        try (StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8, uri.build())) {
            connection.sync().ping();
            return new Verdict(true, AuthReply.OTHER, null, Describe.endpoint(target));
        } catch (RuntimeException e) {
            return new Verdict(false, ReplyClassifier.classify(e), e, Describe.endpoint(target));
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
