package io.github.redisauth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ordered AUTH token candidates a client may try, most preferred first: typically the current
 * token, then a pending one, then the previous one. At most {@value #MAX_CANDIDATES} candidates;
 * a value that appears twice is kept once, at its first position (with its first label).
 *
 * <p>An empty set means "no token known": a client then connects without AUTH.
 *
 * <p>Instances are immutable and thread-safe; {@link #toString()} shows labels and fingerprints only.
 */
public final class TokenSet {

    /** The most candidates a set holds: current, pending and previous. */
    public static final int MAX_CANDIDATES = 3;

    private static final TokenSet EMPTY = new TokenSet(List.of());

    private final List<AuthToken> candidates;

    private TokenSet(List<AuthToken> candidates) {
        this.candidates = candidates;
    }

    /** @return a set with no candidates */
    public static TokenSet empty() {
        return EMPTY;
    }

    /**
     * Creates a set from candidates in order of preference, dropping repeated values.
     *
     * @param candidates most preferred first
     * @return the set
     * @throws NullPointerException if an element is null
     * @throws IllegalArgumentException if more than {@value #MAX_CANDIDATES} distinct values remain
     */
    public static TokenSet of(AuthToken... candidates) {
        return of(List.of(candidates));
    }

    /**
     * Creates a set from candidates in order of preference, dropping repeated values.
     *
     * @param candidates most preferred first; no null elements
     * @return the set
     * @throws NullPointerException if the list or an element is null
     * @throws IllegalArgumentException if more than {@value #MAX_CANDIDATES} distinct values remain
     */
    public static TokenSet of(List<AuthToken> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        LinkedHashSet<AuthToken> distinct = new LinkedHashSet<>();
        for (AuthToken token : candidates) {
            distinct.add(Objects.requireNonNull(token, "candidate token"));
        }
        if (distinct.size() > MAX_CANDIDATES) {
            throw new IllegalArgumentException("TokenSet holds at most " + MAX_CANDIDATES
                    + " distinct tokens (current, pending, previous), got " + distinct.size() + ": " + describe(distinct));
        }
        return distinct.isEmpty() ? EMPTY : new TokenSet(Collections.unmodifiableList(new ArrayList<>(distinct)));
    }

    /** @return the candidates, most preferred first; unmodifiable */
    public List<AuthToken> candidates() {
        return candidates;
    }

    /** @return the most preferred candidate, or empty when the set is empty */
    public Optional<AuthToken> preferred() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /** @return how many candidates the set holds */
    public int size() {
        return candidates.size();
    }

    /** @return true when there is no candidate */
    public boolean isEmpty() {
        return candidates.isEmpty();
    }

    /**
     * @param token a token
     * @return true when a candidate has the same value
     */
    public boolean contains(AuthToken token) {
        return candidates.contains(token);
    }

    /** Equal when the same values are in the same order; labels are ignored. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TokenSet set && candidates.equals(set.candidates);
    }

    @Override
    public int hashCode() {
        return candidates.hashCode();
    }

    /** @return e.g. {@code TokenSet[AWSCURRENT#3f9a0c1e, AWSPREVIOUS#77b01d2e]} */
    @Override
    public String toString() {
        return "TokenSet" + describe(candidates);
    }

    static String describe(java.util.Collection<AuthToken> tokens) {
        return tokens.stream().map(t -> t.label() + "#" + t.fingerprint()).collect(Collectors.joining(", ", "[", "]"));
    }
}
