package io.github.redisauth.jedis;

import io.github.redisauth.AuthToken;
import io.github.redisauth.TokenSet;
import io.github.redisauth.TokenSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A token source the test controls, as a secrets store during a rotation. */
final class MutableTokenSource implements TokenSource {

    private final AtomicReference<TokenSet> tokens = new AtomicReference<>(TokenSet.empty());
    final AtomicInteger refreshes = new AtomicInteger();

    MutableTokenSource set(AuthToken... candidates) {
        tokens.set(TokenSet.of(candidates));
        return this;
    }

    @Override
    public TokenSet fetch() {
        return tokens.get();
    }

    @Override
    public TokenSet refresh() {
        refreshes.incrementAndGet();
        return tokens.get();
    }

    @Override
    public String description() {
        return "test:mutable";
    }
}
