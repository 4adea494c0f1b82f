package io.github.redisauth.internal;

import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;

/** Always the same tokens. */
public final class FixedTokenSource implements TokenSource {

    private final TokenSet tokens;

    public FixedTokenSource(TokenSet tokens) {
        this.tokens = tokens;
    }

    @Override
    public TokenSet fetch() {
        return tokens;
    }

    @Override
    public String description() {
        return "fixed" + tokens.toString().substring("TokenSet".length());
    }

    @Override
    public String toString() {
        return "TokenSource[" + description() + "]";
    }
}
