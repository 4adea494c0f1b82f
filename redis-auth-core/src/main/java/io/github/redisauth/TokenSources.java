package io.github.redisauth;

import io.github.redisauth.internal.EnvironmentTokenSource;
import io.github.redisauth.internal.FileTokenSource;
import io.github.redisauth.internal.FixedTokenSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Factories for the built-in {@link TokenSource}s. Every source returned is thread-safe.
 */
public final class TokenSources {

    /** The conventional environment variable for the token. */
    public static final String DEFAULT_ENVIRONMENT_VARIABLE = "REDIS_AUTH_TOKEN";

    /** Suffix of the variable holding the previous token during a rotation. */
    public static final String PREVIOUS_SUFFIX = "_PREVIOUS";

    private TokenSources() {
    }

    /**
     * A source that always returns the given tokens, most preferred first.
     *
     * @param tokens the candidates (at most {@value TokenSet#MAX_CANDIDATES} distinct values)
     * @return the source
     * @throws IllegalArgumentException if more than {@value TokenSet#MAX_CANDIDATES} distinct values are given
     */
    public static TokenSource fixed(AuthToken... tokens) {
        return new FixedTokenSource(TokenSet.of(List.of(tokens)));
    }

    /**
     * A source whose tokens the caller replaces with {@link SettableTokenSource#set(AuthToken...)},
     * e.g. from its own secret fetcher or a configuration listener. It starts with {@code initial}
     * (empty when none is given) and is described as {@value SettableTokenSource#DEFAULT_DESCRIPTION};
     * {@link SettableTokenSource#of(String, AuthToken...)} takes another description.
     *
     * @param initial the first candidates, most preferred first (at most {@value TokenSet#MAX_CANDIDATES}
     *     distinct values)
     * @return the source
     * @throws IllegalArgumentException if more than {@value TokenSet#MAX_CANDIDATES} distinct values are given
     */
    public static SettableTokenSource settable(AuthToken... initial) {
        return SettableTokenSource.of(initial);
    }

    /**
     * A source that reads {@code variable} (preferred, label {@code env:VARIABLE}) and, when set and not
     * empty, {@code VARIABLE_PREVIOUS} (label {@code env:VARIABLE_PREVIOUS}). The variables are read on
     * every {@link TokenSource#fetch()}.
     *
     * @param variable the variable name, e.g. {@value #DEFAULT_ENVIRONMENT_VARIABLE}
     * @return the source; its {@code fetch()} throws {@link TokenSourceException} when the variable is
     *     unset or empty
     */
    public static TokenSource environment(String variable) {
        return environment(variable, System::getenv);
    }

    /**
     * As {@link #environment(String)}, reading variables through {@code lookup} (for tests, or a
     * configuration system that mirrors the environment).
     *
     * @param variable the variable name
     * @param lookup returns a variable's value, or null when unset
     * @return the source
     */
    public static TokenSource environment(String variable, UnaryOperator<String> lookup) {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(lookup, "lookup");
        if (variable.isBlank()) {
            throw new IllegalArgumentException("environment variable name must not be blank");
        }
        return new EnvironmentTokenSource(variable, lookup);
    }

    /**
     * A source that reads tokens from a file, one a line, the first line preferred; trailing CR/LF
     * are stripped and blank lines skipped. The file is read again when its modification time,
     * size or identity changes (checked on every fetch), so an operator or a secrets agent can
     * rewrite it during a rotation. Labels are {@code file:PATH#LINE}.
     *
     * @param file the file; it need not exist yet, but {@code fetch()} fails while it does not
     * @return the source; its {@code fetch()} throws {@link TokenSourceException} when the file is
     *     missing, unreadable, empty or holds more than {@value TokenSet#MAX_CANDIDATES} tokens
     */
    public static TokenSource file(Path file) {
        return new FileTokenSource(Objects.requireNonNull(file, "file"));
    }

    /**
     * Wraps {@code source} in a {@link CachingTokenSource} with the default settings: refresh every
     * 5 minutes (with jitter), one read for many concurrent callers, the last good set served while
     * the source fails, at most one forced refresh per 10 s. Closing it closes {@code source}.
     *
     * @param source the source to cache
     * @return the caching source
     */
    public static CachingTokenSource cached(TokenSource source) {
        return CachingTokenSource.builder(source).build();
    }
}
