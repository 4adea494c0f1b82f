package io.github.redisauth;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link TokenSource} whose tokens its owner replaces: for tokens pushed by the application's own
 * secret fetcher or by a configuration system's change listener, and for tests that play a secrets
 * store during a rotation. {@link #fetch()} and {@link #refresh()} return the set last given to
 * {@code set}; neither does I/O, so there is nothing to cache.
 *
 * <p>Create one with {@link TokenSources#settable(AuthToken...)} or {@link #of(String, AuthToken...)}.
 * The {@linkplain #description() description} is a label given at creation, {@value #DEFAULT_DESCRIPTION}
 * by default; neither it nor {@link #toString()} shows a token value.
 *
 * <p>Thread-safe: {@code set} replaces the whole set at once, so a concurrent {@code fetch()} sees
 * either the old set or the new one, never a mix. {@link #close()} does nothing; the source keeps
 * answering after it.
 */
public final class SettableTokenSource implements TokenSource {

    /** The description when none is given. */
    public static final String DEFAULT_DESCRIPTION = "settable";

    private final String description;
    private final AtomicReference<TokenSet> tokens;
    private final AtomicLong refreshes = new AtomicLong();

    private SettableTokenSource(String description, TokenSet initial) {
        this.description = description;
        this.tokens = new AtomicReference<>(initial);
    }

    /**
     * A source described as {@value #DEFAULT_DESCRIPTION} that starts with {@code initial}, most
     * preferred first; with no tokens it starts empty (a client then connects without AUTH).
     *
     * @param initial the first candidates (at most {@value TokenSet#MAX_CANDIDATES} distinct values)
     * @return the source
     * @throws NullPointerException if a token is null
     * @throws IllegalArgumentException if more than {@value TokenSet#MAX_CANDIDATES} distinct values are given
     */
    public static SettableTokenSource of(AuthToken... initial) {
        return of(DEFAULT_DESCRIPTION, initial);
    }

    /**
     * As {@link #of(AuthToken...)}, with a description for logs and errors.
     *
     * @param description e.g. {@code config:redis.token}; not blank; never put a token value in it
     * @param initial the first candidates (at most {@value TokenSet#MAX_CANDIDATES} distinct values)
     * @return the source
     * @throws NullPointerException if the description or a token is null
     * @throws IllegalArgumentException if the description is blank or more than
     *     {@value TokenSet#MAX_CANDIDATES} distinct values are given
     */
    public static SettableTokenSource of(String description, AuthToken... initial) {
        Objects.requireNonNull(description, "description");
        if (description.isBlank()) {
            throw new IllegalArgumentException("token source description must not be blank");
        }
        return new SettableTokenSource(description, TokenSet.of(List.of(initial)));
    }

    /**
     * Replaces the candidates; the next {@code fetch()} or {@code refresh()} returns them. Repeated
     * values are kept once, at their first position, as {@link TokenSet#of(AuthToken...)} does.
     *
     * @param candidates most preferred first; none empties the source
     * @return this source
     * @throws NullPointerException if a token is null
     * @throws IllegalArgumentException if more than {@value TokenSet#MAX_CANDIDATES} distinct values are
     *     given; the source is then left as it was
     */
    public SettableTokenSource set(AuthToken... candidates) {
        return set(TokenSet.of(List.of(candidates)));
    }

    /**
     * Replaces the candidates with {@code candidates}.
     *
     * @param candidates the new set
     * @return this source
     * @throws NullPointerException if {@code candidates} is null
     */
    public SettableTokenSource set(TokenSet candidates) {
        tokens.set(Objects.requireNonNull(candidates, "candidates"));
        return this;
    }

    /** @return the set last given, or the initial one */
    @Override
    public TokenSet fetch() {
        return tokens.get();
    }

    /**
     * As {@link #fetch()}, and counts the call: clients refresh after every candidate was rejected,
     * so {@link #refreshCount()} tells how often that happened.
     *
     * @return the set last given, or the initial one
     */
    @Override
    public TokenSet refresh() {
        refreshes.incrementAndGet();
        return tokens.get();
    }

    /** @return how many times {@link #refresh()} was called */
    public long refreshCount() {
        return refreshes.get();
    }

    /** @return the label given at creation, {@value #DEFAULT_DESCRIPTION} by default */
    @Override
    public String description() {
        return description;
    }

    /** @return e.g. {@code SettableTokenSource[settable, TokenSet[AWSCURRENT#3f9a0c1e]]}: labels and fingerprints only */
    @Override
    public String toString() {
        return "SettableTokenSource[" + description + ", " + tokens.get() + "]";
    }
}
