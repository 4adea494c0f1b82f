package io.github.redisauth.internal;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import io.github.redisauth.TokenSourceException;
import io.github.redisauth.TokenSources;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@code VAR}, then {@code VAR_PREVIOUS} when set. */
public final class EnvironmentTokenSource implements TokenSource {

    private final String variable;
    private final String previousVariable;
    private final UnaryOperator<String> lookup;

    public EnvironmentTokenSource(String variable, UnaryOperator<String> lookup) {
        this.variable = variable;
        this.previousVariable = variable + TokenSources.PREVIOUS_SUFFIX;
        this.lookup = lookup;
    }

    @Override
    public TokenSet fetch() {
        String current = lookup.apply(variable);
        if (current == null) {
            throw new TokenSourceException("environment variable " + variable + " is not set: export it with the Redis AUTH token");
        }
        if (current.isEmpty()) {
            throw new TokenSourceException("environment variable " + variable + " is empty: it must hold the Redis AUTH token");
        }
        List<AuthToken> tokens = new ArrayList<>(2);
        tokens.add(AuthToken.of("env:" + variable, current));
        String previous = lookup.apply(previousVariable);
        if (previous != null && !previous.isEmpty()) {
            tokens.add(AuthToken.of("env:" + previousVariable, previous));
        }
        return TokenSet.of(tokens);
    }

    @Override
    public String description() {
        return "env:" + variable;
    }

    @Override
    public String toString() {
        return "TokenSource[" + description() + "]";
    }
}
