package io.github.redisauth;

/**
 * Where AUTH tokens come from: fixed values, environment variables, a file, AWS Secrets Manager.
 * Create the built-in ones with {@link TokenSources}.
 *
 * <p>Implementations must be thread-safe. Clients call {@link #fetch()} whenever they open a
 * connection, so a source that does I/O should cache; they call {@link #refresh()} after every
 * candidate was rejected, to pick up a rotation that happened since the last fetch.
 */
public interface TokenSource extends AutoCloseable {

    /**
     * The current candidates, most preferred first. May be served from a cache.
     *
     * @return the candidates; empty when the source knows no token
     * @throws TokenSourceException when no set can be produced (the message names the source and
     *     the cause, never a token value)
     */
    TokenSet fetch();

    /**
     * Like {@link #fetch()}, but asks the underlying store again where the source caches.
     * Caching sources may rate-limit this and answer from the cache. The default calls
     * {@link #fetch()}.
     *
     * @return the candidates
     * @throws TokenSourceException as {@link #fetch()}
     */
    default TokenSet refresh() {
        return fetch();
    }

    /**
     * A short description for logs and errors, e.g. {@code env:REDIS_AUTH_TOKEN}; never a token value.
     *
     * @return the description
     */
    String description();

    /**
     * Whether every {@link #fetch()} calls a remote service (costs money, adds latency, is rate-limited).
     * Clients warn once when they are given such a source without a cache in front of it
     * ({@link TokenSources#cached(TokenSource)}). The default is false.
     *
     * @return true for an uncached remote source, e.g. {@code SecretsManagerTokenSource}
     */
    default boolean remote() {
        return false;
    }

    /** Releases resources (threads, clients). The default does nothing. Idempotent. */
    @Override
    default void close() {
    }
}
