package io.github.redisauth.lettuce.internal;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The one credentials provider set on every endpoint URI of a client (Lettuce copies it to cluster and
 * replica nodes). Each handshake asks it again, so reconnects follow the {@link AuthCoordinator}'s
 * current choice. It also streams new credentials, which Lettuce turns into {@code AUTH} on live
 * connections ({@code ReauthenticateBehavior.ON_NEW_CREDENTIALS}).
 *
 * <p>Not immediate: resolution waits for a token probe in flight and may read the token source, so it
 * runs on Reactor's bounded-elastic scheduler, never on a Netty event loop. Thread-safe.
 */
final class RotatingCredentialsProvider implements RedisCredentialsProvider {

    private final Supplier<Mono<RedisCredentials>> resolver;
    private final Sinks.Many<RedisCredentials> updates = Sinks.many().multicast().directBestEffort();

    RotatingCredentialsProvider(Supplier<Mono<RedisCredentials>> resolver) {
        this.resolver = resolver;
    }

    @Override
    public Mono<RedisCredentials> resolveCredentials() {
        return Mono.defer(resolver).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public boolean supportsStreaming() {
        return true;
    }

    /** Live connections subscribe on activation and receive only credentials published afterwards. */
    @Override
    public Flux<RedisCredentials> credentials() {
        return updates.asFlux();
    }

    /** Tells every live connection to re-authenticate with {@code credentials}. */
    void publish(RedisCredentials credentials) {
        synchronized (updates) {
            updates.tryEmitNext(credentials);
        }
    }

    void complete() {
        synchronized (updates) {
            updates.tryEmitComplete();
        }
    }

    @Override
    public String toString() {
        return "RotatingCredentialsProvider";
    }
}
