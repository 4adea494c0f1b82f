package io.github.redisauth.lettuce;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import java.util.concurrent.atomic.AtomicInteger;

/** A token source the test rewrites, as Secrets Manager would during a rotation. */
final class MutableTokenSource implements TokenSource {

    private volatile TokenSet tokens;
    final AtomicInteger refreshes = new AtomicInteger();

    MutableTokenSource(AuthToken... tokens) {
        this.tokens = TokenSet.of(tokens);
    }

    void set(AuthToken... tokens) {
        this.tokens = TokenSet.of(tokens);
    }

    @Override
    public TokenSet fetch() {
        return tokens;
    }

    @Override
    public TokenSet refresh() {
        refreshes.incrementAndGet();
        return tokens;
    }

    @Override
    public String description() {
        return "test:mutable";
    }
}
